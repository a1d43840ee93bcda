package dev.trainer.activation;

import dev.trainer.layer.Param;
import dev.trainer.tensor.Rng;
import java.util.List;

/**
 * Swish (Ramachandran, Zoph &amp; Le, "Searching for Activation Functions", arXiv 1710.05941,
 * 2017); β = 1 is the SiLU, β → ∞ approaches ReLU, β = 0 gives x/2. β is a constant, or, with
 * {@code learnable}, a parameter per channel (or per layer with {@code channel_shared}).
 *
 * <pre>
 *   s       = sigmoid(β·x),   y = x·s
 *   dy/dx   = s + β·x·s·(1 − s)  = β·y + s·(1 − β·y)
 *   dL/dβ_c = Σ dL/dy · x²·s·(1 − s)
 * </pre>
 *
 * A learnable β has no weight decay by default (decay would pull it towards 0, i.e. x/2).
 */
public final class Swish extends ChannelwiseActivation {
  private final ParamSpec spec;
  private final boolean learnable;
  private ChannelParam beta;

  /** A constant β when not {@code learnable} (then only {@code spec.init()} matters). */
  public Swish(ParamSpec beta, boolean learnable) {
    this.spec = beta;
    this.learnable = learnable;
  }

  @Override
  protected void createParams(int channels, Rng rng) {
    beta = new ChannelParam("beta", channels, spec);
    beta.param.initialize(rng);
  }

  @Override
  public List<Param> params() {
    return learnable ? List.of(beta.param) : List.of();
  }

  @Override
  protected void forwardPass() {
    forEachRow((r, c, from, to) -> VectorLoops.swish(x, y, beta.at(c), from, to));
  }

  @Override
  protected void backwardPass() {
    double[] sums = beta.rowSums(batch);
    forEachRow((r, c, from, to) -> sums[r] = VectorLoops.swishGradientAndBetaSum(x, dy, dx, beta.at(c), from, to));
    if (learnable) beta.accumulate(batch);
  }
}
