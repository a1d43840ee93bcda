package dev.trainer.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.config.ConfigException;
import dev.trainer.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each policy against numbers computed by hand from the formulas in caffe.proto (base_lr 0.01). */
class LrPolicyTest {
  private static final double EPS = 1e-12;

  @Test
  void fixed() {
    LrPolicy p = new LrPolicy.Fixed(0.01);
    assertEquals(0.01, p.rate(0), EPS);
    assertEquals(0.01, p.rate(123456), EPS);
  }

  @Test
  void step() {
    LrPolicy p = new LrPolicy.Step(0.01, 0.1, 100);
    assertEquals(0.01, p.rate(0), EPS);
    assertEquals(0.01, p.rate(99), EPS);
    assertEquals(0.001, p.rate(100), EPS);
    assertEquals(0.0001, p.rate(250), EPS);
  }

  @Test
  void multistep() {
    LrPolicy p = new LrPolicy.MultiStep(0.01, 0.1, new int[] {100, 300});
    assertEquals(0.01, p.rate(99), EPS);
    assertEquals(0.001, p.rate(100), EPS);
    assertEquals(0.001, p.rate(299), EPS);
    assertEquals(0.0001, p.rate(300), EPS);
    assertEquals(0.0001, p.rate(100000), EPS);
    assertThrows(IllegalArgumentException.class, () -> new LrPolicy.MultiStep(0.01, 0.1, new int[] {300, 100}));
  }

  @Test
  void exp() {
    LrPolicy p = new LrPolicy.Exp(0.01, 0.99);
    assertEquals(0.01, p.rate(0), EPS);
    assertEquals(0.009801, p.rate(2), EPS);
  }

  /** 0.01 · (1 + 1e-4 · 10000)^−0.75 = 0.01 · 2^−0.75 = 0.005946035575. */
  @Test
  void inv() {
    LrPolicy p = new LrPolicy.Inv(0.01, 1e-4, 0.75);
    assertEquals(0.01, p.rate(0), EPS);
    assertEquals(0.005946035575, p.rate(10000), 1e-12);
  }

  @Test
  void poly() {
    LrPolicy p = new LrPolicy.Poly(0.01, 2, 1000);
    assertEquals(0.01, p.rate(0), EPS);
    assertEquals(0.0025, p.rate(500), EPS);
    assertEquals(0, p.rate(1000), EPS);
  }

  /** 0.01 / (1 + e^5) = 6.692850924e-5 at iter 0; half the base at stepsize. */
  @Test
  void sigmoid() {
    LrPolicy p = new LrPolicy.Sigmoid(0.01, 0.01, 500);
    assertEquals(6.692850924e-5, p.rate(0), 1e-13);
    assertEquals(0.005, p.rate(500), EPS);
  }

  @Test
  void stepsInEpochsBecomeIterations() {
    assertEquals(350, StepUnit.EPOCH.iterations(3.5, 100));
    assertEquals(7, StepUnit.ITER.iterations(7, 100));
    Settings s = Settings.of(LrPolicies.OPTIONS, Map.of("lr_policy", "multistep", "base_lr", "0.1",
        "stepvalue", "2, 3.5", "step_unit", "epoch"));
    LrPolicy p = LrPolicies.create(s, 100, "solver");
    assertEquals(new LrPolicy.MultiStep(0.1, 0.1, new int[] {200, 350}), p);
    assertEquals(0.01, p.rate(349), EPS);
    assertEquals(0.001, p.rate(350), EPS);
  }

  @Test
  void everyNameBuildsAndBadCombinationsAreConfigErrors() {
    for (String name : LrPolicies.OPTIONS.get(1).choices()) {
      LrPolicy p = LrPolicies.create(Settings.of(LrPolicies.OPTIONS, Map.of("lr_policy", name)), 100, "solver");
      assertTrue(p.rate(0) >= 0 && p.rate(0) <= 0.01, name + " " + p.rate(0));
    }
    Settings tiny = Settings.of(LrPolicies.OPTIONS, Map.of("lr_policy", "step", "stepsize", "0.001", "step_unit", "epoch"));
    ConfigException e = assertThrows(ConfigException.class, () -> LrPolicies.create(tiny, 100, "a.conf [solver]"));
    assertTrue(e.getMessage().startsWith("a.conf [solver]: lr_policy step: stepsize must be > 0"), e.getMessage());
  }
}
