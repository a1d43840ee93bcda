package dev.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.config.Config;
import dev.trainer.config.ConfigException;
import dev.trainer.layer.Net;
import dev.trainer.solver.LrPolicy;
import dev.trainer.tensor.Rng;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Solver keys read the way the trainer runs: the run length of max_epochs, sigmoid's sign of γ. */
class SolverKeysTest {
  /** quickstart.conf (max_epochs = 5, base_lr 0.05) with overrides, made into its policy at 100 iterations per epoch. */
  private static LrPolicy policy(String... overrides) {
    Config c = Config.load(Path.of("configs/quickstart.conf"), List.of(overrides));
    Net net = new NetBuilder().build(c.layers(), SyntheticData.inputShape(c), new Rng(1).stream("init"), line -> {});
    return Solvers.create(c, net, 100).policy();
  }

  @Test
  void polyRunsToTheEndOfMaxEpochs() {
    LrPolicy p = policy("solver.lr_policy=poly", "solver.power=1");
    assertEquals(new LrPolicy.Poly(0.05, 1, 500), p);
    assertEquals(0.025, p.rate(250), 1e-12);
    assertEquals(0, p.rate(500), 1e-12);
    assertEquals(0, p.rate(600), 0, "held at 0 past the end (trainer time steps there)");
  }

  @Test
  void polyWithMaxIterIgnoresTheEpochsItDoesNotUse() {
    assertEquals(new LrPolicy.Poly(0.05, 2, 300),
        policy("solver.lr_policy=poly", "solver.power=2", "solver.max_epochs=0", "solver.max_iter=300"));
  }

  /** Caffe's sigmoid decay: base_lr / (1 + e^(−γ(iter − stepsize))) with γ &lt; 0 falls through half the base at stepsize. */
  @Test
  void sigmoidWithNegativeGammaDecays() {
    LrPolicy p = policy("solver.lr_policy=sigmoid", "solver.gamma=-0.01", "solver.stepsize=200");
    assertEquals(0.05 / (1 + Math.exp(-2)), p.rate(0), 1e-12);
    assertEquals(0.025, p.rate(200), 1e-12);
    assertTrue(p.rate(499) < p.rate(300) && p.rate(300) < p.rate(100), "decays");
  }

  @Test
  void policiesThatPowerGammaRefuseANegativeOne() {
    for (String policy : new String[] {"step", "multistep", "exp", "inv"}) {
      ConfigException e = assertThrows(ConfigException.class,
          () -> policy("solver.lr_policy=" + policy, "solver.gamma=-0.5", "solver.stepsize=10", "solver.stepvalue=10"));
      assertTrue(e.getMessage().contains("lr_policy " + policy + ": gamma must be >= 0, got -0.5"), e.getMessage());
    }
  }

  /** quickstart runs 500 iterations: a cosine without a period is one cycle over them, after a warm-up. */
  @Test
  void cosineOverTheRunBehindAWarmup() {
    LrPolicy p = policy("solver.lr_policy=cosine", "solver.min_lr=0.001", "solver.warmup_iter=50",
        "solver.warmup_start_factor=0");
    assertEquals(new LrPolicy.Warmup(new LrPolicy.Cosine(0.05, 0.001, 500, 1, false), 50, 0), p);
    assertEquals(0, p.rate(0), 0);
    assertEquals(0.001, p.rate(500), 1e-12);
    assertEquals(new LrPolicy.Cosine(0.05, 0, 200, 2, true),
        policy("solver.lr_policy=cosine", "solver.cosine_period=2", "solver.step_unit=epoch", "solver.cosine_mult=2"));
  }

  @Test
  void badSchedulesAreOneLineErrorsNamingTheKey() {
    String[][] cases = {
        {"solver.warmup_iter = 600 is longer than the run (500 iterations)", "solver.warmup_iter=600"},
        {"solver.cosine_period = 0.001 epoch is 0 iterations", "solver.lr_policy=cosine", "solver.cosine_period=0.001",
            "solver.step_unit=epoch"},
        {"solver.min_lr = 0.1 is above base_lr = 0.05", "solver.lr_policy=cosine", "solver.min_lr=0.1"}};
    for (String[] c : cases) {
      String[] overrides = java.util.Arrays.copyOfRange(c, 1, c.length);
      ConfigException e = assertThrows(ConfigException.class, () -> policy(overrides));
      assertTrue(e.getMessage().startsWith("configs/quickstart.conf: " + c[0]), e.getMessage());
      assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
    ConfigException e = assertThrows(ConfigException.class, () -> policy("solver.cosine_period=-1"));
    assertTrue(e.getMessage().contains("cosine_period"), e.getMessage());
  }
}
