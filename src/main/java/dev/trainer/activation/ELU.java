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
   * e^v − 1 in float precision. Math.exp in double is a JIT intrinsic (Math.expm1 is not and is
   * several times slower), and the double subtraction keeps full float accuracy even for tiny v.
   */
  static float expMinusOne(float v) {
    return (float) (Math.exp(v) - 1);
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
