package dev.trainer.train;

import dev.trainer.UserError;
import dev.trainer.layer.Net;
import dev.trainer.layer.NamedParam;
import dev.trainer.tensor.Heap;

/**
 * Refuses, right after setup, a net whose training would run out of heap: what is still to be
 * allocated is every layer's output and input gradient at the largest batch (2 floats per output
 * value: a lower bound, as batch norm and dropout keep more) plus the solver's momentum (one float
 * per parameter). Parameters that do not fit are refused earlier, by {@code Param}.
 */
final class MemoryBudget {
  private MemoryBudget() {}

  /** Throws a {@link UserError} naming the largest layer when the rest would not fit. */
  static void check(Net net, int batch) {
    double total = 0;
    double largest = -1;
    int at = 0;
    for (int i = 0; i < net.size(); i++) {
      double bytes = 2.0 * Float.BYTES * net.outputShape(i).elements() * batch;
      total += bytes;
      if (bytes > largest) {
        largest = bytes;
        at = i;
      }
    }
    double momentum = 0;
    for (NamedParam p : net.params()) momentum += Float.BYTES * (double) p.param().value.size();
    long need = (long) Math.min(Long.MAX_VALUE, total + momentum);
    if (!Heap.fits(need)) {
      throw new UserError(net.describe(at) + ": at batch size " + batch + " the layers' outputs and gradients need "
          + Heap.format((long) Math.min(Long.MAX_VALUE, total)) + " (this layer " + Heap.format((long) largest)
          + ", the largest), more than the " + Heap.format(Heap.available()) + " left; " + Heap.hint(), 2);
    }
  }
}
