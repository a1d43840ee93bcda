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

  /**
   * The backward pass of the lowest layer with parameters, whose dL/dx nobody reads: adds into the
   * parameter gradients exactly as {@link #backward} does, and may skip dL/dx (for a first conv or
   * fc layer that is a third of its backward products).
   */
  default void backwardParams(Tensor dy) {
    backward(dy);
  }

  /** Learnable parameters, in a stable order (checkpoints rely on it). */
  default List<Param> params() {
    return List.of();
  }

  /**
   * State that is not learned by gradient but must survive a checkpoint, such as batch
   * normalization's running mean and variance. Empty by default.
   */
  default List<Tensor> state() {
    return List.of();
  }

  /** Floating-point operations of one forward pass per example (for {@code trainer time}). */
  default long flopsPerExample() {
    return 0;
  }
}
