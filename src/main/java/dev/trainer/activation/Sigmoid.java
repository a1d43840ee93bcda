package dev.trainer.activation;

/**
 * Logistic sigmoid.
 *
 * <pre>
 *   y     = 1 / (1 + e^(−x))
 *   dy/dx = y·(1 − y)
 * </pre>
 */
public final class Sigmoid extends ElementwiseActivation {

  static float sigmoid(float x) {
    return (float) (1 / (1 + Math.exp(-x)));
  }

  @Override
  protected void apply(float[] x, float[] y, int from, int to) {
    for (int i = from; i < to; i++) y[i] = sigmoid(x[i]);
  }

  @Override
  protected void gradient(float[] x, float[] y, float[] dy, float[] dx, int from, int to) {
    for (int i = from; i < to; i++) dx[i] = dy[i] * y[i] * (1 - y[i]);
  }
}
