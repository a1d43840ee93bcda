package dev.trainer.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Cosine annealing (SGDR) and linear warm-up against values worked by hand. */
class CosineWarmupTest {
  private static final double EPS = 1e-12;

  /**
   * base 0.1, min 0.001, T_0 = 10, T_mult = 2: cycles [0, 10), [10, 30), [30, 70).
   * <pre>
   *   iter 0, 10, 30: cycle start, 0.1
   *   iter 5 (5/10), 20 (10/20), 50 (20/40): half way, 0.001 + 0.099·(1 + cos(π/2))/2 = 0.0505
   *   iter 29 (19/20): 0.001 + 0.099·(1 + cos(0.95π))/2 = 0.001 + 0.099·0.00615583 = 0.0016094272
   * </pre>
   */
  @Test
  void cosineWithRestartsAndAGrowingPeriod() {
    LrPolicy p = new LrPolicy.Cosine(0.1, 0.001, 10, 2, true);
    for (int iter : new int[] {0, 10, 30}) assertEquals(0.1, p.rate(iter), EPS, "restart at " + iter);
    for (int iter : new int[] {5, 20, 50}) assertEquals(0.0505, p.rate(iter), EPS, "half way at " + iter);
    assertEquals(0.0016094272, p.rate(29), 1e-10);
  }

  /** T_mult = 1: every cycle is 10 long; iter 15 is half way through the second, iter 20 restarts. */
  @Test
  void cosineWithAFixedPeriod() {
    LrPolicy p = new LrPolicy.Cosine(0.1, 0.001, 10, 1, true);
    assertEquals(0.0505, p.rate(15), EPS);
    assertEquals(0.1, p.rate(20), EPS);
  }

  /** One cycle of 100 without restarts: iter 25: 0.001 + 0.099·(1 + cos(π/4))/2 = 0.0855017857; min_lr from 100 on. */
  @Test
  void cosineOverTheRunStaysAtTheMinimumAfterIt() {
    LrPolicy p = new LrPolicy.Cosine(0.1, 0.001, 100, 1, false);
    assertEquals(0.0855017857, p.rate(25), 1e-10);
    assertEquals(0.001, p.rate(100), EPS);
    assertEquals(0.001, p.rate(150), EPS);
  }

  /** 5 warm-up iterations from factor 0.2 on a fixed 0.1: 0.02, 0.036 (0.2 + 0.8·1/5), ..., 0.084, then 0.1. */
  @Test
  void warmupRisesLinearlyToThePolicy() {
    LrPolicy p = new LrPolicy.Warmup(new LrPolicy.Fixed(0.1), 5, 0.2);
    assertEquals(0.02, p.rate(0), EPS);
    assertEquals(0.036, p.rate(1), EPS);
    assertEquals(0.084, p.rate(4), EPS);
    assertEquals(0.1, p.rate(5), EPS);
    assertEquals(0.1, p.rate(500), EPS);
  }

  /** The policy runs on the same clock: step 0.1 → 0.01 at iter 3, under a warm-up from 0 over 5: 0.006 at 3, 0.008 at 4. */
  @Test
  void warmupMultipliesAnyPolicyWithoutDelayingIt() {
    LrPolicy p = new LrPolicy.Warmup(new LrPolicy.Step(0.1, 0.1, 3), 5, 0);
    assertEquals(0, p.rate(0), EPS);
    assertEquals(0.1 * 0.4, p.rate(2), EPS);
    assertEquals(0.006, p.rate(3), EPS);
    assertEquals(0.008, p.rate(4), EPS);
    assertEquals(0.01, p.rate(5), EPS);
  }

  @Test
  void impossibleSchedulesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new LrPolicy.Cosine(0.1, 0, 0, 1, true));
    assertThrows(IllegalArgumentException.class, () -> new LrPolicy.Cosine(0.1, 0, 10, 0, true));
    assertThrows(IllegalArgumentException.class, () -> new LrPolicy.Warmup(new LrPolicy.Fixed(1), 0, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new LrPolicy.Warmup(new LrPolicy.Fixed(1), 5, 1.5));
  }
}
