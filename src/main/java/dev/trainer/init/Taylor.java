package dev.trainer.init;

import dev.trainer.config.Option;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Tensor;

/**
 * Taylor initialization of the MPELU paper (Li, Fan, Chen, ECCV 2016 / arXiv 1606.00305; Caffe's
 * {@code TaylorFiller} in Coldmooon/Code-for-MPELU). The negative branch of MPELU,
 * α(exp(βy) − 1), is αβ·y to first order at 0, so He et al.'s analysis applies with slope αβ:
 *
 * <pre>
 *   w ~ N(0, std²),   std = sqrt( 2 / ((1 + α²β²) · n) )
 *   ReLU       αβ = 0        std = sqrt(2/n)            (= msra)
 *   PReLU(a)   α = a, β = 1  std = sqrt(2/((1+a²) n))   (= msra with slope a)
 *   ELU(1)     αβ = 1        std = sqrt(1/n)
 * </pre>
 */
public final class Taylor implements Initializer {
  private final FanMode mode;
  private final double alphaBeta;

  /** @param alphaBeta the product αβ, the slope of the negative branch at 0 */
  public Taylor(FanMode mode, double alphaBeta) {
    this.mode = mode;
    this.alphaBeta = alphaBeta;
  }

  @Override
  public String fill(Tensor w, Fan fan, Rng rng) {
    double std = Msra.std(mode.n(fan), alphaBeta);
    Gaussian.fill(w, 0, std, rng);
    return "taylor " + mode.describe(fan) + " alpha*beta=" + Option.format(alphaBeta)
        + " std=" + FanMode.number(std);
  }
}
