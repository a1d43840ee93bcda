package dev.trainer.layer;

import dev.trainer.tensor.Parallel;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.Arrays;

/**
 * Average pooling with Caffe's exact semantics ({@link PoolGrid}: ceil-mode output size). The
 * divisor counts padding cells but not cells beyond the padding: for window {@code oh},
 *
 * <pre>
 *   h0 = oh·s − p,   h1 = min(h0 + k, H + p)          (likewise w0, w1)
 *   size = (h1 − h0)·(w1 − w0)                        (before clipping to the input)
 *   y[c][oh][ow] = Σ_{h ∈ [max(h0,0), min(h1,H)), w ∈ [max(w0,0), min(w1,W))} x[c][h][w] / size
 *   dL/dx[c][h][w] = Σ over windows containing (h, w) of dL/dy / size
 * </pre>
 *
 * So a window overlapping the zero padding is divided by its full size (padding counts as zeros),
 * while a ceil-mode window hanging past the padding is divided only by its part inside the padded
 * input. Planes (example, channel) are independent and run in parallel. Sums run separably
 * (over the window's rows first, then its columns), not in Caffe's row-major order, so results
 * can differ from Caffe's in the last bits.
 */
public final class AvgPool implements Layer {
  /** Per-thread row buffer of {@link #average} and {@link #spread}, grown on demand and kept. */
  private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[0]);
  private final int kernel;
  private final int stride;
  private final int pad;
  private PoolGrid grid;
  /** Window columns [colStart[ow], colEnd[ow]), clipped to the input (read in the inner loops). */
  private int[] colStart;
  private int[] colEnd;
  /** size[oh·Wo + ow]: the divisor of the class comment. */
  private float[] size;
  private Shape inputBatch;
  private Tensor y;
  private Tensor dx;

  public AvgPool(int kernel, int stride, int pad) {
    PoolGrid.validate("average pool", kernel, stride, pad);
    this.kernel = kernel;
    this.stride = stride;
    this.pad = pad;
  }

  @Override
  public Shape setup(Shape input, Rng rng) {
    grid = new PoolGrid("average pool", input, kernel, stride, pad);
    colStart = new int[grid.outWidth];
    colEnd = new int[grid.outWidth];
    size = new float[grid.outHeight * grid.outWidth];
    for (int ow = 0; ow < grid.outWidth; ow++) {
      colStart[ow] = grid.windowStart(ow);
      colEnd[ow] = grid.windowEnd(ow, grid.width);
    }
    for (int oh = 0; oh < grid.outHeight; oh++) {
      for (int ow = 0; ow < grid.outWidth; ow++) size[oh * grid.outWidth + ow] = windowSize(oh, ow);
    }
    return grid.outputShape();
  }

  @Override
  public Tensor forward(Tensor x, Mode mode) {
    inputBatch = x.shape();
    y = Tensor.reuse(y, Shape.of(x.batch(), grid.channels, grid.outHeight, grid.outWidth));
    int inArea = grid.height * grid.width;
    int outArea = grid.outHeight * grid.outWidth;
    Parallel.forRanges(x.batch() * grid.channels, (from, to) -> {
      float[] column = row(grid.width);
      for (int p = from; p < to; p++) average(x.data, p * inArea, y.data, p * outArea, column);
    });
    return y;
  }

  /**
   * The windows' averages of the plane at {@code x[in..]} into the plane at {@code y[out..]},
   * separably: per output row, the window's input rows are added into {@code column} (whole rows,
   * which C2 vectorizes), then each window sums its columns of that.
   */
  private void average(float[] x, int in, float[] y, int out, float[] column) {
    int w = grid.width;
    int wo = grid.outWidth;
    for (int oh = 0; oh < grid.outHeight; oh++) {
      Arrays.fill(column, 0, w, 0f);
      int end = in + grid.windowEnd(oh, grid.height) * w;
      for (int r = in + grid.windowStart(oh) * w; r < end; r += w) {
        for (int j = 0; j < w; j++) column[j] += x[r + j];
      }
      for (int ow = 0; ow < wo; ow++) {
        float s = 0;
        for (int j = colStart[ow]; j < colEnd[ow]; j++) s += column[j];
        y[out + oh * wo + ow] = s / size[oh * wo + ow];
      }
    }
  }

  private static float[] row(int length) {
    float[] r = ROW.get();
    if (r.length < length) {
      r = new float[length];
      ROW.set(r);
    }
    return r;
  }

  /** Caffe's pool_size: the window clipped to the padded input, before clipping to the input. */
  private int windowSize(int oh, int ow) {
    int h0 = oh * stride - pad;
    int w0 = ow * stride - pad;
    int h1 = Math.min(h0 + kernel, grid.height + pad);
    int w1 = Math.min(w0 + kernel, grid.width + pad);
    return (h1 - h0) * (w1 - w0);
  }

  @Override
  public Tensor backward(Tensor dy) {
    dx = Tensor.reuse(dx, inputBatch);
    int inArea = grid.height * grid.width;
    Parallel.forRanges(inputBatch.dim(0) * grid.channels, (from, to) -> {
      Arrays.fill(dx.data, from * inArea, to * inArea, 0f);
      float[] column = row(grid.width);
      for (int p = from; p < to; p++) spread(dy.data, p, column);
    });
    return dx;
  }

  /**
   * Adds dy/size of every window of plane p to the inputs it covers, separably like
   * {@link #average}: per output row, the windows' shares are spread over {@code column}, which is
   * then added to each of the window's input rows.
   */
  private void spread(float[] dy, int p, float[] column) {
    int w = grid.width;
    int in = p * grid.height * w;
    int wo = grid.outWidth;
    int out = p * grid.outHeight * wo;
    for (int oh = 0; oh < grid.outHeight; oh++) {
      Arrays.fill(column, 0, w, 0f);
      for (int ow = 0; ow < wo; ow++) {
        float g = dy[out + oh * wo + ow] / size[oh * wo + ow];
        for (int j = colStart[ow]; j < colEnd[ow]; j++) column[j] += g;
      }
      int end = in + grid.windowEnd(oh, grid.height) * w;
      for (int r = in + grid.windowStart(oh) * w; r < end; r += w) {
        for (int j = 0; j < w; j++) dx.data[r + j] += column[j];
      }
    }
  }
}
