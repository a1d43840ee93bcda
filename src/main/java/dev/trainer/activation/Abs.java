package dev.trainer.activation;

/**
 * Absolute-value rectification (Jarrett, Kavukcuoglu, Ranzato &amp; LeCun, ICCV 2009).
 *
 * <pre>
 *   y     = |x|
 *   dy/dx = sgn(x)      (0 at x = 0)
 * </pre>
 */
public final class Abs extends ElementwiseActivation {

  @Override
  protected void apply(float[] x, float[] y, int from, int to) {
    for (int i = from; i < to; i++) y[i] = Math.abs(x[i]);
  }

  @Override
  protected void gradient(float[] x, float[] y, float[] dy, float[] dx, int from, int to) {
    VectorLoops.signGradient(x, dy, dx, from, to);
  }
}
