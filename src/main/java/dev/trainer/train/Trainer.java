package dev.trainer.train;

import dev.trainer.UserError;
import dev.trainer.activation.Activation;
import dev.trainer.config.Config;
import dev.trainer.data.Batch;
import dev.trainer.data.BatchIterator;
import dev.trainer.experiment.CsvTable;
import dev.trainer.interop.PortableWeights;
import dev.trainer.interop.Safetensors;
import dev.trainer.init.Moments;
import dev.trainer.layer.Mode;
import dev.trainer.layer.NamedParam;
import dev.trainer.layer.Net;
import dev.trainer.loss.SoftmaxCrossEntropy;
import dev.trainer.solver.DivergenceGuard;
import dev.trainer.solver.LrPolicies;
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
      "val_loss", "val_acc", "val_top5", "test_loss", "test_acc", "test_top5", "seconds", "elapsed_seconds",
      "images_per_sec"};
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
  /** Training loss sum, correct count and examples since the last metrics row (restored mid-interval). */
  private double partialLoss;
  private long partialCorrect;
  private long partialSeen;
  /** Seconds of training and evaluation before this process (from the checkpoint) and when it began. */
  private double elapsedBefore;
  private long resumedAt;

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
    itersPerEpoch = data.trainBatchesPerEpoch();
    if (itersPerEpoch == 0) throw new UserError("batch_size is larger than the training set (" + data.train.size() + ")", 2);
    long iters = LrPolicies.runLength(s, itersPerEpoch);
    if (iters > Integer.MAX_VALUE) {
      throw new UserError("solver.max_epochs " + s.integer("max_epochs") + " x " + itersPerEpoch
          + " iterations per epoch is more iterations than an int counts (2^31 - 1)", 2);
    }
    maxIter = (int) iters;
    if (maxIter <= 0) throw new UserError(config.sources().get(0) + ": set solver.max_iter or solver.max_epochs", 2);
    testInterval = s.integer("test_interval") > 0 ? s.integer("test_interval") : itersPerEpoch;
    display = s.integer("display") > 0 ? s.integer("display") : itersPerEpoch;
    snapshot = s.integer("snapshot");
    sgd = Solvers.create(config, net, itersPerEpoch);
  }

  /**
   * Replaces the initial weights with those of a safetensors file ({@code --init-from}, names as
   * {@link PortableWeights}); tensors the file lacks keep their initial values, and tensors the net
   * lacks are an error unless {@code partial}. A resumed run's checkpoint replaces them again.
   */
  public void initFrom(Path file, boolean partial) {
    Safetensors.Contents contents = Safetensors.read(file);
    int loaded = PortableWeights.load(net, contents.tensors(), file, partial, log::line);
    String iteration = contents.metadata().get("iteration");
    log.line("init-from " + file + ": loaded " + loaded + " of the net's " + PortableWeights.of(net).size() + " tensors"
        + (iteration == null ? "" : " (exported at iteration " + iteration + ")"));
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
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw AtomicFiles.cannotWrite(dir, e);
    }
    log.attach(dir.resolve("log.txt"));
    AtomicFiles.write(dir.resolve("config.resolved.conf"), config.resolved());
    log.line(String.format("training %d iterations (%d per epoch) with %d parameters on %d threads",
        maxIter, itersPerEpoch, parameterCount(), Parallel.threads()));
    log.line(data.validation != null
        ? "best.ckpt: chosen on validation top-1 (" + data.validation.size() + " held-out training examples)"
        : "best.ckpt: chosen on TEST top-1 (no validation split), so its test accuracy is optimistic;"
            + " set data.validation to choose on held-out data");
    try (batches; CsvLog metrics = new CsvLog(dir.resolve("metrics.csv"), keep, METRICS);
        CsvLog params = new CsvLog(dir.resolve("params.csv"), keep, PARAMS);
        Diagnostics diagnostics = Diagnostics.open(dir, config.solver().integer("diagnostics_interval"), keep)) {
      if (iteration == 0 && keep != 0) writeParams(params); // not again after a stop before the first step
      if (iteration > 0) elapsedBefore = lastElapsed(dir.resolve("metrics.csv"));
      return loop(batches, metrics, params, diagnostics);
    }
  }

  private double loop(BatchIterator batches, CsvLog metrics, CsvLog params, Diagnostics diagnostics)
      throws IOException {
    double lossSum = partialLoss;
    long correct = partialCorrect;
    long seen = partialSeen;
    long start = System.nanoTime();
    resumedAt = start;
    double lastTest = Double.NaN;
    while (iteration < maxIter) {
      String signal = StopSignals.pending();
      if (signal != null) throw stop(signal, batches, lossSum, correct, seen);
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
        metrics.sync();
        params.sync();
        diagnostics.sync();
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
    metrics.row(iteration, (double) iteration / itersPerEpoch, lr, trainLoss, trainAcc, val[0], val[1], val[2],
        test[0], test[1], test[2], seconds, elapsed(), rate);
    writeParams(params);
    log.line(String.format("test at iter %d: loss %.4f  top-1 %.4f  top-5 %.4f%s", iteration, test[0], test[1],
        test[2], data.validation == null ? "" : String.format("  (validation top-1 %.4f)", val[1])));
    return new double[] {test[1], data.validation == null ? test[1] : val[1]};
  }

  /** One params.csv row per learnable activation parameter at the current iteration (0: the initial values). */
  private void writeParams(CsvLog params) {
    for (NamedParam p : net.params()) {
      if (!(layerOf(p) instanceof Activation)) continue;
      Moments m = Moments.of(p.param().value);
      params.row(iteration, p.name(), m.mean(), m.std(), min(p.param().value), max(p.param().value));
    }
  }

  /** Seconds of training and evaluation since iteration 0, over every resumed process (the elapsed_seconds column). */
  private double elapsed() {
    return elapsedBefore + (System.nanoTime() - resumedAt) / 1e9;
  }

  /**
   * The elapsed_seconds of the last kept metrics row, where a resumed run's count continues (kept out
   * of the checkpoint so that checkpoints stay identical between identical runs); 0 if none.
   */
  private static double lastElapsed(Path metrics) {
    try {
      CsvTable t = CsvTable.read(metrics);
      if (t.size() == 0 || !t.header().contains("elapsed_seconds")) return 0;
      double v = t.number(t.size() - 1, "elapsed_seconds");
      return Double.isFinite(v) ? v : 0;
    } catch (UserError e) {
      return 0;
    }
  }

  private Object layerOf(NamedParam p) {
    return net.layer(net.names().indexOf(p.layer()));
  }

  /**
   * Saves {@code last.ckpt}, a numbered snapshot every {@code snapshot} iterations, and
   * {@code best.ckpt} when {@code accuracy} (validation top-1, or test top-1 without a validation
   * split) is the best so far. {@code last.ckpt} is written last: a run killed before it resumes
   * from the one before and writes the snapshot and best checkpoint of this iteration again.
   */
  private void checkpoint(BatchIterator batches, double accuracy) throws IOException {
    if (accuracy > bestAccuracy) bestAccuracy = accuracy;
    Checkpoint c = snapshot(batches);
    if (snapshot > 0 && iteration % snapshot == 0) c.save(dir.resolve("iter_" + iteration + ".ckpt"));
    if (accuracy == bestAccuracy) c.save(dir.resolve("best.ckpt"));
    c.save(dir.resolve("last.ckpt"));
  }

  /**
   * A stop requested by {@code signal} between two steps: saves {@code last.ckpt} with the training
   * sums of the unfinished test interval, so that the resumed run writes the same next row.
   */
  private RunInterrupted stop(String signal, BatchIterator batches, double lossSum, long correct, long seen)
      throws IOException {
    Checkpoint c = snapshot(batches);
    c.longs.put("train.partial", new long[] {Double.doubleToRawLongBits(lossSum), correct, seen});
    c.save(dir.resolve("last.ckpt"));
    return new RunInterrupted(signal, String.format("interrupted by %s after iteration %d of %d: %s written; "
        + "continue with --resume (exit status %d)", signal, iteration, maxIter, dir.resolve("last.ckpt"),
        StopSignals.EXIT_STATUS));
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

  /**
   * Restores from {@code last.ckpt}; returns the iteration whose rows in the CSV files are kept.
   * Without a checkpoint (a run killed before its first one) the run starts over: {@link CsvLog#DROP_ALL}.
   */
  private int restore(BatchIterator batches) {
    Path file = dir.resolve("last.ckpt");
    if (!Files.exists(file)) {
      log.line("--resume: no " + file + " yet; starting from iteration 0");
      return CsvLog.DROP_ALL;
    }
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
    long[] partial = c.longs.get("train.partial");
    if (partial != null) {
      partialLoss = Double.longBitsToDouble(partial[0]);
      partialCorrect = partial[1];
      partialSeen = partial[2];
    }
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
