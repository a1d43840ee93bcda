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
    return Solvers.sgd(c, net, 100).policy();
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
}
