package dev.trainer.activation;

/**
 * Hyperbolic tangent.
 *
 * <pre>
 *   y     = tanh(x)
 *   dy/dx = 1 − y²
 * </pre>
 */
public final class Tanh extends ElementwiseActivation {

  @Override
  protected void apply(float[] x, float[] y, int from, int to) {
    VectorLoops.tanh(x, y, from, to);
  }

  @Override
  protected void gradient(float[] x, float[] y, float[] dy, float[] dx, int from, int to) {
    for (int i = from; i < to; i++) dx[i] = dy[i] * (1 - y[i] * y[i]);
  }
}
