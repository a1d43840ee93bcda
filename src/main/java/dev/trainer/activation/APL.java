package dev.trainer.activation;

import dev.trainer.init.Gaussian;
import dev.trainer.init.Uniform;
import dev.trainer.layer.Param;
import dev.trainer.tensor.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Adaptive piecewise linear unit (Agostinelli, Hoffman, Sadowski &amp; Baldi, "Learning Activation
 * Functions to Improve Deep Neural Networks", ICLR 2015 workshop, arXiv 1412.6830): a ReLU plus S
 * learned hinges, per channel (per unit after fc layers) or per layer ({@code channel_shared}).
 *
 * <pre>
 *   y       = max(0, x) + Σ_{s=1..S} a_s·max(0, −x + b_s)
 *   dy/dx   = [x &gt; 0] − Σ_s a_s·[x &lt; b_s]
 *   dL/da_s = Σ dL/dy · max(0, −x + b_s)
 *   dL/db_s = Σ dL/dy · a_s·[x &lt; b_s]
 * </pre>
 *
 * The sums run over n, h, w (and c when shared). With every a_s = 0 it is ReLU. Each hinge s is a
 * pair of parameters {@code a<s>}, {@code b<s>} (shape [C], or [1] when shared), so params.csv
 * follows every hinge separately.
 *
 * <p>Initialization follows the authors' Caffe layer (README of
 * forestagostinelli/Learned-Activation-Functions-Source): a_s ~ U(−{@code a_range}, a_range) with
 * 0.2, b_s ~ N(0, {@code b_std}²) with 0.5; their example uses S = 5 and weight decay on a and b
 * ({@code decay_mult} 1). {@code a_range = 0} starts as ReLU. {@link #heSlope()} is 0 (ReLU's
 * gain): with a_s of either sign and mean 0 the expected shape at initialization is ReLU.
 */
public final class APL extends ChannelwiseActivation {
  private final int hinges;
  private final ParamSpec spec;
  private final double aRange;
  private final double bStd;
  private ChannelParam[] a;
  private ChannelParam[] b;

  /** @param spec sharing and multipliers (its init value is unused: a and b are drawn) */
  public APL(int hinges, ParamSpec spec, double aRange, double bStd) {
    this.hinges = hinges;
    this.spec = spec;
    this.aRange = aRange;
    this.bStd = bStd;
  }

  @Override
  protected void createParams(int channels, Rng rng) {
    a = new ChannelParam[hinges];
    b = new ChannelParam[hinges];
    for (int s = 0; s < hinges; s++) {
      a[s] = new ChannelParam("a" + (s + 1), channels, spec);
      a[s].param.setInit(new Uniform(aRange), null);
      b[s] = new ChannelParam("b" + (s + 1), channels, spec);
      b[s].param.setInit(new Gaussian(0, bStd), null);
    }
  }

  @Override
  public List<Param> params() {
    List<Param> all = new ArrayList<>();
    for (int s = 0; s < hinges; s++) {
      all.add(a[s].param);
      all.add(b[s].param);
    }
    return all;
  }

  @Override
  protected void forwardPass() {
    forEachRow((r, c, from, to) -> {
      for (int i = from; i < to; i++) y[i] = Math.max(x[i], 0f);
      for (int s = 0; s < hinges; s++) {
        float as = a[s].at(c);
        float bs = b[s].at(c);
        for (int i = from; i < to; i++) y[i] += as * Math.max(bs - x[i], 0f);
      }
    });
  }

  @Override
  protected void backwardPass() {
    double[][] aSums = new double[hinges][];
    double[][] bSums = new double[hinges][];
    for (int s = 0; s < hinges; s++) {
      aSums[s] = a[s].rowSums(batch);
      bSums[s] = b[s].rowSums(batch);
    }
    forEachRow((r, c, from, to) -> {
      for (int i = from; i < to; i++) dx[i] = x[i] > 0 ? dy[i] : 0f;
      for (int s = 0; s < hinges; s++) {
        float as = a[s].at(c);
        float bs = b[s].at(c);
        double sumA = 0;
        double sumB = 0;
        for (int i = from; i < to; i++) {
          if (x[i] < bs) {
            dx[i] -= as * dy[i];
            sumA += dy[i] * (bs - x[i]);
            sumB += dy[i];
          }
        }
        aSums[s][r] = sumA;
        bSums[s][r] = as * sumB;
      }
    });
    for (int s = 0; s < hinges; s++) {
      a[s].accumulate(batch);
      b[s].accumulate(batch);
    }
  }
}
