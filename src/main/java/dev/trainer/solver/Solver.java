package dev.trainer.solver;

import dev.trainer.tensor.Tensor;
import java.util.List;

/**
 * A first-order optimizer over a fixed list of parameters: {@link Sgd} (Caffe's SGD and Nesterov)
 * or {@link Adam} (Adam and AdamW). Its whole state besides the iteration is {@link #history()},
 * which checkpoints save and {@link #restore} puts back, so a resumed run continues exactly.
 */
public interface Solver {

  /** Updates every parameter from its gradient for iteration {@code iter} (0-based), zeroes the gradients and returns the rate used. */
  double step(int iter);

  /** The global L2 norm of all gradients, in double. */
  double gradientNorm();

  /** The optimizer state, tensors in a fixed order; live, for checkpoints. */
  List<Tensor> history();

  /** Copies a saved {@link #history()} back (same parameters, same order, same shapes). */
  void restore(List<Tensor> saved);

  LrPolicy policy();
}
