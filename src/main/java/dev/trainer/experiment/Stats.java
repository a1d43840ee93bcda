package dev.trainer.experiment;

import java.util.Arrays;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * The statistics of a sweep over seeds, all at the 95 % level, two-sided. The quantiles come from
 * Apache Commons Statistics (Student t, normal, beta).
 *
 * <pre>
 *   sample of n values      mean x̄, sample std s (n − 1), CI  x̄ ± t(0.975, n − 1) · s/√n
 *   Welch (two samples)     d = x̄a − x̄b, se² = sa²/na + sb²/nb,
 *                           ν = se⁴ / ((sa²/na)²/(na − 1) + (sb²/nb)²/(nb − 1))   (Welch–Satterthwaite)
 *                           CI  d ± t(0.975, ν) · se
 *   paired (same seeds)     dᵢ = aᵢ − bᵢ, d = mean dᵢ, CI  d ± t(0.975, n − 1) · s_d/√n
 *   Clopper–Pearson         k of n: [B(0.025; k, n − k + 1), B(0.975; k + 1, n − k)],
 *                           B(p; a, b) the beta quantile; 0 for k = 0, 1 for k = n
 *   seeds for 80 % power    the smallest n ≥ 2 per grid point with (q(0.975) + q(0.8))² · v / d² ≤ n: the
 *                           normal approximation of a t test's power at difference d, with v = s_d²
 *                           paired, sa² + sb² unpaired (equal n on both sides); q the t quantiles at
 *                           df = n − 1 (paired) or 2(n − 1), which tend to z(0.975) + z(0.8) = 2.801585
 * </pre>
 */
public final class Stats {
  /** Two-sided level of every interval. */
  public static final double LEVEL = 0.95;
  /** Power aimed at by {@link #seedsFor}. */
  public static final double POWER = 0.8;

  private Stats() {}

  /** n values summarized: mean, sample std (n − 1; NaN for n < 2) and the 95 % CI half-width (NaN for n < 2). */
  public record Sample(int n, double mean, double std, double halfWidth) {
    public static Sample of(double[] values) {
      int n = values.length;
      double mean = n == 0 ? Double.NaN : Arrays.stream(values).sum() / n;
      if (n < 2) return new Sample(n, mean, Double.NaN, Double.NaN);
      double ss = 0;
      for (double v : values) ss += (v - mean) * (v - mean);
      double std = Math.sqrt(ss / (n - 1));
      return new Sample(n, mean, std, t(n - 1) * std / Math.sqrt(n));
    }

    public double variance() {
      return std * std;
    }
  }

  /**
   * A difference of means with its 95 % interval: the estimate, the interval, the degrees of
   * freedom of the t quantile, and the variance v of {@link #seedsFor} (NaN where n < 2 somewhere).
   */
  public record Difference(double estimate, double low, double high, double df, double variance, boolean paired) {}

  /** The two-sided 95 % t quantile t(0.975, df); df may be fractional (Welch). */
  public static double t(double df) {
    return t(1 - (1 - LEVEL) / 2, df);
  }

  /** The Student t quantile t(p, df). */
  public static double t(double p, double df) {
    return TDistribution.of(df).inverseCumulativeProbability(p);
  }

  /** The standard normal quantile z(p). */
  public static double z(double p) {
    return NormalDistribution.of(0, 1).inverseCumulativeProbability(p);
  }

  /** Welch's interval of mean(a) − mean(b); NaN bounds when either side has fewer than 2 values. */
  public static Difference welch(Sample a, Sample b) {
    double d = a.mean() - b.mean();
    if (a.n() < 2 || b.n() < 2) return new Difference(d, Double.NaN, Double.NaN, Double.NaN, Double.NaN, false);
    double va = a.variance() / a.n();
    double vb = b.variance() / b.n();
    double se = Math.sqrt(va + vb);
    if (se == 0) return new Difference(d, d, d, Double.POSITIVE_INFINITY, 0, false);
    double df = (va + vb) * (va + vb) / (va * va / (a.n() - 1) + vb * vb / (b.n() - 1));
    double h = t(df) * se;
    return new Difference(d, d - h, d + h, df, a.variance() + b.variance(), false);
  }

  /** The paired interval of mean(a − b) over equal-length a and b (a[i] and b[i] share a seed). */
  public static Difference paired(double[] a, double[] b) {
    if (a.length != b.length) throw new IllegalArgumentException("paired samples differ in length");
    double[] diff = new double[a.length];
    for (int i = 0; i < a.length; i++) diff[i] = a[i] - b[i];
    Sample s = Sample.of(diff);
    if (s.n() < 2) return new Difference(s.mean(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, true);
    return new Difference(s.mean(), s.mean() - s.halfWidth(), s.mean() + s.halfWidth(), s.n() - 1, s.variance(), true);
  }

  /** The exact (Clopper–Pearson) 95 % interval {low, high} of a rate from k successes in n trials. */
  public static double[] clopperPearson(int k, int n) {
    if (n < 1 || k < 0 || k > n) throw new IllegalArgumentException("k = " + k + ", n = " + n);
    double tail = (1 - LEVEL) / 2;
    double low = k == 0 ? 0 : BetaDistribution.of(k, n - k + 1).inverseCumulativeProbability(tail);
    double high = k == n ? 1 : BetaDistribution.of(k + 1, n - k).inverseCumulativeProbability(1 - tail);
    return new double[] {low, high};
  }

  /**
   * Seeds per grid point that would resolve a difference {@code d} with variance {@code v} (see
   * the class comment) with 80 % power at the 5 % level; at least 2; {@code Integer.MAX_VALUE}
   * when d = 0 (or beyond a million), 0 when unknown (v is NaN). The search starts from the pure
   * normal answer ⌈(z(0.975) + z(0.8))² v / d²⌉, which the t quantiles can only raise.
   */
  public static int seedsFor(double d, double v, boolean paired) {
    if (Double.isNaN(v) || Double.isNaN(d)) return 0;
    if (d == 0) return Integer.MAX_VALUE;
    double zz = z(1 - (1 - LEVEL) / 2) + z(POWER);
    double normal = Math.ceil(zz * zz * v / (d * d));
    if (normal > 1e6) return Integer.MAX_VALUE;
    for (int n = Math.max(2, (int) normal); ; n++) {
      double df = paired ? n - 1 : 2 * (n - 1);
      double q = t(1 - (1 - LEVEL) / 2, df) + t(POWER, df);
      if (q * q * v / (d * d) <= n) return n;
    }
  }
}
