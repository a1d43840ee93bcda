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
  private final Optional<Lsuv> lsuv;
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
    lsuv = builder.lsuv();
    checkOutputs();
  }

  private void checkOutputs() {
    var out = net.outputShape(net.size() - 1);
    if (out.rank() != 1 || out.size() != data.classes()) {
      throw new UserError("the net's last layer '" + net.name(net.size() - 1) + "' outputs " + out
          + " per example, but the data set has " + data.classes() + " classes", 2);
    }
  }

  /**
   * Finishes LSUV initialization when a layer uses {@code init = lsuv}: rescales the weights layer
   * by layer on a first training batch. Does nothing otherwise.
   */
  public void applyLsuv(Consumer<String> log) {
    lsuv.ifPresent(l -> l.rescale(net, firstBatch("lsuv")).forEach(log));
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

  /** Copies the checkpoint's parameters and layer state into the net; a net of another shape is an error. */
  public void restoreWeights(Checkpoint c) {
    c.restoreInto("params", paramValues());
    c.restoreInto("state", layerState());
  }
}
