package dev.trainer.data;

import dev.trainer.tensor.Tensor;

/**
 * A mini-batch: {@code x} is [count, C, H, W] (or [count, F]) and {@code labels[i]} the class of
 * example i. A {@link BatchIterator} fills the same Batch objects again and again; a batch is valid
 * until the next call to {@link BatchIterator#next()}.
 */
public final class Batch {
  public final Tensor x;
  public final int[] labels;
  public final int count;

  public Batch(Tensor x, int[] labels) {
    if (x.batch() != labels.length) {
      throw new IllegalArgumentException(labels.length + " labels for " + x.shape());
    }
    this.x = x;
    this.labels = labels;
    this.count = labels.length;
  }
}
