package dev.trainer.data;

/**
 * Global contrast normalisation of each example on its own (Goodfellow et al. 2013, Maxout;
 * pylearn2 {@code global_contrast_normalize}):
 *
 * <pre>
 *   x ← x − mean(x)                      (mean over the D values of this example)
 *   n = sqrt(sqrt_bias + Σ x²) / scale
 *   x ← x / n                            (n &lt; 1e-8 → n = 1, a constant image stays 0)
 * </pre>
 *
 * With the Maxout/NIN CIFAR-10 constants ({@link #maxout()}: scale = 55, sqrt_bias = 0, the norm
 * and not the standard deviation, as in pylearn2's {@code CIFAR10(gcn=55.)} used by
 * {@code make_cifar10_gcn_whitened.py}) every example ends with L2 norm 55. With sqrt_bias = 0 the
 * result does not depend on the pixel scale, so pixels in [0, 1] give the same values as pylearn2's
 * [0, 255]. Nothing is fitted.
 */
public final class GlobalContrastNormalization implements Preprocessor {
  static final double MIN_DIVISOR = 1e-8;
  private final double scale;
  private final double sqrtBias;

  public GlobalContrastNormalization(double scale, double sqrtBias) {
    this.scale = scale;
    this.sqrtBias = sqrtBias;
  }

  /** scale = 55, sqrt_bias = 0: the constants of the Maxout and NIN CIFAR-10 preprocessing. */
  public static GlobalContrastNormalization maxout() {
    return new GlobalContrastNormalization(55, 0);
  }

  @Override
  public void fit(Dataset train) {
    // Per-example: nothing to estimate.
  }

  @Override
  public void apply(Dataset data) {
    int d = data.shape().size();
    float[] x = data.images;
    for (int i = 0; i < data.size(); i++) {
      int off = i * d;
      double sum = 0;
      for (int j = 0; j < d; j++) sum += x[off + j];
      float mean = (float) (sum / d);
      double sq = 0;
      for (int j = 0; j < d; j++) {
        float v = x[off + j] - mean;
        x[off + j] = v;
        sq += (double) v * v;
      }
      double n = Math.sqrt(sqrtBias + sq) / scale;
      float inv = (float) (1 / (n < MIN_DIVISOR ? 1 : n));
      for (int j = 0; j < d; j++) x[off + j] *= inv;
    }
  }

  @Override
  public String describe() {
    return "gcn scale=" + scale + " sqrt_bias=" + sqrtBias;
  }
}
