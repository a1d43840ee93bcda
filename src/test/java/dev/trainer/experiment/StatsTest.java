package dev.trainer.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The statistics against values computed by hand (and from printed t tables). */
class StatsTest {
  @Test
  void tQuantilesMatchTheTables() {
    // Two-sided 95 % points of Student's t from the printed tables: t(0.975, 1) = 12.706205,
    // t(0.975, 2) = 4.302653, t(0.975, 4) = 2.776445; for large df the normal's 1.959964.
    assertEquals(12.706205, Stats.t(1), 1e-6);
    assertEquals(4.302653, Stats.t(2), 1e-6);
    assertEquals(2.776445, Stats.t(4), 1e-6);
    assertEquals(1.959964, Stats.t(1e9), 1e-6);
    assertEquals(1.959964, Stats.z(0.975), 1e-6);
    assertEquals(0.841621, Stats.z(0.8), 1e-6);
  }

  @Test
  void sampleMeanStdAndConfidenceInterval() {
    // {1, 2, 3}: mean 2, s² = (1 + 0 + 1)/2 = 1, half-width t(0.975, 2)·s/√3 = 4.302653/1.732051 = 2.484138.
    Stats.Sample s = Stats.Sample.of(new double[] {1, 2, 3});
    assertEquals(3, s.n());
    assertEquals(2, s.mean(), 1e-12);
    assertEquals(1, s.std(), 1e-12);
    assertEquals(2.484138, s.halfWidth(), 1e-6);
    Stats.Sample one = Stats.Sample.of(new double[] {5});
    assertEquals(5, one.mean());
    assertTrue(Double.isNaN(one.std()) && Double.isNaN(one.halfWidth()), "no spread from one value");
  }

  @Test
  void welchIntervalWithSatterthwaiteDegreesOfFreedom() {
    // a = {1, 2, 3} (mean 2, s² = 1), b = {4, 6, 8} (mean 6, s² = 4): d = -4,
    // se² = 1/3 + 4/3 = 5/3 (se = 1.290994), ν = (5/3)² / ((1/3)²/2 + (4/3)²/2) = (25/9)/(17/18) = 50/17 = 2.941176,
    // t(0.975, 50/17) = 3.218759 (scipy.stats.t.ppf), half-width 3.218759 · 1.290994 = 4.155400.
    Stats.Difference d = Stats.welch(Stats.Sample.of(new double[] {1, 2, 3}), Stats.Sample.of(new double[] {4, 6, 8}));
    assertEquals(-4, d.estimate(), 1e-12);
    assertEquals(50.0 / 17, d.df(), 1e-12);
    assertEquals(3.218759, Stats.t(50.0 / 17), 1e-6);
    assertEquals(-4 - 4.155400, d.low(), 1e-5);
    assertEquals(-4 + 4.155400, d.high(), 1e-5);
    assertEquals(5, d.variance(), 1e-12, "sa² + sb² for the power calculation");
  }

  @Test
  void pairedIntervalOverTheDifferences() {
    // a - b = {-1, -0.5, -1.5}: mean -1, s_d = 0.5, half-width 4.302653 · 0.5/√3 = 1.242069.
    Stats.Difference d = Stats.paired(new double[] {10, 12, 14}, new double[] {11, 12.5, 15.5});
    assertTrue(d.paired());
    assertEquals(-1, d.estimate(), 1e-12);
    assertEquals(2, d.df());
    assertEquals(-2.242069, d.low(), 1e-6);
    assertEquals(0.242069, d.high(), 1e-6);
  }

  @Test
  void clopperPearsonIntervals() {
    // k = n: [(α/2)^(1/n), 1]: 0.025^(1/3) = 0.292402; k = 0: [0, 1 - 0.025^(1/3)] = [0, 0.707598];
    // 1 of 2: [1 - √0.975, √0.975] = [0.012579, 0.987421].
    assertArrayEquals(new double[] {0.292402, 1}, Stats.clopperPearson(3, 3), 1e-6);
    assertArrayEquals(new double[] {0, 0.707598}, Stats.clopperPearson(0, 3), 1e-6);
    assertArrayEquals(new double[] {0.012579, 0.987421}, Stats.clopperPearson(1, 2), 1e-6);
  }

  @Test
  void seedsForEightyPercentPower() {
    // The smallest n with (t(0.975, df) + t(0.8, df))² · v / d² <= n (t quantiles from scipy.stats.t.ppf):
    // paired, v = 0.25, d = 1 (normal: 7.848880 · 0.25 = 1.96 -> 2): df 3: (3.182446 + 0.978472)² · 0.25 = 4.33 > 4,
    // df 4: (2.776445 + 0.940965)² · 0.25 = 3.45 <= 5 -> 5.
    // Welch, v = 5, d = 4 (normal 2.45 -> 3): df 4: 13.819135 · 5/16 = 4.32 > 3; df 6: 3.51 <= 4 -> 4.
    assertEquals(5, Stats.seedsFor(-1, 0.25, true));
    assertEquals(4, Stats.seedsFor(-4, 5, false));
    assertEquals(34, Stats.seedsFor(0.5, 1, true), "normal 31.40 -> 32, t raises it to 34");
    assertEquals(Integer.MAX_VALUE, Stats.seedsFor(0, 1, true));
    assertEquals(0, Stats.seedsFor(1, Double.NaN, true), "unknown spread");
    // All n runs agree: Clopper-Pearson excludes 1/2 once 0.025^(1/n) > 1/2, i.e. n >= 6 (0.025^(1/5) = 0.478).
    assertEquals(6, ClaimCheck.seedsForRate(1, 3));
    assertEquals(Integer.MAX_VALUE, ClaimCheck.seedsForRate(0.5, 4));
  }
}
