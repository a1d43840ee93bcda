package dev.trainer.activation;

/**
 * Rectified linear unit (Nair &amp; Hinton, ICML 2010).
 *
 * <pre>
 *   y     = max(0, x)
 *   dy/dx = [x &gt; 0]
 * </pre>
 */
public final class ReLU extends ElementwiseActivation {

  @Override
  protected void apply(float[] x, float[] y, int from, int to) {
    for (int i = from; i < to; i++) y[i] = Math.max(x[i], 0f);
  }

  @Override
  protected void gradient(float[] x, float[] y, float[] dy, float[] dx, int from, int to) {
    VectorLoops.leakyGradient(x, dy, dx, 0f, from, to);
  }
}
