package dev.trainer.train;

import dev.trainer.UserError;
import dev.trainer.config.Config;
import dev.trainer.config.Settings;
import dev.trainer.data.Augmentation;
import dev.trainer.data.Batch;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;

/**
 * Random inputs of the shape a config's data would have, for timing a net without its data set
 * ({@code trainer time --synthetic}, {@code trainer bench models}) and for building a config's net
 * without loading anything. The shapes are the loaders' ({@code [1,28,28]} for the MNISTs,
 * {@code [3,32,32]} for the CIFARs), after the configured crop.
 */
public final class SyntheticData {
  private SyntheticData() {}

  /** Per-example input shape of the net: the set's image shape after {@code pad}/{@code crop}. */
  public static Shape inputShape(Config config) {
    Settings d = config.data();
    return new Augmentation(d.integer("pad"), d.integer("crop"), d.bool("mirror")).outputShape(imageShape(d.string("set")));
  }

  /** A batch of {@code n} examples: N(0, 1) pixels and labels uniform in [0, classes). */
  public static Batch batch(Shape perExample, int n, int classes, Rng rng) {
    Tensor x = new Tensor(perExample.withBatch(n));
    for (int i = 0; i < x.data.length; i++) x.data[i] = (float) rng.nextGaussian();
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) labels[i] = rng.nextInt(classes);
    return new Batch(x, labels);
  }

  private static Shape imageShape(String set) {
    return switch (set) {
      case "mnist", "fashion-mnist" -> Shape.of(1, 28, 28);
      case "cifar10", "cifar100" -> Shape.of(3, 32, 32);
      default -> throw new UserError("data.set " + set + " has no fixed shape; random inputs need mnist, "
          + "fashion-mnist, cifar10 or cifar100", 2);
    };
  }
}
