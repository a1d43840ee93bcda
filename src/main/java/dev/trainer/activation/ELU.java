package dev.trainer.activation;

/**
 * Exponential linear unit (Clevert, Unterthiner &amp; Hochreiter, ICLR 2016, arXiv 1511.07289);
 * α = 1 in all of the paper's experiments.
 *
 * <pre>
 *   y     = x                 (x &gt; 0)
 *         = α·(e^x − 1)       (x ≤ 0)
 *   dy/dx = 1                 (x &gt; 0)
 *         = y + α             (x ≤ 0)
 * </pre>
 *
 * Its Taylor slope at 0⁻ is α (MPELU paper's Taylor initialization with β = 1).
 */
public final class ELU extends ElementwiseActivation {
  private final float alpha;

  public ELU(float alpha) {
    this.alpha = alpha;
  }

  @Override
  public double taylorSlope() {
    return alpha;
  }

  /**
   * e^v − 1 in float precision, for the scalar tails of the vector loops (whose lanes use
   * {@link VectorMath#expm1}). Math.expm1 keeps the relative accuracy for every tiny v (Math.exp(v) − 1
   * in double gives 0 below |v| ≈ 1e−16); it is slower than Math.exp, but runs on a few elements only.
   */
  static float expMinusOne(float v) {
    return (float) Math.expm1(v);
  }

  @Override
  protected void apply(float[] x, float[] y, int from, int to) {
    VectorLoops.elu(x, y, alpha, 1f, from, to);
  }

  @Override
  protected void gradient(float[] x, float[] y, float[] dy, float[] dx, int from, int to) {
    VectorLoops.eluGradient(x, y, dy, dx, alpha, 1f, from, to);
  }
}
