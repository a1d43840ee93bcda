package dev.trainer.init;

import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Tensor;

/**
 * LeCun normal initialization (LeCun, Bottou, Orr &amp; Müller, "Efficient BackProp", 1998), the
 * one SELU's self-normalization assumes (Klambauer et al. 2017):
 *
 * <pre>
 *   w ~ N(0, 1/n),   n = fan_in (default) | fan_out | average
 * </pre>
 *
 * The same distribution as {@code xavier} with {@code distribution = normal}, under its own name.
 */
public final class Lecun implements Initializer {
  private final FanMode mode;

  public Lecun(FanMode mode) {
    this.mode = mode;
  }

  @Override
  public String fill(Tensor w, Fan fan, Rng rng) {
    double std = Math.sqrt(1 / mode.n(fan));
    Gaussian.fill(w, 0, std, rng);
    return "lecun " + mode.describe(fan) + " std=" + FanMode.number(std);
  }
}
