package dev.trainer.cli;

import dev.trainer.UserError;
import dev.trainer.config.Config;
import dev.trainer.data.Batch;
import dev.trainer.data.BatchIterator;
import dev.trainer.layer.Net;
import dev.trainer.solver.Solver;
import dev.trainer.tensor.Parallel;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.train.DataPipeline;
import dev.trainer.train.LayerTimer;
import dev.trainer.train.MemoryMeter;
import dev.trainer.train.NetBuilder;
import dev.trainer.train.Solvers;
import dev.trainer.train.SyntheticData;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trainer time CONFIG [-n ITERS] [--warmup W] [--threads T] [--synthetic] [key=value …]}:
 * Caffe's {@code caffe time} for a config's net. Runs W warm-up and N timed training steps
 * (forward, loss, backward, SGD update) of batch {@code data.batch_size} and prints, per layer,
 * the median forward and backward time, its share of the step and the forward GFLOP/s of conv and
 * fc layers, then the update, the data pipeline, the memory (bytes allocated per step, peak and
 * live heap; {@link MemoryMeter}) and the throughput.
 *
 * <p>GFLOP/s counts the multiply-adds of the forward product (2 FLOP each, {@code
 * flopsPerExample}); the backward pass of a conv or fc layer does two products of the same size
 * (dW and dx), so a training step is about 3x the forward FLOPs.
 */
@Command(name = "time", mixinStandardHelpOptions = true,
    description = {"Time training steps of CONFIG's net layer by layer (like caffe time).",
        "Uses the configured data set when its folder exists, else (or with --synthetic) random inputs "
            + "of the configured shape. GFLOP/s: forward products of conv/fc layers (backward is about "
            + "2x forward, a training step about 3x). The last line is 'throughput: N images/s'."})
public final class TimeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CONFIG", description = "config file")
  Path config;

  @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "overrides, e.g. data.batch_size=64")
  List<String> overrides = new ArrayList<>();

  @Option(names = {"-n", "--iterations"}, paramLabel = "ITERS", defaultValue = "10",
      description = "timed training steps (default ${DEFAULT-VALUE})")
  int iterations;

  @Option(names = "--warmup", paramLabel = "W", defaultValue = "2",
      description = "untimed steps first, for the JIT (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--threads", paramLabel = "T", description = "worker threads, 0 = all cores (default: solver.threads)")
  Integer threads;

  @Option(names = "--synthetic", description = "random inputs even if the data set is present")
  boolean synthetic;

  @Override
  public Integer call() {
    if (iterations < 1) throw new UserError("-n must be at least 1, got " + iterations, 2);
    if (warmup < 0) throw new UserError("--warmup must be at least 0, got " + warmup, 2);
    if (threads != null && (threads < 0 || threads > 1024)) {
      throw new UserError("--threads must be in [0, 1024] (0 = all cores), got " + threads, 2);
    }
    Config cfg = Config.load(config, overrides);
    setThreads(threads != null ? threads : cfg.solver().integer("threads"));
    int batch = cfg.data().integer("batch_size");
    Rng root = new Rng(cfg.solver().integer("random_seed"));
    boolean real = !synthetic && Files.isDirectory(cfg.dataDir());
    DataPipeline data = real ? DataPipeline.load(cfg, root.stream("data"), line -> {}) : null;
    Shape input = real ? data.inputShape() : SyntheticData.inputShape(cfg);
    Net net = new NetBuilder().build(cfg.layers(), input, root.stream("init"), line -> {});
    int classes = classes(net);
    int itersPerEpoch = real ? Math.max(1, data.train.size() / batch) : 1;
    Solver sgd = Solvers.create(cfg, net, itersPerEpoch);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "time %s: batch %d, input %s, %d threads, %s, %d warm-up + %d timed steps%n",
        config, batch, input, Parallel.threads(),
        real ? "data " + cfg.dataDir() : "random inputs" + (synthetic ? "" : " (no " + cfg.dataDir() + ")"),
        warmup, iterations);
    out.flush();
    LayerTimer timer = new LayerTimer(net, sgd);
    MemoryMeter memory = new MemoryMeter();
    String dataLine;
    long start;
    if (real) {
      try (BatchIterator it = data.trainBatches(root.stream("order"))) {
        double wait0 = 0;
        double prepare0 = 0;
        start = System.nanoTime();
        for (int i = 0; i < warmup + iterations; i++) {
          if (i == warmup) {
            memory.start();
            start = System.nanoTime();
            wait0 = it.waitSeconds();
            prepare0 = it.prepareSeconds();
          }
          Batch b = it.next();
          timer.step(b.x, b.labels, i, i >= warmup);
        }
        dataLine = String.format(Locale.ROOT, "data: wait %.2f ms per batch, preparation %.2f ms per batch "
                + "(on a background thread, overlapping the steps)",
            (it.waitSeconds() - wait0) * 1e3 / iterations, (it.prepareSeconds() - prepare0) * 1e3 / iterations);
      }
    } else {
      Batch b = SyntheticData.batch(input, batch, classes, root.stream("synthetic"));
      start = System.nanoTime();
      for (int i = 0; i < warmup + iterations; i++) {
        if (i == warmup) {
          memory.start();
          start = System.nanoTime();
        }
        timer.step(b.x, b.labels, i, i >= warmup);
      }
      dataLine = "data: random inputs, no data pipeline";
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long allocated = memory.allocatedSinceStart();
    timer.printTable(out, batch);
    out.println(dataLine);
    out.printf(Locale.ROOT, "memory: %.1f KB allocated per step (all threads), %d GCs taking %d ms during the "
            + "timed steps, heap peak %.0f MB, %.0f MB live after a full GC%n",
        allocated / 1024.0 / iterations, memory.collectionsSinceStart(), memory.collectionMsSinceStart(),
        memory.peakHeapBytes() / 1048576.0, memory.liveHeapBytes() / 1048576.0);
    out.printf(Locale.ROOT, "throughput: %d images/s%n", Math.round(iterations * (double) batch / seconds));
    out.flush();
    return 0;
  }

  private static void setThreads(int n) {
    if (n > 0) Parallel.setThreads(n);
  }

  /** The number of logits; the last layer must give one vector per example for the softmax loss. */
  private static int classes(Net net) {
    Shape out = net.outputShape(net.size() - 1);
    if (out.rank() != 1) {
      throw new UserError(net.describe(net.size() - 1) + ": the net's last layer outputs " + out
          + " per example; the softmax loss needs a vector (add [flatten] or [gap])", 2);
    }
    return out.size();
  }
}
