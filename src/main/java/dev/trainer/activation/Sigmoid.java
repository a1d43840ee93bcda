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

  @Override
  protected void apply(float[] x, float[] y, int from, int to) {
    VectorLoops.sigmoid(x, y, from, to);
  }

  @Override
  protected void gradient(float[] x, float[] y, float[] dy, float[] dx, int from, int to) {
    for (int i = from; i < to; i++) dx[i] = dy[i] * y[i] * (1 - y[i]);
  }
}
