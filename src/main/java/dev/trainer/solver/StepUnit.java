package dev.trainer.solver;

import java.util.Locale;

/**
 * The unit of {@code stepsize} and {@code stepvalue} ({@code step_unit}): Caffe counts
 * iterations; PyTorch scripts usually count epochs. Epochs become iterations as
 * round(epochs · iterations per epoch).
 */
public enum StepUnit {
  ITER,
  EPOCH;

  public static StepUnit of(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** {@code value} in this unit as a number of iterations. */
  public int iterations(double value, int itersPerEpoch) {
    double iters = this == EPOCH ? value * itersPerEpoch : value;
    return (int) Math.round(iters);
  }
}
