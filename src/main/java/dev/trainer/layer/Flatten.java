package dev.trainer.layer;

import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;

/**
 * Reshapes {@code [C, H, W]} to {@code [C·H·W]} (row-major, so element order is unchanged);
 * dL/dx is dL/dy reshaped back. Both directions are zero-copy views of the incoming storage.
 */
public final class Flatten implements Layer {
  private Shape output;
  private Shape inputBatch;
  private Tensor y;
  private Tensor dx;

  @Override
  public Shape setup(Shape input, Rng rng) {
    output = Shape.of(input.size());
    return output;
  }

  @Override
  public Tensor forward(Tensor x, Mode mode) {
    inputBatch = x.shape();
    y = view(y, x, output.withBatch(x.batch()));
    return y;
  }

  @Override
  public Tensor backward(Tensor dy) {
    dx = view(dx, dy, inputBatch);
    return dx;
  }

  /** {@code t} if it already wraps {@code src}'s storage (then the sizes agree), else a new view. */
  private static Tensor view(Tensor t, Tensor src, Shape shape) {
    return t != null && t.data == src.data ? Tensor.reuse(t, shape) : new Tensor(shape, src.data);
  }
}
