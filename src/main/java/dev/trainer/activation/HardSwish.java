package dev.trainer.activation;

/**
 * Hard swish (Howard et al., "Searching for MobileNetV3", ICCV 2019, arXiv 1905.02244): Swish with
 * the sigmoid replaced by the piecewise linear ReLU6(x + 3)/6.
 *
 * <pre>
 *   y     = x·min(max(x + 3, 0), 6)/6
 *   dy/dx = 0              (x &lt; −3)
 *         = (2x + 3)/6     (−3 ≤ x ≤ 3)
 *         = 1              (x &gt; 3)
 * </pre>
 *
 * Kinks at ±3: the derivative jumps from 0 to −0.5 at −3 and from 1.5 to 1 at 3.
 *
 * <p>Initialization: no gain of its own; {@code msra} and {@code taylor} use ReLU's (slope 0). For
 * z ~ N(0, 1), E[hardswish(z)²] ≈ 0.332.
 */
public final class HardSwish extends ElementwiseActivation {

  @Override
  protected void apply(float[] x, float[] y, int from, int to) {
    for (int i = from; i < to; i++) y[i] = x[i] * Math.min(Math.max(x[i] + 3f, 0f), 6f) / 6f;
  }

  @Override
  protected void gradient(float[] x, float[] y, float[] dy, float[] dx, int from, int to) {
    for (int i = from; i < to; i++) {
      float v = x[i];
      float slope = v < -3f ? 0f : v > 3f ? 1f : (2f * v + 3f) / 6f;
      dx[i] = dy[i] * slope;
    }
  }
}
