package dev.trainer.activation;

import org.apache.commons.numbers.gamma.Erfc;

/**
 * Gaussian error linear unit (Hendrycks &amp; Gimpel, "Gaussian Error Linear Units (GELUs)", arXiv
 * 1606.08415, 2016): the input weighted by the probability that a standard normal variable is
 * below it. Exact by default; {@code approximate = tanh} is the paper's tanh form (as PyTorch's
 * {@code GELU(approximate='tanh')}), within 5e-4 of the exact one everywhere.
 *
 * <pre>
 *   exact:  y = x·Φ(x),   Φ(x) = ½·erfc(−x/√2)
 *           dy/dx = Φ(x) + x·φ(x),   φ(x) = e^(−x²/2)/√(2π)
 *   tanh:   u = √(2/π)·(x + 0.044715·x³),   s = ½(1 + tanh u) = sigmoid(2u)
 *           y = x·s
 *           dy/dx = s + x·2s(1 − s)·√(2/π)·(1 + 3·0.044715·x²)
 * </pre>
 *
 * Φ is computed from erfc (Apache Commons Numbers, accurate to a few double ulp), so the tail
 * x·Φ(x) for negative x keeps its relative precision instead of rounding to 0 early; everything is
 * in double and rounded once to float.
 *
 * <p>Initialization: GELU has no gain of its own in He et al.'s sense (it is not positively
 * homogeneous); {@code msra} and {@code taylor} use ReLU's (slope 0, std √(2/n)), the common
 * practice. For z ~ N(0, 1), E[gelu(z)²] ≈ 0.425 against ReLU's 0.5, so activations shrink slowly
 * with depth under msra.
 */
public final class GELU extends ElementwiseActivation {
  private static final double SQRT_HALF = Math.sqrt(0.5);
  private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
  private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
  private static final double C = 0.044715;
  private final boolean tanh;

  /** @param tanh the tanh approximation instead of the exact x·Φ(x) */
  public GELU(boolean tanh) {
    this.tanh = tanh;
  }

  /** Φ(x), the standard normal CDF. */
  static double phi(double x) {
    return 0.5 * Erfc.value(-x * SQRT_HALF);
  }

  /** The tanh form's s = sigmoid(2u) = ½(1 + tanh u). */
  private static double tanhGate(double x) {
    return 1 / (1 + Math.exp(-2 * SQRT_2_OVER_PI * (x + C * x * x * x)));
  }

  @Override
  protected void apply(float[] x, float[] y, int from, int to) {
    if (tanh) {
      for (int i = from; i < to; i++) y[i] = (float) (x[i] * tanhGate(x[i]));
    } else {
      for (int i = from; i < to; i++) y[i] = (float) (x[i] * phi(x[i]));
    }
  }

  @Override
  protected void gradient(float[] x, float[] y, float[] dy, float[] dx, int from, int to) {
    for (int i = from; i < to; i++) {
      double v = x[i];
      double slope;
      if (tanh) {
        double s = tanhGate(v);
        slope = s + v * 2 * s * (1 - s) * SQRT_2_OVER_PI * (1 + 3 * C * v * v);
      } else {
        slope = phi(v) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v);
      }
      dx[i] = (float) (dy[i] * slope);
    }
  }
}
