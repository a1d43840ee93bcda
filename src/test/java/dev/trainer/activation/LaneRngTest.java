package dev.trainer.activation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The noise generator of the stochastic activations draws the distributions it promises. */
class LaneRngTest {
  private static final int N = 1 << 16;

  private static float[] draw(boolean gaussian, boolean abs, long seed) {
    LaneRng rng = new LaneRng();
    rng.seed(seed);
    float[] out = new float[N];
    float[] chunk = new float[2048];
    for (int i = 0; i < N; i += chunk.length) {
      if (gaussian) {
        rng.gaussians(chunk, chunk.length, abs);
      } else {
        rng.uniforms(chunk, chunk.length);
      }
      System.arraycopy(chunk, 0, out, i, chunk.length);
    }
    return out;
  }

  /** Largest gap between the empirical CDF of {@code v} and {@code cdf}. */
  private static double kolmogorovSmirnov(float[] v, java.util.function.DoubleUnaryOperator cdf) {
    float[] s = v.clone();
    Arrays.sort(s);
    double d = 0;
    for (int i = 0; i < s.length; i++) {
      double f = cdf.applyAsDouble(s[i]);
      d = Math.max(d, Math.max(Math.abs(f - (double) i / s.length), Math.abs(f - (double) (i + 1) / s.length)));
    }
    return d;
  }

  /** Φ(z) by Abramowitz &amp; Stegun 7.1.26 (error below 1.5e-7). */
  private static double normalCdf(double z) {
    double x = Math.abs(z) / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * x);
    double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
        * Math.exp(-x * x);
    return 0.5 * (1 + Math.copySign(erf, z));
  }

  // 1.63 / sqrt(N): the Kolmogorov–Smirnov bound at the 1 % level
  private static final double KS_BOUND = 1.63 / Math.sqrt(N);

  @Test
  void uniformsAreUniformOnZeroOne() {
    float[] u = draw(false, false, 1);
    for (float v : u) assertTrue(v >= 0 && v < 1, "uniform " + v);
    assertTrue(kolmogorovSmirnov(u, x -> x) < KS_BOUND);
  }

  @Test
  void gaussiansAreStandardNormal() {
    float[] z = draw(true, false, 2);
    assertTrue(kolmogorovSmirnov(z, LaneRngTest::normalCdf) < KS_BOUND);
    double mean = 0;
    double square = 0;
    for (float v : z) {
      mean += v / (double) N;
      square += v * (double) v / N;
    }
    assertEquals(0, mean, 0.02);
    assertEquals(1, square, 0.03);
  }

  @Test
  void halfNormalsAreAbsoluteStandardNormals() {
    float[] z = draw(true, true, 3);
    for (float v : z) assertTrue(v >= 0, "half-normal " + v);
    assertTrue(kolmogorovSmirnov(z, x -> 2 * normalCdf(x) - 1) < KS_BOUND);
  }

  /** Both values of a pair are used: the second halves of a chunk are normal too, and uncorrelated with the first. */
  @Test
  void pairedValuesAreUncorrelated() {
    float[] z = draw(true, false, 4);
    double product = 0;
    for (int i = 0; i < N; i += 2048) {
      for (int j = 0; j < 1024; j++) product += z[i + j] * (double) z[i + 1024 + j] / (N / 2.0);
    }
    assertEquals(0, product, 0.03);
  }

  @Test
  void theSameSeedGivesTheSameNoise() {
    assertArrayEquals(draw(true, false, 5), draw(true, false, 5));
    assertTrue(!Arrays.equals(draw(true, false, 5), draw(true, false, 6)));
  }
}
