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
 * Planes (example, channel) are independent and run in parallel; {@link MaxPoolKernel} pools each
 * plane with vector blends instead of the plain loop's unpredictable branch, with the same results.
 */
public final class MaxPool implements Layer {
  private final int kernel;
  private final int stride;
  private final int pad;
  private PoolGrid grid;
  private MaxPoolKernel windows;
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
    windows = new MaxPoolKernel(grid);
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
      for (int p = from; p < to; p++) windows.pool(x.data, p * inArea, y.data, argmax, p * outArea);
    });
    return y;
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
