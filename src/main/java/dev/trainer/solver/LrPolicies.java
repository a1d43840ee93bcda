package dev.trainer.solver;

import dev.trainer.config.ConfigException;
import dev.trainer.config.Option;
import dev.trainer.config.Settings;
import java.util.List;

/** The solver keys that choose a learning-rate policy (Caffe's names) and the factory reading them. */
public final class LrPolicies {
  public static final List<Option> OPTIONS = List.of(
      Option.real("base_lr", 0.01, "base learning rate").range(0, Double.POSITIVE_INFINITY),
      Option.choice("lr_policy", "fixed", "learning-rate policy (Caffe)",
          "fixed", "step", "multistep", "exp", "inv", "poly", "sigmoid"),
      Option.real("gamma", 0.1, "step/multistep/exp/inv (>= 0), sigmoid (< 0 decays): gamma"),
      Option.real("power", 1, "inv/poly: power"),
      Option.real("stepsize", 100000, "step/sigmoid: step size, in step_unit").range(0, Double.POSITIVE_INFINITY),
      Option.list("stepvalue", Option.Type.REAL_LIST, "", "multistep: increasing list of steps, in step_unit"),
      Option.choice("step_unit", "iter", "unit of stepsize and stepvalue", "iter", "epoch"),
      Option.integer("max_iter", 10000, "iterations to train; poly reaches 0 there").range(0, Integer.MAX_VALUE),
      Option.integer("max_epochs", 0, "epochs to train when max_iter is 0").range(0, Integer.MAX_VALUE));

  private LrPolicies() {}

  /**
   * The run length in iterations, by the trainer's rule: {@code max_iter}, or
   * {@code max_epochs · itersPerEpoch} when {@code max_iter} is 0 (at most 2^31 − 1, which the
   * trainer refuses to run); {@code poly} reaches 0 there.
   */
  public static int maxIter(Settings s, int itersPerEpoch) {
    if (s.integer("max_iter") > 0) return s.integer("max_iter");
    return (int) Math.min(Integer.MAX_VALUE, (long) s.integer("max_epochs") * itersPerEpoch);
  }

  /**
   * The policy written in {@code s} (keys of {@link #OPTIONS}); epochs become iterations with
   * {@code itersPerEpoch}, and the run length is {@link #maxIter}. An impossible combination is a
   * {@link ConfigException} at {@code where}.
   */
  public static LrPolicy create(Settings s, int itersPerEpoch, String where) {
    double base = s.real("base_lr");
    double gamma = s.real("gamma");
    StepUnit unit = StepUnit.of(s.string("step_unit"));
    try {
      return switch (s.string("lr_policy")) {
        case "fixed" -> new LrPolicy.Fixed(base);
        case "step" -> new LrPolicy.Step(base, gamma, unit.iterations(s.real("stepsize"), itersPerEpoch));
        case "multistep" -> new LrPolicy.MultiStep(base, gamma, iterations(s.reals("stepvalue"), unit, itersPerEpoch));
        case "exp" -> new LrPolicy.Exp(base, gamma);
        case "inv" -> new LrPolicy.Inv(base, gamma, s.real("power"));
        case "poly" -> new LrPolicy.Poly(base, s.real("power"), maxIter(s, itersPerEpoch));
        case "sigmoid" -> new LrPolicy.Sigmoid(base, gamma, unit.iterations(s.real("stepsize"), itersPerEpoch));
        default -> throw new IllegalStateException(s.string("lr_policy"));
      };
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where, "lr_policy " + s.string("lr_policy") + ": " + e.getMessage());
    }
  }

  private static int[] iterations(double[] values, StepUnit unit, int itersPerEpoch) {
    int[] iters = new int[values.length];
    for (int i = 0; i < values.length; i++) iters[i] = unit.iterations(values[i], itersPerEpoch);
    return iters;
  }
}
