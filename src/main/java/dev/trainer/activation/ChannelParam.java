package dev.trainer.activation;

import dev.trainer.init.Constant;
import dev.trainer.layer.Param;
import dev.trainer.tensor.Shape;

/**
 * A learnable activation parameter built from a {@link ParamSpec}: shape [C] (channel-wise) or
 * [1] (shared), initialized to a constant. Backward passes write one partial sum per channel into
 * {@link #sums}; {@link #accumulate()} adds them to the gradient in channel order, so the result
 * does not depend on how channels were split between threads.
 */
final class ChannelParam {
  final Param param;
  final boolean shared;
  final double[] sums;

  ChannelParam(String name, int channels, ParamSpec spec) {
    this.shared = spec.shared();
    this.param = new Param(name, Shape.of(shared ? 1 : channels), spec.lrMult(), spec.decayMult());
    this.param.setInit(new Constant(spec.init()), null);
    this.sums = new double[channels];
  }

  /** The value used for channel c. */
  float at(int c) {
    return param.value.data[shared ? 0 : c];
  }

  /** Adds the per-channel sums to the gradient (all into one element when shared). */
  void accumulate() {
    float[] g = param.grad.data;
    if (shared) {
      double s = 0;
      for (double v : sums) s += v;
      g[0] += (float) s;
    } else {
      for (int c = 0; c < sums.length; c++) g[c] += (float) sums[c];
    }
  }
}
