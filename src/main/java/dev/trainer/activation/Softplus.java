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
    VectorLoops.softplus(x, y, from, to);
  }

  @Override
  protected void gradient(float[] x, float[] y, float[] dy, float[] dx, int from, int to) {
    VectorLoops.sigmoidTimes(x, dy, dx, from, to);
  }
}
