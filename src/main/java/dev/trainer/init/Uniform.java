package dev.trainer.init;

import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Tensor;

/** Fixed uniform, w ~ U(−r, r); variance r²/3. */
public final class Uniform implements Initializer {
  private final double range;

  public Uniform(double range) {
    this.range = range;
  }

  @Override
  public String fill(Tensor w, Fan fan, Rng rng) {
    fill(w, range, rng);
    return "uniform range=" + FanMode.number(range);
  }

  /** Fills {@code w} with U(−r, r) draws; shared with {@link Xavier}. */
  static void fill(Tensor w, double r, Rng rng) {
    float[] d = w.data;
    for (int i = 0; i < d.length; i++) d[i] = (float) ((2 * rng.nextDouble() - 1) * r);
  }
}
