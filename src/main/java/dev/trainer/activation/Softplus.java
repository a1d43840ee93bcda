package dev.trainer.activation;

/**
 * Softplus (Dugas et al., NIPS 2000; Glorot, Bordes &amp; Bengio, AISTATS 2011), computed in the
 * overflow-free form.
 *
 * <pre>
 *   y     = ln(1 + e^x) = max(x, 0) + ln(1 + e^(−|x|))
 *   dy/dx = sigmoid(x)
 * </pre>
 */
public final class Softplus extends ElementwiseActivation {

  @Override
  protected void apply(float[] x, float[] y, int from, int to) {
    for (int i = from; i < to; i++) {
      float v = x[i];
      y[i] = (float) (Math.max(v, 0f) + Math.log1p(Math.exp(-Math.abs(v))));
    }
  }

  @Override
  protected void gradient(float[] x, float[] y, float[] dy, float[] dx, int from, int to) {
    for (int i = from; i < to; i++) dx[i] = dy[i] * Sigmoid.sigmoid(x[i]);
  }
}
