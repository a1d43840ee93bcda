package dev.trainer.init;

import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Tensor;

/**
 * Glorot &amp; Bengio (AISTATS 2010) in Caffe's form: Var[w] = 1/n.
 *
 * <pre>
 *   uniform (Caffe's XavierFiller)   w ~ U(−sqrt(3/n), sqrt(3/n))
 *   normal                           w ~ N(0, 1/n)
 *   n = fan_in | fan_out | (fan_in + fan_out)/2       (see FanMode)
 * </pre>
 *
 * For ReLU nets this is too small by a factor √2 per layer (He et al. 2015, section 2.2).
 */
public final class Xavier implements Initializer {

  /** The distribution with variance 1/n. */
  public enum Distribution {
    UNIFORM,
    NORMAL
  }

  private final FanMode mode;
  private final Distribution distribution;

  public Xavier(FanMode mode, Distribution distribution) {
    this.mode = mode;
    this.distribution = distribution;
  }

  @Override
  public String fill(Tensor w, Fan fan, Rng rng) {
    double n = mode.n(fan);
    String head = "xavier " + mode.describe(fan);
    if (distribution == Distribution.UNIFORM) {
      double bound = Math.sqrt(3 / n);
      Uniform.fill(w, bound, rng);
      return head + " uniform range=" + FanMode.number(bound);
    }
    double std = Math.sqrt(1 / n);
    Gaussian.fill(w, 0, std, rng);
    return head + " normal std=" + FanMode.number(std);
  }
}
