package dev.trainer.activation;

/**
 * Sigmoid-weighted linear unit (Elfwing, Uchibe &amp; Doya, "Sigmoid-Weighted Linear Units for
 * Neural Network Function Approximation in Reinforcement Learning", arXiv 1702.03118, 2017), later
 * found by search as Swish with β = 1 (Ramachandran et al. 2017); the name PyTorch uses.
 *
 * <pre>
 *   s     = sigmoid(x),   y = x·s
 *   dy/dx = s·(1 + x·(1 − s))
 * </pre>
 *
 * The same vector loops as {@link Swish} at β = 1, without a parameter.
 *
 * <p>Initialization: no gain of its own (not positively homogeneous); {@code msra} and
 * {@code taylor} use ReLU's (slope 0). For z ~ N(0, 1), E[silu(z)²] ≈ 0.356.
 */
public final class SiLU extends ElementwiseActivation {

  @Override
  protected void apply(float[] x, float[] y, int from, int to) {
    VectorLoops.swish(x, y, 1f, from, to);
  }

  @Override
  protected void gradient(float[] x, float[] y, float[] dy, float[] dx, int from, int to) {
    VectorLoops.swishGradientAndBetaSum(x, dy, dx, 1f, from, to);
  }
}
