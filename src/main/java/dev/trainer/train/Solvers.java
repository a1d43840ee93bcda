package dev.trainer.train;

import dev.trainer.config.Config;
import dev.trainer.config.Settings;
import dev.trainer.layer.Net;
import dev.trainer.solver.LrPolicies;
import dev.trainer.solver.Sgd;

/** The {@code [solver]} section made into an {@link Sgd} over a net's parameters. */
public final class Solvers {
  private Solvers() {}

  /** SGD (or Nesterov) with the configured rate policy; epochs in the policy count {@code itersPerEpoch}. */
  public static Sgd sgd(Config config, Net net, int itersPerEpoch) {
    Settings s = config.solver();
    return new Sgd(net.params(), LrPolicies.create(s, itersPerEpoch, config.sources().get(0)), s.real("momentum"),
        s.real("weight_decay"), s.string("type").equals("nesterov"), s.real("clip_gradients"));
  }
}
