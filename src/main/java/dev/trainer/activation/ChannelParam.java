package dev.trainer.activation;

import dev.trainer.init.Constant;
import dev.trainer.layer.Param;
import dev.trainer.tensor.Shape;

/**
 * A learnable activation parameter built from a {@link ParamSpec}: shape [C] (channel-wise) or
 * [1] (shared), initialized to a constant. A backward pass writes one partial sum per (n, c) row
 * into {@link #rowSums}; {@link #accumulate} adds them up per channel over n, then into the gradient
 * in channel order, so the result does not depend on how the rows were split between threads.
 */
final class ChannelParam {
  final Param param;
  final boolean shared;
  private final int channels;
  /** Partial gradient of row n·C + c; sized by {@link #rowSums(int)}. */
  private double[] rowSums = new double[0];

  ChannelParam(String name, int channels, ParamSpec spec) {
    this.shared = spec.shared();
    this.channels = channels;
    this.param = new Param(name, Shape.of(shared ? 1 : channels), spec.lrMult(), spec.decayMult());
    this.param.setInit(new Constant(spec.init()), null);
  }

  /** The value used for channel c. */
  float at(int c) {
    return param.value.data[shared ? 0 : c];
  }

  /** The row sums array, sized for {@code batch} examples. */
  double[] rowSums(int batch) {
    if (rowSums.length != batch * channels) rowSums = new double[batch * channels];
    return rowSums;
  }

  /** Adds the row sums of {@code batch} examples to the gradient (all into one element when shared). */
  void accumulate(int batch) {
    float[] g = param.grad.data;
    double total = 0;
    for (int c = 0; c < channels; c++) {
      double s = 0;
      for (int n = 0; n < batch; n++) s += rowSums[n * channels + c];
      if (shared) {
        total += s;
      } else {
        g[c] += (float) s;
      }
    }
    if (shared) g[0] += (float) total;
  }
}
