package dev.trainer.init;

import dev.trainer.config.Option;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Tensor;

/** Every element set to one value (biases: 0; PReLU slopes: 0.25). */
public final class Constant implements Initializer {
  private final float value;

  public Constant(float value) {
    this.value = value;
  }

  @Override
  public String fill(Tensor w, Fan fan, Rng rng) {
    w.fill(value);
    return "constant " + Option.format(value);
  }
}
