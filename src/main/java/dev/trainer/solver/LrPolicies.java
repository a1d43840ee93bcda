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
          "fixed", "step", "multistep", "exp", "inv", "poly", "sigmoid", "cosine"),
      Option.real("gamma", 0.1, "step/multistep/exp/inv (>= 0), sigmoid (< 0 decays): gamma"),
      Option.real("power", 1, "inv/poly: power"),
      Option.real("stepsize", 100000, "step/sigmoid: step size, in step_unit").range(0, Double.POSITIVE_INFINITY),
      Option.list("stepvalue", Option.Type.REAL_LIST, "", "multistep: increasing list of steps, in step_unit"),
      Option.choice("step_unit", "iter", "unit of stepsize and stepvalue", "iter", "epoch"),
      Option.integer("max_iter", 10000, "iterations to train; poly reaches 0 there").range(0, Integer.MAX_VALUE),
      Option.integer("max_epochs", 0, "epochs to train when max_iter is 0").range(0, Integer.MAX_VALUE),
      Option.real("cosine_period", 0, "cosine: first cycle, in step_unit (0 = the whole run)").range(0, Double.POSITIVE_INFINITY),
      Option.integer("cosine_mult", 1, "cosine: cycle length multiplier").range(1, 1000),
      Option.real("min_lr", 0, "cosine: rate at the end of a cycle").range(0, Double.POSITIVE_INFINITY),
      Option.integer("warmup_iter", 0, "linear warm-up iterations (0 = off)").range(0, Integer.MAX_VALUE),
      Option.real("warmup_start_factor", 0.1, "warm-up: rate factor at iteration 0").range(0, 1));

  private LrPolicies() {}

  /**
   * The run length in iterations, by the trainer's rule: {@code max_iter}, or
   * {@code max_epochs · itersPerEpoch} when {@code max_iter} is 0 (at most 2^31 − 1, which the
   * trainer refuses to run); {@code poly} reaches 0 there.
   */
  public static int maxIter(Settings s, int itersPerEpoch) {
    return (int) Math.min(Integer.MAX_VALUE, runLength(s, itersPerEpoch));
  }

  /** The run's iterations: {@code max_iter}, else {@code max_epochs} epochs (a long: it may exceed an int). */
  public static long runLength(Settings s, int itersPerEpoch) {
    return s.integer("max_iter") > 0 ? s.integer("max_iter") : (long) s.integer("max_epochs") * itersPerEpoch;
  }

  /**
   * The policy written in {@code s} (keys of {@link #OPTIONS}), behind a linear warm-up when
   * {@code warmup_iter} &gt; 0; epochs become iterations with {@code itersPerEpoch}, and the run
   * length is {@link #maxIter}. An impossible combination is a one-line {@link ConfigException} at
   * {@code where} naming the key.
   */
  public static LrPolicy create(Settings s, int itersPerEpoch, String where) {
    LrPolicy policy = policy(s, itersPerEpoch, where);
    int warmup = s.integer("warmup_iter");
    if (warmup == 0) return policy;
    int run = maxIter(s, itersPerEpoch);
    if (run > 0 && warmup > run) {
      throw new ConfigException(where, "solver.warmup_iter = " + warmup + " is longer than the run (" + run
          + " iterations)");
    }
    return new LrPolicy.Warmup(policy, warmup, s.real("warmup_start_factor"));
  }

  private static LrPolicy policy(Settings s, int itersPerEpoch, String where) {
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
        case "cosine" -> cosine(s, unit, itersPerEpoch, where);
        default -> throw new IllegalStateException(s.string("lr_policy"));
      };
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where, "lr_policy " + s.string("lr_policy") + ": " + e.getMessage());
    }
  }

  /** Restarts every cosine_period (times cosine_mult each cycle), or one cycle over the run if it is 0. */
  private static LrPolicy cosine(Settings s, StepUnit unit, int itersPerEpoch, String where) {
    double base = s.real("base_lr");
    double min = s.real("min_lr");
    if (min > base) {
      throw new ConfigException(where, "solver.min_lr = " + Option.format(min) + " is above base_lr = " + Option.format(base));
    }
    if (s.real("cosine_period") == 0) {
      int run = maxIter(s, itersPerEpoch);
      if (run <= 0) throw new ConfigException(where, "lr_policy cosine: cosine_period = 0 (the whole run) needs max_iter or max_epochs");
      return new LrPolicy.Cosine(base, min, run, 1, false);
    }
    int period = unit.iterations(s.real("cosine_period"), itersPerEpoch);
    if (period <= 0) {
      throw new ConfigException(where, "solver.cosine_period = " + Option.format(s.real("cosine_period")) + " "
          + s.string("step_unit") + " is " + period + " iterations; the restart period must be > 0");
    }
    return new LrPolicy.Cosine(base, min, period, s.integer("cosine_mult"), true);
  }

  private static int[] iterations(double[] values, StepUnit unit, int itersPerEpoch) {
    int[] iters = new int[values.length];
    for (int i = 0; i < values.length; i++) iters[i] = unit.iterations(values[i], itersPerEpoch);
    return iters;
  }
}
