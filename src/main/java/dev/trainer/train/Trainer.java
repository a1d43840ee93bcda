package dev.trainer.train;

import dev.trainer.UserError;
import dev.trainer.activation.Activation;
import dev.trainer.config.Config;
import dev.trainer.data.Batch;
import dev.trainer.data.BatchIterator;
import dev.trainer.init.Moments;
import dev.trainer.layer.Mode;
import dev.trainer.layer.NamedParam;
import dev.trainer.layer.Net;
import dev.trainer.loss.SoftmaxCrossEntropy;
import dev.trainer.solver.DivergenceGuard;
import dev.trainer.solver.Solver;
import dev.trainer.tensor.Parallel;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One training run: the loop (forward, loss, backward, divergence check, SGD step), periodic
 * evaluation, and the run directory ({@code config.resolved.conf}, {@code metrics.csv},
 * {@code params.csv}, {@code log.txt}, {@code last.ckpt}, {@code best.ckpt}, numbered snapshots,
 * and with {@code solver.diagnostics_interval} the per-layer {@code diagnostics.csv} of
 * {@link Diagnostics}).
 *
 * <p>Every metrics row coincides with a {@code last.ckpt} write, and the training statistics of
 * a row cover exactly the iterations since the previous row, so a run resumed from its last
 * checkpoint continues with the same weights, momentum, random streams and data order, and writes
 * the same rows as an uninterrupted run.
 */
public final class Trainer {
  static final String[] METRICS = {"iteration", "epoch", "lr", "train_loss", "train_acc",
      "val_loss", "val_acc", "test_loss", "test_acc", "test_top5", "seconds", "images_per_sec"};
  static final String[] PARAMS = {"iteration", "param", "mean", "std", "min", "max"};

  private final Config config;
  private final Path dir;
  private final RunLog log;
  private final Experiment experiment;
  private final DataPipeline data;
  private final Net net;
  private final Rng root;
  private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
  private final DivergenceGuard guard = new DivergenceGuard();
  private final Solver sgd;
  private final int itersPerEpoch;
  private final int maxIter;
  private final int testInterval;
  private final int display;
  private final int snapshot;
  private int iteration;
  private double bestAccuracy = -1;

  public Trainer(Config config, Path dir, RunLog log) {
    this.config = config;
    this.dir = dir;
    this.log = log;
    var s = config.solver();
    experiment = new Experiment(config, log::line);
    data = experiment.data;
    net = experiment.net;
    root = experiment.root;
    experiment.applyLsuv(log::line);
    itersPerEpoch = data.train.size() / config.data().integer("batch_size");
    if (itersPerEpoch == 0) throw new UserError("batch_size is larger than the training set (" + data.train.size() + ")", 2);
    maxIter = s.integer("max_iter") > 0 ? s.integer("max_iter") : s.integer("max_epochs") * itersPerEpoch;
    if (maxIter <= 0) throw new UserError(config.sources().get(0) + ": set solver.max_iter or solver.max_epochs", 2);
    testInterval = s.integer("test_interval") > 0 ? s.integer("test_interval") : itersPerEpoch;
    display = s.integer("display") > 0 ? s.integer("display") : itersPerEpoch;
    snapshot = s.integer("snapshot");
    sgd = Solvers.create(config, net, itersPerEpoch);
  }

  /**
   * Trains to the end (or resumes from {@code last.ckpt}); returns the final test accuracy, or NaN
   * for a resumed run that had already finished (its directory is left as it was). The run
   * directory is created, and the held-back setup lines written to its log, only once training
   * starts.
   */
  public double run(boolean resume) throws IOException {
    BatchIterator batches = data.trainBatches(root.stream("order"));
    int keep = -1;
    if (resume) keep = restore(batches);
    if (iteration >= maxIter) {
      log.line("run already finished at iteration " + iteration + " of " + maxIter + "; nothing to do"
          + " (raise solver.max_epochs or solver.max_iter to train on)");
      batches.close();
      return Double.NaN;
    }
    Files.createDirectories(dir);
    log.attach(dir.resolve("log.txt"));
    Files.writeString(dir.resolve("config.resolved.conf"), config.resolved());
    log.line(String.format("training %d iterations (%d per epoch) with %d parameters on %d threads",
        maxIter, itersPerEpoch, parameterCount(), Parallel.threads()));
    log.line(data.validation != null
        ? "best.ckpt: chosen on validation top-1 (" + data.validation.size() + " held-out training examples)"
        : "best.ckpt: chosen on TEST top-1 (no validation split), so its test accuracy is optimistic;"
            + " set data.validation to choose on held-out data");
    try (batches; CsvLog metrics = new CsvLog(dir.resolve("metrics.csv"), keep, METRICS);
        CsvLog params = new CsvLog(dir.resolve("params.csv"), keep, PARAMS);
        Diagnostics diagnostics = Diagnostics.open(dir, config.solver().integer("diagnostics_interval"), keep)) {
      return loop(batches, metrics, params, diagnostics);
    }
  }

  private double loop(BatchIterator batches, CsvLog metrics, CsvLog params, Diagnostics diagnostics)
      throws IOException {
    double lossSum = 0;
    long correct = 0;
    long seen = 0;
    long start = System.nanoTime();
    double lastTest = Double.NaN;
    while (iteration < maxIter) {
      Batch b = batches.next();
      Tensor logits = net.forward(b.x, Mode.TRAIN);
      double l = loss.forward(logits, b.labels);
      net.backward(loss.backward());
      guard.check(net, l, iteration);
      diagnostics.afterBackward(iteration + 1, net);
      double lr = sgd.step(iteration);
      iteration++;
      lossSum += l * b.count;
      correct += loss.correct(1);
      seen += b.count;
      if (iteration % display == 0) log.progress(progress(lossSum / seen, (double) correct / seen, lr, seen, start));
      else if (log.statusDue()) log.status(progress(lossSum / seen, (double) correct / seen, lr, seen, start));
      if (iteration % testInterval == 0 || iteration == maxIter) {
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] accuracy = report(metrics, params, lr, lossSum / seen, (double) correct / seen, seconds, seen / seconds);
        lastTest = accuracy[0];
        checkpoint(batches, accuracy[1]);
        lossSum = 0;
        correct = 0;
        seen = 0;
        start = System.nanoTime();
      }
    }
    return lastTest;
  }

  /** The progress line: iteration, epoch, lr, loss and accuracy since the last test, images/s and ETA. */
  private String progress(double trainLoss, double trainAcc, double lr, long seen, long start) {
    double rate = seen / ((System.nanoTime() - start) / 1e9);
    double eta = (maxIter - iteration) * (double) config.data().integer("batch_size") / rate;
    return String.format("iter %d/%d  epoch %.2f  lr %.4g  loss %.4f  acc %.4f  %.0f img/s  eta %s",
        iteration, maxIter, (double) iteration / itersPerEpoch, lr, trainLoss, trainAcc, rate, duration(eta));
  }

  /** Writes the metrics and params rows; returns {test top-1, the accuracy best.ckpt is chosen by}. */
  private double[] report(CsvLog metrics, CsvLog params, double lr, double trainLoss, double trainAcc,
      double seconds, double rate) {
    double[] val = data.validation == null ? new double[] {Double.NaN, Double.NaN, Double.NaN} : experiment.evaluate(data.validation);
    double[] test = experiment.evaluate(data.test);
    metrics.row(iteration, (double) iteration / itersPerEpoch, lr, trainLoss, trainAcc, val[0], val[1],
        test[0], test[1], test[2], seconds, rate);
    for (NamedParam p : net.params()) {
      if (!(layerOf(p) instanceof Activation)) continue;
      Moments m = Moments.of(p.param().value);
      params.row(iteration, p.name(), m.mean(), m.std(), min(p.param().value), max(p.param().value));
    }
    log.line(String.format("test at iter %d: loss %.4f  top-1 %.4f  top-5 %.4f%s", iteration, test[0], test[1],
        test[2], data.validation == null ? "" : String.format("  (validation top-1 %.4f)", val[1])));
    return new double[] {test[1], data.validation == null ? test[1] : val[1]};
  }

  private Object layerOf(NamedParam p) {
    return net.layer(net.names().indexOf(p.layer()));
  }

  /**
   * Saves {@code last.ckpt}, a numbered snapshot every {@code snapshot} iterations, and
   * {@code best.ckpt} when {@code accuracy} (validation top-1, or test top-1 without a validation
   * split) is the best so far.
   */
  private void checkpoint(BatchIterator batches, double accuracy) throws IOException {
    if (accuracy > bestAccuracy) bestAccuracy = accuracy;
    Checkpoint c = snapshot(batches);
    c.save(dir.resolve("last.ckpt"));
    if (snapshot > 0 && iteration % snapshot == 0) c.save(dir.resolve("iter_" + iteration + ".ckpt"));
    if (accuracy == bestAccuracy) c.save(dir.resolve("best.ckpt"));
  }

  private Checkpoint snapshot(BatchIterator batches) {
    Map<String, List<float[]>> tensors = new LinkedHashMap<>();
    tensors.put("params", Checkpoint.snapshot(experiment.paramValues()));
    tensors.put("history", Checkpoint.snapshot(sgd.history()));
    tensors.put("state", Checkpoint.snapshot(experiment.layerState()));
    Map<String, long[]> longs = new LinkedHashMap<>();
    List<Rng> rngs = net.rngs();
    for (int i = 0; i < rngs.size(); i++) longs.put("rng." + net.name(i), rngs.get(i).state());
    var pos = batches.position();
    longs.put("data.position", new long[] {pos.epoch(), pos.batch()});
    longs.put("data.rng", pos.rngState());
    longs.put("best", new long[] {Double.doubleToRawLongBits(bestAccuracy)});
    return new Checkpoint(config.resolved(), iteration, iteration / itersPerEpoch, tensors, longs);
  }

  /** Restores from {@code last.ckpt}; returns the iteration whose rows in the CSV files are kept. */
  private int restore(BatchIterator batches) {
    Path file = dir.resolve("last.ckpt");
    if (!Files.exists(file)) throw new UserError("--resume: no checkpoint " + file, 2);
    Checkpoint c = Checkpoint.load(file);
    ConfigDiff.requireCompatible(c.config, config.resolved(), file);
    experiment.restoreWeights(c);
    List<Tensor> history = sgd.history();
    c.restoreInto("history", history);
    sgd.restore(history);
    List<Rng> rngs = net.rngs();
    for (int i = 0; i < rngs.size(); i++) rngs.get(i).restore(c.longs.get("rng." + net.name(i)));
    long[] pos = c.longs.get("data.position");
    batches.restore(new BatchIterator.Position((int) pos[0], (int) pos[1], c.longs.get("data.rng")));
    bestAccuracy = Double.longBitsToDouble(c.longs.get("best")[0]);
    iteration = c.iteration;
    log.line("resuming " + file + " at iteration " + iteration);
    return iteration;
  }

  private long parameterCount() {
    long n = 0;
    for (NamedParam p : net.params()) n += p.param().value.size();
    return n;
  }

  public Net net() {
    return net;
  }

  /** Iterations completed so far (after a {@code DivergedException}: those before the diverged one). */
  public int iteration() {
    return iteration;
  }

  /** Number of classes of the data set (chance top-1 accuracy is 1 / classes). */
  public int classes() {
    return data.classes();
  }

  private static double min(Tensor t) {
    double m = Double.POSITIVE_INFINITY;
    for (float v : t.data) m = Math.min(m, v);
    return m;
  }

  private static double max(Tensor t) {
    double m = Double.NEGATIVE_INFINITY;
    for (float v : t.data) m = Math.max(m, v);
    return m;
  }

  private static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60) : String.format("%dm%02ds", s / 60, s % 60);
  }
}
