package dev.trainer.train;

import dev.trainer.config.Config;
import dev.trainer.config.Settings;
import dev.trainer.data.Augmentation;
import dev.trainer.data.BatchIterator;
import dev.trainer.data.ChannelNormalization;
import dev.trainer.data.CsvDataset;
import dev.trainer.data.DataSets;
import dev.trainer.data.Dataset;
import dev.trainer.data.GlobalContrastNormalization;
import dev.trainer.data.Preprocessor;
import dev.trainer.data.ValidationSplit;
import dev.trainer.data.ZcaWhitening;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@code [data]} section made real: load the set, limit it, hold out a seeded validation part,
 * fit preprocessing on the training part only and apply it to every split, and make batch
 * iterators with the configured augmentation. Pixels are loaded as values in [0, 1]
 * ({@code preprocess = scale} leaves them there).
 */
public final class DataPipeline {
  public final Dataset train;
  /** The held-out validation part, or null when {@code validation = 0}. */
  public final Dataset validation;
  public final Dataset test;
  private final Augmentation augmentation;
  private final int batchSize;
  private final int testBatchSize;
  private final boolean dropLast;

  private DataPipeline(Dataset train, Dataset validation, Dataset test, Augmentation augmentation,
      int batchSize, int testBatchSize, boolean dropLast) {
    this.train = train;
    this.validation = validation;
    this.test = test;
    this.augmentation = augmentation;
    this.batchSize = batchSize;
    this.testBatchSize = testBatchSize;
    this.dropLast = dropLast;
  }

  public static DataPipeline load(Config config, Rng rng, Consumer<String> log) {
    Settings d = config.data();
    DataSets.Splits splits = splits(config);
    Dataset train = limit(splits.train(), d.integer("train_limit"));
    Dataset test = limit(splits.test(), d.integer("test_limit"));
    Dataset validation = null;
    if (d.real("validation") > 0) {
      ValidationSplit.Parts parts = ValidationSplit.split(train, d.real("validation"), rng.stream("validation"));
      train = parts.train();
      validation = parts.validation();
    }
    List<Dataset> others = new ArrayList<>(List.of(test));
    if (validation != null) others.add(validation);
    List<Preprocessor> steps = preprocessing(d.string("preprocess"));
    Preprocessor.fitAndApply(steps, train, others);
    log.accept(String.format("data %s from %s: %d train, %s validation, %d test, %s per example",
        d.string("set"), config.dataDir(), train.size(), validation == null ? "no" : validation.size(),
        test.size(), train.shape()));
    for (Preprocessor p : steps) log.accept("preprocess " + p.describe());
    Augmentation aug = new Augmentation(d.integer("pad"), d.integer("crop"), d.bool("mirror"));
    log.accept("augmentation " + aug);
    return new DataPipeline(train, validation, test, aug, d.integer("batch_size"), d.integer("test_batch_size"),
        d.bool("drop_last"));
  }

  /** The set's training and test data; a CSV set from the files and columns its keys name. */
  private static DataSets.Splits splits(Config config) {
    Settings d = config.data();
    if (!d.string("set").equals("csv")) return DataSets.load(d.string("set"), config.dataDir(), config.sources());
    CsvDataset.Format format = new CsvDataset.Format(d.bool("header"), d.string("label_column"),
        d.string("feature_columns"), d.integer("classes"));
    return CsvDataset.loadSplits("csv", config.dataDir().resolve(d.string("train_file")),
        config.dataDir().resolve(d.string("test_file")), format);
  }

  private static Dataset limit(Dataset data, int limit) {
    if (limit <= 0 || limit >= data.size()) return data;
    int[] first = new int[limit];
    for (int i = 0; i < limit; i++) first[i] = i;
    return data.subset(data.name(), first);
  }

  private static List<Preprocessor> preprocessing(String name) {
    return switch (name) {
      case "none", "scale" -> List.of();
      case "mean_std" -> List.of(new ChannelNormalization());
      case "gcn_zca" -> List.of(GlobalContrastNormalization.maxout(),
          new ZcaWhitening(ZcaWhitening.DEFAULT_FILTER_BIAS, Path.of("data", "cache")));
      default -> throw new IllegalStateException(name);
    };
  }

  /** Per-example shape the net sees (after cropping). */
  public Shape inputShape() {
    return augmentation.outputShape(train.shape());
  }

  public int classes() {
    return train.classes();
  }

  /** Endless shuffled, augmented training batches; all randomness from {@code rng}. */
  public BatchIterator trainBatches(Rng rng) {
    return new BatchIterator(train, batchSize, true, dropLast, augmentation, rng);
  }

  /**
   * Training iterations per epoch: floor(N / batch_size), or ceil with {@code drop_last = false}
   * (0 when the training set is smaller than a batch and the partial batch is dropped).
   */
  public int trainBatchesPerEpoch() {
    return dropLast ? train.size() / batchSize : (train.size() + batchSize - 1) / batchSize;
  }

  /** One pass over {@code data} in order (centre crop, no mirror). */
  public BatchIterator evalBatches(Dataset data) {
    return new BatchIterator(data, testBatchSize, false, augmentation, new Rng(0));
  }
}
