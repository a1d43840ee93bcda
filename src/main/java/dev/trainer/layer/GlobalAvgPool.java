package dev.trainer.layer;

import dev.trainer.UserError;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;

/**
 * Global average pooling (Lin et al., Network in Network): one mean per channel.
 *
 * <pre>
 *   x: [C, H, W] → y: [C]
 *   y[c] = (1 / HW) Σ_{h,w} x[c][h][w]
 *   dL/dx[c][h][w] = dL/dy[c] / HW
 * </pre>
 */
public final class GlobalAvgPool implements Layer {
  private int channels;
  private int area;
  private Shape inputBatch;
  private Tensor y;
  private Tensor dx;

  @Override
  public Shape setup(Shape input, Rng rng) {
    if (input.rank() != 3) throw new UserError("global average pool needs a [C,H,W] input, got " + input, 2);
    channels = input.channels();
    area = input.spatial();
    return Shape.of(channels);
  }

  @Override
  public Tensor forward(Tensor x, Mode mode) {
    inputBatch = x.shape();
    y = Tensor.reuse(y, Shape.of(x.batch(), channels));
    for (int p = 0; p < y.size(); p++) {
      float s = 0;
      for (int i = p * area, end = i + area; i < end; i++) s += x.data[i];
      y.data[p] = s / area;
    }
    return y;
  }

  @Override
  public Tensor backward(Tensor dy) {
    dx = Tensor.reuse(dx, inputBatch);
    for (int p = 0; p < dy.size(); p++) {
      float g = dy.data[p] / area;
      for (int i = p * area, end = i + area; i < end; i++) dx.data[i] = g;
    }
    return dx;
  }
}
