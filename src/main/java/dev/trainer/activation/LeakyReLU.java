package dev.trainer.activation;

/**
 * Leaky ReLU (Maas, Hannun &amp; Ng, ICML 2013 workshop) with a fixed negative slope a
 * (default 0.01; Xu et al. 2015 also study a = 1/5.5).
 *
 * <pre>
 *   y     = x          (x &gt; 0)
 *         = a·x        (x ≤ 0)
 *   dy/dx = 1 or a
 * </pre>
 */
public final class LeakyReLU extends ElementwiseActivation {
  private final float slope;

  public LeakyReLU(float slope) {
    this.slope = slope;
  }

  @Override
  public double heSlope() {
    return slope;
  }

  @Override
  protected void apply(float[] x, float[] y, int from, int to) {
    float a = slope;
    for (int i = from; i < to; i++) y[i] = Math.max(x[i], 0f) + a * Math.min(x[i], 0f);
  }

  @Override
  protected void gradient(float[] x, float[] y, float[] dy, float[] dx, int from, int to) {
    VectorLoops.leakyGradient(x, dy, dx, slope, from, to);
  }
}
