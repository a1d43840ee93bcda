package dev.trainer.activation;

import dev.trainer.layer.Param;
import dev.trainer.tensor.Rng;
import java.util.List;

/**
 * Multiple Parametric Exponential Linear Unit (Li, Fan, Li, Wu &amp; Ming, "Improving Deep Neural
 * Network with Multiple Parametric Exponential Linear Units", arXiv 1606.00305, Neurocomputing
 * 2018), with learnable α and β per channel (default) or per layer ({@code channel_shared}).
 *
 * <pre>
 *   y = x                        (x &gt; 0)
 *     = α_c·(e^(β_c·x) − 1)      (x ≤ 0)
 *
 *   on x ≤ 0 (all zero on x &gt; 0, where dy/dx = 1):
 *   dL/dx   = dL/dy · β·(y + α)                 [= α·β·e^(βx)]
 *   dL/dα_c = Σ dL/dy · (e^(βx) − 1)
 *   dL/dβ_c = Σ dL/dy · x·(y + α)               [= α·x·e^(βx)]
 * </pre>
 *
 * The sums run over n, h, w (and c when shared). These are the forms of the authors' Caffe layer
 * ({@code m2pelu_layer.cpp}); the α gradient deliberately avoids their PyTorch kernel's
 * {@code y/α}, which is not finite at α = 0. Special cases: α = 0 is ReLU; α = β = 1 is ELU(1);
 * small β with αβ = a is close to PReLU(a).
 *
 * <p>Defaults follow the authors' PyTorch module (α = 0.25, β = 1, channel-wise). The multipliers
 * {@code lr_mult} and {@code decay_mult} apply to both α and β (every experiment in the authors'
 * files gives α and β the same ones); their defaults are Caffe's (1, 1). The authors' own runs used
 * e.g. lr_mult 2 and decay_mult 5 (NIN, CIFAR-10) or 2 and 1 (ImageNet 15-layer): unlike He et
 * al.'s PReLU slopes, MPELU's α and β are weight-decayed in most of their configurations.
 * {@link #taylorSlope()} is α·β at initialization (the MPELU paper's Taylor initialization).
 */
public final class MPELU extends ChannelwiseActivation {
  private final ParamSpec alphaSpec;
  private final ParamSpec betaSpec;
  private ChannelParam alpha;
  private ChannelParam beta;

  public MPELU(ParamSpec alpha, ParamSpec beta) {
    this.alphaSpec = alpha;
    this.betaSpec = beta;
  }

  @Override
  public double taylorSlope() {
    return (double) alphaSpec.init() * betaSpec.init();
  }

  @Override
  protected void createParams(int channels, Rng rng) {
    alpha = new ChannelParam("alpha", channels, alphaSpec);
    beta = new ChannelParam("beta", channels, betaSpec);
  }

  @Override
  public List<Param> params() {
    return List.of(alpha.param, beta.param);
  }

  @Override
  protected void forwardPass() {
    forEachRow((r, c, from, to) -> VectorLoops.elu(x, y, alpha.at(c), beta.at(c), from, to));
  }

  @Override
  protected void backwardPass() {
    double[] alphaSums = alpha.rowSums(batch);
    double[] betaSums = beta.rowSums(batch);
    forEachRow((r, c, from, to) ->
        VectorLoops.eluGradientAndSums(x, y, dy, dx, alpha.at(c), beta.at(c), from, to, alphaSums, betaSums, r));
    alpha.accumulate(batch);
    beta.accumulate(batch);
  }
}
