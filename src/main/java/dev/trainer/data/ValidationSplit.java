package dev.trainer.data;

import dev.trainer.tensor.Rng;
import java.util.Arrays;

/**
 * Holds out a seeded random fraction of a training set for validation. The examples are drawn by
 * one shuffle of 0..N-1 with the given Rng; the first round(fraction·N) indices form the validation
 * set and the rest the training set, each kept in its original order.
 */
public final class ValidationSplit {
  /** The remaining training examples and the held-out validation examples. */
  public record Parts(Dataset train, Dataset validation) {}

  private ValidationSplit() {}

  public static Parts split(Dataset data, double fraction, Rng rng) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("validation fraction " + fraction + " not in (0, 1)");
    }
    int n = data.size();
    int held = (int) Math.round(fraction * n);
    if (held == 0 || held == n) {
      throw new DataException(data.name(), "a validation fraction of " + fraction + " of " + n
          + " examples leaves an empty split");
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    rng.shuffle(order);
    int[] validation = Arrays.copyOfRange(order, 0, held);
    int[] train = Arrays.copyOfRange(order, held, n);
    Arrays.sort(validation);
    Arrays.sort(train);
    return new Parts(data.subset(data.name() + "-train", train), data.subset(data.name() + "-validation", validation));
  }
}
