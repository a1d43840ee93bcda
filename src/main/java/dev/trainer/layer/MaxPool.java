package dev.trainer.layer;

import dev.trainer.tensor.Parallel;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.Arrays;

/**
 * Max pooling with Caffe's geometry ({@link PoolGrid}: ceil-mode output size). Padding never wins:
 * each window is clipped to the input, {@code rows [max(oh·s − p, 0), min(oh·s − p + k, H))}.
 *
 * <pre>
 *   y[c][oh][ow] = max over the clipped window of x[c][h][w]
 *   dL/dx[c][h][w] = Σ over outputs whose argmax is (h, w) of dL/dy
 * </pre>
 *
 * Ties go to the first maximum in row-major order; the argmax of every output is kept for backward.
 * Planes (example, channel) are independent and run in parallel.
 */
public final class MaxPool implements Layer {
  private final int kernel;
  private final int stride;
  private final int pad;
  private PoolGrid grid;
  private int[] argmax = new int[0];
  private Tensor x;
  private Tensor y;
  private Tensor dx;

  public MaxPool(int kernel, int stride, int pad) {
    PoolGrid.validate("max pool", kernel, stride, pad);
    this.kernel = kernel;
    this.stride = stride;
    this.pad = pad;
  }

  @Override
  public Shape setup(Shape input, Rng rng) {
    grid = new PoolGrid("max pool", input, kernel, stride, pad);
    return grid.outputShape();
  }

  @Override
  public Tensor forward(Tensor x, Mode mode) {
    this.x = x;
    int planes = x.batch() * grid.channels;
    y = Tensor.reuse(y, Shape.of(x.batch(), grid.channels, grid.outHeight, grid.outWidth));
    if (argmax.length != y.size()) argmax = new int[y.size()];
    int inArea = grid.height * grid.width;
    int outArea = grid.outHeight * grid.outWidth;
    Parallel.forRanges(planes, (from, to) -> {
      for (int p = from; p < to; p++) pool(x.data, p * inArea, y.data, p * outArea);
    });
    return y;
  }

  /** Pools one H×W plane starting at {@code in} into the Ho×Wo plane at {@code out}. */
  private void pool(float[] src, int in, float[] dst, int out) {
    for (int oh = 0; oh < grid.outHeight; oh++) {
      int h0 = Math.max(oh * stride - pad, 0);
      int h1 = Math.min(oh * stride - pad + kernel, grid.height);
      for (int ow = 0; ow < grid.outWidth; ow++) {
        int w0 = Math.max(ow * stride - pad, 0);
        int w1 = Math.min(ow * stride - pad + kernel, grid.width);
        int best = in + h0 * grid.width + w0;
        for (int h = h0; h < h1; h++) {
          for (int i = in + h * grid.width + w0, end = i + w1 - w0; i < end; i++) {
            if (src[i] > src[best]) best = i;
          }
        }
        int o = out + oh * grid.outWidth + ow;
        dst[o] = src[best];
        argmax[o] = best;
      }
    }
  }

  @Override
  public Tensor backward(Tensor dy) {
    dx = Tensor.reuse(dx, x.shape());
    int inArea = grid.height * grid.width;
    int outArea = grid.outHeight * grid.outWidth;
    Parallel.forRanges(x.batch() * grid.channels, (from, to) -> {
      Arrays.fill(dx.data, from * inArea, to * inArea, 0f);
      for (int o = from * outArea; o < to * outArea; o++) dx.data[argmax[o]] += dy.data[o];
    });
    return dx;
  }
}
