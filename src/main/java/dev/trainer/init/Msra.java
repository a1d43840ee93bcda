package dev.trainer.init;

import dev.trainer.config.Option;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Tensor;

/**
 * He, Zhang, Ren, Sun, "Delving Deep into Rectifiers" (ICCV 2015), Caffe's {@code msra} filler
 * generalised to a PReLU / Leaky ReLU slope {@code a}:
 *
 * <pre>
 *   w ~ N(0, std²),   std = sqrt( 2 / ((1 + a²) · n) )
 *   n = fan_in (forward case, default) | fan_out (backward case) | average
 *   a = negative slope of the following activation (Activation.heSlope(): 0 for ReLU,
 *       0.25 for a default PReLU)
 * </pre>
 *
 * Derivation: Var[y_l] = n Var[w] E[x²] and E[x²] = ½(1 + a²) Var[y_{l−1}], so
 * ½ (1 + a²) n Var[w] = 1 keeps the variance constant through depth.
 */
public final class Msra implements Initializer {
  private final FanMode mode;
  private final double a;

  public Msra(FanMode mode, double a) {
    this.mode = mode;
    this.a = a;
  }

  /** std = sqrt(2 / ((1 + a²) n)). */
  public static double std(double n, double a) {
    return Math.sqrt(2 / ((1 + a * a) * n));
  }

  @Override
  public String fill(Tensor w, Fan fan, Rng rng) {
    double std = std(mode.n(fan), a);
    Gaussian.fill(w, 0, std, rng);
    return "msra " + mode.describe(fan) + " a=" + Option.format(a)
        + " std=" + FanMode.number(std);
  }
}
