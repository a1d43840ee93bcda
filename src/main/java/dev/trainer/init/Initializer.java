package dev.trainer.init;

import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Tensor;

/** Fills a parameter tensor at the start of training (Caffe's "filler"). */
public interface Initializer {

  /**
   * Overwrites {@code w} and returns what was used, e.g. {@code "msra fan=in n=75 std=0.1633"},
   * which the net logs per layer.
   */
  String fill(Tensor w, Fan fan, Rng rng);
}
