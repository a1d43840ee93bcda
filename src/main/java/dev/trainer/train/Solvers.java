package dev.trainer.train;

import dev.trainer.config.Config;
import dev.trainer.config.Settings;
import dev.trainer.layer.Net;
import dev.trainer.solver.Adam;
import dev.trainer.solver.LrPolicies;
import dev.trainer.solver.LrPolicy;
import dev.trainer.solver.Sgd;
import dev.trainer.solver.Solver;

/** The {@code [solver]} section made into a {@link Solver} over a net's parameters. */
public final class Solvers {
  private Solvers() {}

  /**
   * SGD, Nesterov, Adam or AdamW ({@code type}) with the configured rate policy; epochs in the
   * policy count {@code itersPerEpoch}.
   */
  public static Solver create(Config config, Net net, int itersPerEpoch) {
    Settings s = config.solver();
    LrPolicy policy = LrPolicies.create(s, itersPerEpoch, config.sources().get(0));
    String type = s.string("type");
    if (type.startsWith("adam")) {
      return new Adam(net.params(), policy, s.real("momentum"), s.real("momentum2"), s.real("delta"),
          s.real("weight_decay"), type.equals("adamw"), s.real("clip_gradients"));
    }
    return new Sgd(net.params(), policy, s.real("momentum"), s.real("weight_decay"), type.equals("nesterov"),
        s.real("clip_gradients"));
  }
}
