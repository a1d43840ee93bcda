package dev.trainer.init;

import dev.trainer.tensor.Tensor;

/** Mean and population variance over all elements of a tensor (numpy's {@code mean}, {@code var}), in double. */
public record Moments(double mean, double variance) {

  public static Moments of(Tensor t) {
    float[] d = t.data;
    double sum = 0;
    for (float v : d) sum += v;
    double mean = sum / d.length;
    double ss = 0;
    for (float v : d) ss += (v - mean) * (v - mean);
    return new Moments(mean, ss / d.length);
  }

  public double std() {
    return Math.sqrt(variance);
  }
}
