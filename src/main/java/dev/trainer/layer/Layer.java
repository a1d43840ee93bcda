package dev.trainer.layer;

import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.List;

/**
 * The one contract of every layer and activation (Caffe's SetUp/Forward/Backward, without blob
 * counting).
 *
 * <ul>
 *   <li>{@link #setup} is called once with the per-example input shape ({@code [C,H,W]} or
 *       {@code [F]}); it creates and initializes parameters and returns the per-example output
 *       shape. The batch size may change between calls to {@code forward}.
 *   <li>{@link #forward} returns the output batch; the returned tensor is owned by the layer and
 *       is overwritten by the next call. The layer keeps whatever its backward pass needs.
 *   <li>{@link #backward} takes dL/dy of the last forward, returns dL/dx (owned by the layer) and
 *       <em>adds</em> into every parameter's gradient, so gradients can be accumulated.
 * </ul>
 */
public interface Layer {

  Shape setup(Shape input, Rng rng);

  Tensor forward(Tensor x, Mode mode);

  Tensor backward(Tensor dy);

  /** Learnable parameters, in a stable order (checkpoints rely on it). */
  default List<Param> params() {
    return List.of();
  }

  /**
   * Non-learnable state that a checkpoint must save and restore to resume exactly, in a stable
   * order (BatchNorm's running mean and variance); empty for most layers. Restoring means copying
   * saved values into these tensors.
   */
  default List<Tensor> state() {
    return List.of();
  }

  /** Floating-point operations of one forward pass per example (for {@code trainer time}). */
  default long flopsPerExample() {
    return 0;
  }
}
