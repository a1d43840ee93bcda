package dev.trainer.activation;

/**
 * Mish (Misra, "Mish: A Self Regularized Non-Monotonic Activation Function", arXiv 1908.08681,
 * BMVC 2020).
 *
 * <pre>
 *   y     = x·tanh(softplus(x))
 *   dy/dx = tanh(sp) + x·sech²(sp)·sigmoid(x),   sp = softplus(x)
 * </pre>
 *
 * Computed without tanh, log or overflow: with e = e^x and n = e·(e + 2), tanh(ln(1 + e)) =
 * n/(n + 2), sech²(sp)·sigmoid(x) = 4e(1 + e)/(n + 2)², so
 *
 * <pre>
 *   y     = x·n/(n + 2)
 *   dy/dx = n/(n + 2) + 4x·e(1 + e)/(n + 2)²
 * </pre>
 *
 * in double, e taken at min(x, 20): above 20, n/(n + 2) is 1 in double (1 − 2e^(−2x) &lt; 1e−17),
 * so y = x exactly; for x → −∞ the ratio has no cancellation and y ≈ x·e^x keeps its relative
 * precision until it underflows. One exponential per element.
 *
 * <p>Initialization: no gain of its own; {@code msra} and {@code taylor} use ReLU's (slope 0). For
 * z ~ N(0, 1), E[mish(z)²] ≈ 0.452.
 */
public final class Mish extends ElementwiseActivation {

  /** mish(x) in double. */
  static double value(double x) {
    double e = Math.exp(Math.min(x, 20));
    double n = e * (e + 2);
    return x * n / (n + 2);
  }

  /** mish'(x) in double. */
  static double slope(double x) {
    double e = Math.exp(Math.min(x, 20));
    double n = e * (e + 2);
    double d = n + 2;
    return n / d + 4 * x * e * (1 + e) / (d * d);
  }

  @Override
  protected void apply(float[] x, float[] y, int from, int to) {
    for (int i = from; i < to; i++) y[i] = (float) value(x[i]);
  }

  @Override
  protected void gradient(float[] x, float[] y, float[] dy, float[] dx, int from, int to) {
    for (int i = from; i < to; i++) dx[i] = (float) (dy[i] * slope(x[i]));
  }
}
