package dev.trainer.train;

import dev.trainer.UserError;
import dev.trainer.config.Config;
import dev.trainer.data.Batch;
import dev.trainer.data.BatchIterator;
import dev.trainer.data.Dataset;
import dev.trainer.init.Lsuv;
import dev.trainer.layer.Mode;
import dev.trainer.layer.NamedParam;
import dev.trainer.layer.Net;
import dev.trainer.loss.SoftmaxCrossEntropy;
import dev.trainer.tensor.Parallel;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A config made real: the worker threads, the root random stream of {@code solver.random_seed},
 * the data (loaded, split, preprocessed) and the net (built and initialized), plus evaluation of
 * the net on a data set. {@link Trainer} trains one; {@code trainer test} restores one from a
 * checkpoint and evaluates it.
 */
public final class Experiment {
  public final Config config;
  public final Rng root;
  public final DataPipeline data;
  public final Net net;
  private final boolean usesLsuv;
  private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();

  /** Loads the data and builds the net; setup lines (data, initialization) go to {@code log}. */
  public Experiment(Config config, Consumer<String> log) {
    this.config = config;
    int threads = config.solver().integer("threads");
    if (threads > 0) Parallel.setThreads(threads);
    root = new Rng(config.solver().integer("random_seed"));
    data = DataPipeline.load(config, root.stream("data"), log);
    NetBuilder.netActivationNotes(config).forEach(log);
    NetBuilder builder = new NetBuilder();
    net = builder.build(config.layers(), data.inputShape(), root.stream("init"), log);
    usesLsuv = builder.usesLsuv();
    checkOutputs();
    MemoryBudget.check(net, largestBatch());
  }

  /** The largest batch the net will see: a training batch or a test batch (at most the whole set). */
  private int largestBatch() {
    int eval = Math.max(data.test.size(), data.validation == null ? 0 : data.validation.size());
    return Math.max(Math.min(config.data().integer("batch_size"), data.train.size()),
        Math.min(config.data().integer("test_batch_size"), eval));
  }

  private void checkOutputs() {
    var out = net.outputShape(net.size() - 1);
    if (out.rank() != 1 || out.size() != data.classes()) {
      throw new UserError(net.describe(net.size() - 1) + ": the net's last layer outputs " + out
          + " per example, but the data set has " + data.classes() + " classes", 2);
    }
  }

  /**
   * Finishes LSUV initialization when a layer uses {@code init = lsuv}: rescales those layers'
   * weights one by one, forwarding in TRAIN mode a fresh training batch per pass, drawn from the
   * random stream {@code lsuv} (so the same seed gives the same weights). Does nothing otherwise.
   */
  public void applyLsuv(Consumer<String> log) {
    if (!usesLsuv) return;
    try (BatchIterator it = data.trainBatches(root.stream("lsuv"))) {
      Lsuv.rescale(net, () -> it.next().x).forEach(log);
    }
  }

  /** A copy of the first training batch drawn from the random stream {@code stream}. */
  public Tensor firstBatch(String stream) {
    try (BatchIterator it = data.trainBatches(root.stream(stream))) {
      return it.next().x.copy();
    }
  }

  /**
   * Loss, top-1 and top-5 accuracy over one pass of {@code set} (at most test_iter batches), in
   * TEST mode, and the number of examples seen.
   */
  public double[] evaluate(Dataset set) {
    int limit = config.solver().integer("test_iter");
    double lossSum = 0;
    long top1 = 0;
    long top5 = 0;
    long n = 0;
    try (BatchIterator it = data.evalBatches(set)) {
      int batches = limit > 0 ? Math.min(limit, it.batchesPerEpoch()) : it.batchesPerEpoch();
      for (int i = 0; i < batches; i++) {
        Batch b = it.next();
        lossSum += loss.forward(net.forward(b.x, Mode.TEST), b.labels) * b.count;
        top1 += loss.correct(1);
        top5 += loss.correct(Math.min(5, data.classes()));
        n += b.count;
      }
    }
    return new double[] {lossSum / n, (double) top1 / n, (double) top5 / n, n};
  }

  /** Every parameter value, in {@link Net#params()} order (the checkpoint's "params" list). */
  public List<Tensor> paramValues() {
    List<Tensor> values = new ArrayList<>();
    for (NamedParam p : net.params()) values.add(p.param().value);
    return values;
  }

  /** Non-learned layer state such as batch-norm running statistics (the checkpoint's "state" list). */
  public List<Tensor> layerState() {
    List<Tensor> state = new ArrayList<>();
    for (int i = 0; i < net.size(); i++) state.addAll(net.layer(i).state());
    return state;
  }

  /**
   * The first parameter or layer state holding a NaN or an infinity, described for an error
   * message (e.g. {@code parameter 'fc1.weight' holds NaN (value 3 of 784)}), or empty if every
   * value is finite. Such a net's test accuracy would mean nothing.
   */
  public Optional<String> nonFinite() {
    for (NamedParam p : net.params()) {
      int i = firstNonFinite(p.param().value);
      if (i >= 0) return Optional.of(describe("parameter '" + p.name() + "'", p.param().value, i));
    }
    for (int l = 0; l < net.size(); l++) {
      for (Tensor t : net.layer(l).state()) {
        int i = firstNonFinite(t);
        if (i >= 0) return Optional.of(describe("the running statistics of layer '" + net.name(l) + "'", t, i));
      }
    }
    return Optional.empty();
  }

  private static int firstNonFinite(Tensor t) {
    for (int i = 0; i < t.size(); i++) if (!Float.isFinite(t.data[i])) return i;
    return -1;
  }

  private static String describe(String what, Tensor t, int i) {
    return what + " holds " + t.data[i] + " (value " + (i + 1) + " of " + t.size() + ")";
  }

  /** Copies the checkpoint's parameters and layer state into the net; a net of another shape is an error. */
  public void restoreWeights(Checkpoint c) {
    c.restoreInto("params", paramValues());
    c.restoreInto("state", layerState());
  }
}
