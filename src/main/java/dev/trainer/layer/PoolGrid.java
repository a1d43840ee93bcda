package dev.trainer.layer;

import dev.trainer.UserError;
import dev.trainer.tensor.Shape;

/**
 * Caffe's pooling geometry for {@link MaxPool} and {@link AvgPool}: square windows of size k,
 * stride s and padding p over a {@code [C, H, W]} input. The output size rounds up (Caffe, unlike
 * convolution):
 *
 * <pre>
 *   Ho = ceil((H + 2p − k) / s) + 1
 *   if p &gt; 0 and (Ho − 1)·s ≥ H + p:  Ho −= 1     (the last window would start inside the padding)
 * </pre>
 *
 * and window {@code oh} covers rows {@code [oh·s − p, oh·s − p + k)}. As in Caffe, a kernel larger
 * than the padded input is allowed while the rounding up still gives an output (k &lt; H + 2p + s):
 * its one window is the whole input. Grids with no output, or where some window covers no input
 * pixel (unpadded, s &gt; k: Caffe writes −FLT_MAX there), are rejected.
 */
final class PoolGrid {
  final int channels;
  final int height;
  final int width;
  final int kernel;
  final int stride;
  final int pad;
  final int outHeight;
  final int outWidth;

  PoolGrid(String layer, Shape input, int kernel, int stride, int pad) {
    if (input.rank() != 3) throw new UserError(layer + " needs a [C,H,W] input, got " + input, 2);
    this.channels = input.dim(0);
    this.height = input.dim(1);
    this.width = input.dim(2);
    this.kernel = kernel;
    this.stride = stride;
    this.pad = pad;
    this.outHeight = outputSize(height, kernel, stride, pad);
    this.outWidth = outputSize(width, kernel, stride, pad);
    if (outHeight < 1 || outWidth < 1) {
      throw new UserError(layer + " kernel " + kernel + " stride " + stride + " pad " + pad
          + " gives no output for the input " + input + " (needs kernel < size + 2·pad + stride)", 2);
    }
    if ((outHeight - 1) * stride - pad >= height || (outWidth - 1) * stride - pad >= width) {
      throw new UserError(layer + " kernel " + kernel + " stride " + stride + " pad " + pad
          + " leaves a window outside the input " + input, 2);
    }
  }

  /** Checks the constructor arguments shared by both pooling layers (Caffe requires p &lt; k). */
  static void validate(String layer, int kernel, int stride, int pad) {
    if (kernel < 1 || stride < 1 || pad < 0 || pad >= kernel) {
      throw new IllegalArgumentException(layer + " kernel=" + kernel + " stride=" + stride + " pad=" + pad);
    }
  }

  /** Caffe's pooled size along one axis (see the class comment). */
  static int outputSize(int in, int kernel, int stride, int pad) {
    int out = (int) Math.ceil((double) (in + 2 * pad - kernel) / stride) + 1;
    if (pad > 0 && (out - 1) * stride >= in + pad) out--;
    return out;
  }

  /** First input row (or column) of window o, clipped to the input: max(o·s − p, 0). */
  int windowStart(int o) {
    return Math.max(o * stride - pad, 0);
  }

  /** One past the last input row (or column) of window o on an axis of size n: min(o·s − p + k, n). */
  int windowEnd(int o, int n) {
    return Math.min(o * stride - pad + kernel, n);
  }

  Shape outputShape() {
    return Shape.of(channels, outHeight, outWidth);
  }
}
