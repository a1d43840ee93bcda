package dev.trainer.init;

import dev.trainer.config.Option;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Tensor;

/**
 * Fixed Gaussian, w ~ N(mean, std²) (Caffe's {@code gaussian} filler; e.g. std 0.01 for the
 * fully connected layers of the MPELU deep nets).
 */
public final class Gaussian implements Initializer {
  private final double mean;
  private final double std;

  public Gaussian(double std) {
    this(0, std);
  }

  public Gaussian(double mean, double std) {
    this.mean = mean;
    this.std = std;
  }

  @Override
  public String fill(Tensor w, Fan fan, Rng rng) {
    fill(w, mean, std, rng);
    return "gaussian mean=" + Option.format(mean) + " std=" + FanMode.number(std);
  }

  /** Fills {@code w} with N(mean, std²) draws; shared by the variance-scaling initializers. */
  static void fill(Tensor w, double mean, double std, Rng rng) {
    float[] d = w.data;
    for (int i = 0; i < d.length; i++) d[i] = (float) (mean + std * rng.nextGaussian());
  }
}
