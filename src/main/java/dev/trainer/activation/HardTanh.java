package dev.trainer.activation;

/**
 * Hard tanh (Collobert 2004; the saturating function of Gulcehre et al.'s noisy units).
 *
 * <pre>
 *   y     = max(−1, min(1, x))
 *   dy/dx = 1 for −1 &lt; x &lt; 1, else 0
 * </pre>
 */
public final class HardTanh extends ElementwiseActivation {

  @Override
  protected void apply(float[] x, float[] y, int from, int to) {
    for (int i = from; i < to; i++) y[i] = Math.max(-1f, Math.min(1f, x[i]));
  }

  @Override
  protected void gradient(float[] x, float[] y, float[] dy, float[] dx, int from, int to) {
    VectorLoops.windowGradient(x, dy, dx, -1f, 1f, 1f, from, to);
  }
}
