package dev.trainer.activation;

/**
 * Scaled exponential linear unit (Klambauer, Unterthiner, Mayr &amp; Hochreiter, "Self-Normalizing
 * Neural Networks", NeurIPS 2017, arXiv 1706.02515). λ and α are the paper's constants, chosen so
 * that inputs of mean 0 and variance 1 through weights of mean 0 and variance 1/n give outputs of
 * mean 0 and variance 1 (a stable fixed point): deep fully connected nets stay normalized without
 * batch norm.
 *
 * <pre>
 *   y     = λ·x                  (x &gt; 0)
 *         = λ·α·(e^x − 1)        (x ≤ 0)
 *   dy/dx = λ                    (x &gt; 0)
 *         = y + λ·α              (x ≤ 0)
 *   α = 1.6732632423543772,  λ = 1.0507009873554805
 * </pre>
 *
 * <p>Initialization: SELU needs Var[w] = 1/n ({@code init = lecun}). {@link #heSlope()} and
 * {@link #taylorSlope()} are 1, which is not the slope of its negative branch but its gain: He et
 * al.'s std = √(2/((1 + a²)·n)) comes from E[f(z)²] = ½(1 + a²) for z ~ N(0, 1), and SELU has
 * E[selu(z)²] = 1 at its fixed point, so a = 1 and {@code msra} and {@code taylor} give the same
 * N(0, 1/n) as {@code lecun}. (Taylor's first-order slope λα ≈ 1.76 would give Var = 0.49/n, and
 * PyTorch's 'selu' gain 3/4 gives 0.5625/n; both shrink the activations with depth.) Use
 * {@code alpha_dropout} rather than {@code dropout}, which breaks the fixed point.
 */
public final class SELU extends ElementwiseActivation {
  public static final double ALPHA = 1.6732632423543772;
  public static final double LAMBDA = 1.0507009873554805;
  private static final float LAMBDA_F = (float) LAMBDA;
  private static final float LAMBDA_ALPHA = (float) (LAMBDA * ALPHA);

  @Override
  public double heSlope() {
    return 1;
  }

  @Override
  public double taylorSlope() {
    return 1;
  }

  @Override
  protected void apply(float[] x, float[] y, int from, int to) {
    for (int i = from; i < to; i++) {
      float v = x[i];
      y[i] = v > 0 ? LAMBDA_F * v : LAMBDA_ALPHA * ELU.expMinusOne(v);
    }
  }

  @Override
  protected void gradient(float[] x, float[] y, float[] dy, float[] dx, int from, int to) {
    for (int i = from; i < to; i++) dx[i] = dy[i] * (x[i] > 0 ? LAMBDA_F : y[i] + LAMBDA_ALPHA);
  }
}
