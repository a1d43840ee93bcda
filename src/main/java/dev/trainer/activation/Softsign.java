package dev.trainer.activation;

/**
 * Softsign (Bergstra et al. 2009; studied by Glorot &amp; Bengio, AISTATS 2010): a tanh-like
 * function with polynomial instead of exponential saturation.
 *
 * <pre>
 *   y     = x / (1 + |x|)
 *   dy/dx = 1 / (1 + |x|)²
 * </pre>
 */
public final class Softsign extends ElementwiseActivation {

  @Override
  protected void apply(float[] x, float[] y, int from, int to) {
    for (int i = from; i < to; i++) y[i] = x[i] / (1 + Math.abs(x[i]));
  }

  @Override
  protected void gradient(float[] x, float[] y, float[] dy, float[] dx, int from, int to) {
    for (int i = from; i < to; i++) {
      float d = 1 + Math.abs(x[i]);
      dx[i] = dy[i] / (d * d);
    }
  }
}
