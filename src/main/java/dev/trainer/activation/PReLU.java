package dev.trainer.activation;

import dev.trainer.layer.Param;
import dev.trainer.tensor.Rng;
import java.util.List;

/**
 * Parametric ReLU (He, Zhang, Ren &amp; Sun, "Delving Deep into Rectifiers", ICCV 2015, arXiv
 * 1502.01852): a leaky ReLU whose slope a is learned, one per channel (default) or one per layer
 * ({@code channel_shared}).
 *
 * <pre>
 *   y     = max(0, x) + a_c·min(0, x)
 *   dy/dx = 1 (x &gt; 0),  a_c (x ≤ 0)
 *   dL/da_c = Σ over n, h, w (and c if shared) of dL/dy · x   for x ≤ 0
 * </pre>
 *
 * The paper initializes a = 0.25 and uses no weight decay on a (decay would pull it to 0, i.e.
 * towards ReLU), hence {@code decay_mult} default 0. Caffe's PReLU layer, used by the MPELU
 * authors' NIN files, decays slopes with the default {@code decay_mult} 1: write
 * {@code prelu.decay_mult = 1} to reproduce those. {@link #heSlope()} is the initial slope.
 */
public final class PReLU extends ChannelwiseActivation {
  private final ParamSpec spec;
  private ChannelParam slope;

  public PReLU(ParamSpec slope) {
    this.spec = slope;
  }

  @Override
  public double heSlope() {
    return spec.init();
  }

  @Override
  protected void createParams(int channels, Rng rng) {
    slope = new ChannelParam("slope", channels, spec);
  }

  @Override
  public List<Param> params() {
    return List.of(slope.param);
  }

  @Override
  protected void forwardPass() {
    forEachRow((r, c, from, to) -> {
      float a = slope.at(c);
      for (int i = from; i < to; i++) y[i] = Math.max(x[i], 0f) + a * Math.min(x[i], 0f);
    });
  }

  @Override
  protected void backwardPass() {
    double[] sums = slope.rowSums(batch);
    forEachRow((r, c, from, to) -> sums[r] = VectorLoops.leakyGradientAndSlopeSum(x, dy, dx, slope.at(c), from, to));
    slope.accumulate(batch);
  }
}
