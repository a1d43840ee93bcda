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
 * input. Planes (example, channel) are independent and run in parallel.
 */
public final class AvgPool implements Layer {
  private final int kernel;
  private final int stride;
  private final int pad;
  private PoolGrid grid;
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
    return grid.outputShape();
  }

  @Override
  public Tensor forward(Tensor x, Mode mode) {
    inputBatch = x.shape();
    y = Tensor.reuse(y, Shape.of(x.batch(), grid.channels, grid.outHeight, grid.outWidth));
    int inArea = grid.height * grid.width;
    int outArea = grid.outHeight * grid.outWidth;
    Parallel.forRanges(x.batch() * grid.channels, (from, to) -> {
      for (int p = from; p < to; p++) {
        for (int oh = 0; oh < grid.outHeight; oh++) {
          for (int ow = 0; ow < grid.outWidth; ow++) {
            y.data[p * outArea + oh * grid.outWidth + ow] = windowSum(x.data, p * inArea, oh, ow) / windowSize(oh, ow);
          }
        }
      }
    });
    return y;
  }

  private float windowSum(float[] src, int in, int oh, int ow) {
    int h0 = Math.max(oh * stride - pad, 0);
    int h1 = Math.min(oh * stride - pad + kernel, grid.height);
    int w0 = Math.max(ow * stride - pad, 0);
    int w1 = Math.min(ow * stride - pad + kernel, grid.width);
    float s = 0;
    for (int h = h0; h < h1; h++) {
      for (int i = in + h * grid.width + w0, end = i + w1 - w0; i < end; i++) s += src[i];
    }
    return s;
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
      for (int p = from; p < to; p++) spread(dy.data, p);
    });
    return dx;
  }

  /** Adds dy/size of every window of plane p to the inputs it covers. */
  private void spread(float[] dy, int p) {
    int inArea = grid.height * grid.width;
    int outArea = grid.outHeight * grid.outWidth;
    for (int oh = 0; oh < grid.outHeight; oh++) {
      int h0 = Math.max(oh * stride - pad, 0);
      int h1 = Math.min(oh * stride - pad + kernel, grid.height);
      for (int ow = 0; ow < grid.outWidth; ow++) {
        int w0 = Math.max(ow * stride - pad, 0);
        int w1 = Math.min(ow * stride - pad + kernel, grid.width);
        float g = dy[p * outArea + oh * grid.outWidth + ow] / windowSize(oh, ow);
        for (int h = h0; h < h1; h++) {
          for (int i = p * inArea + h * grid.width + w0, end = i + w1 - w0; i < end; i++) dx.data[i] += g;
        }
      }
    }
  }
}
