package dev.trainer.activation;

/**
 * Hard sigmoid in the form of Gulcehre et al., "Noisy Activation Functions" (ICML 2016): the
 * first-order Taylor expansion of the sigmoid at 0, clipped to [0, 1]. (Other libraries use slope
 * 0.2 or 1/6 instead of 0.25.)
 *
 * <pre>
 *   y     = max(0, min(1, 0.25·x + 0.5))
 *   dy/dx = 0.25 for −2 &lt; x &lt; 2, else 0
 * </pre>
 */
public final class HardSigmoid extends ElementwiseActivation {

  @Override
  protected void apply(float[] x, float[] y, int from, int to) {
    for (int i = from; i < to; i++) y[i] = Math.max(0f, Math.min(1f, 0.25f * x[i] + 0.5f));
  }

  @Override
  protected void gradient(float[] x, float[] y, float[] dy, float[] dx, int from, int to) {
    VectorLoops.windowGradient(x, dy, dx, -2f, 2f, 0.25f, from, to);
  }
}
