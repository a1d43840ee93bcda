package dev.trainer.bench;

import dev.trainer.UserError;
import dev.trainer.config.Config;
import dev.trainer.data.Batch;
import dev.trainer.layer.Mode;
import dev.trainer.layer.Net;
import dev.trainer.loss.SoftmaxCrossEntropy;
import dev.trainer.solver.Solver;
import dev.trainer.tensor.Parallel;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.train.LayerTimer;
import dev.trainer.train.NetBuilder;
import dev.trainer.train.Solvers;
import dev.trainer.train.SyntheticData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trainer bench models [--threads 1,2] [--csv | --layers] [-n ITERS]}: images per second of
 * whole training steps (forward, softmax loss, backward, SGD update, through the normal {@link Net}
 * path) on random inputs, beside the same nets in every PyTorch that runs here, in one invocation:
 *
 * <pre>
 *   nin-relu    cifar10-nin-relu.conf with data.crop=0: NIN on 32x32 CIFAR-10 images     batch 128
 *   nin-prelu   cifar10-nin-prelu.conf with data.crop=0: the same with channel-wise PReLU batch 128
 *   quick-cnn   quick-cnn.conf: Caffe's cifar10_quick                                     batch 128
 *   mlp         mlp.conf: 784-256-256-10 on 28x28 images                                  batch 128
 *   plain30     plain30.conf: 30 3x3 convs of 16 channels at 32, 16 and 8 pixels, no BN    batch 64
 * </pre>
 *
 * Each model first runs one step at batch 16 (so the JIT compiles the code paths without a full
 * NIN step), then its warm-up steps, then its timed steps, each timed on its own; a row gives the
 * median images/s over the timed steps and the slowest and fastest step. GFLOP/s is 3x the forward
 * conv/fc FLOPs per image (backward does two products the size of the forward one) times images/s.
 *
 * <p>The PyTorch side ({@link TorchRunner}): the official libtorch through DJL when
 * {@code target/trainer-bench.jar} is built ({@code bench/pom.xml}), and a python3 that imports
 * torch ({@code bench/models.py}) when tcmalloc is installed too; both with tcmalloc preloaded, the
 * same batch, momentum, weight decay, thread count and step counts. Each row names the build and
 * allocator; the ratio is the trainer's median over the best PyTorch's. {@code --layers} then times
 * as many steps layer by layer ({@link LayerTimer}, as {@code trainer time} does) and prints each
 * model's per-layer table after its rows.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = {"Training throughput (images/s, GFLOP/s) of NIN (ReLU, PReLU), the quick CNN, a 784-256-256-10 MLP "
        + "and a 30-layer plain net on random inputs, beside the same nets in libtorch (DJL, if bench/pom.xml is built) "
        + "and Debian's torch with tcmalloc (if installed), with the ratio trainer / best PyTorch; "
        + "--layers adds each model's per-layer table."})
public final class ModelsBench implements Callable<Integer> {
  private static final int JIT_BATCH = 16;

  /** A benchmarked net: its config, overrides, batch and default step counts. */
  record Workload(String name, String config, List<String> overrides, int batch, int warmup, int steps) {}

  static final List<Workload> WORKLOADS = List.of(
      new Workload("nin-relu", "cifar10-nin-relu.conf", List.of("data.crop=0"), 128, 3, 5),
      new Workload("nin-prelu", "cifar10-nin-prelu.conf", List.of("data.crop=0"), 128, 3, 5),
      new Workload("quick-cnn", "quick-cnn.conf", List.of(), 128, 20, 30),
      new Workload("mlp", "mlp.conf", List.of(), 128, 200, 300),
      new Workload("plain30", "plain30.conf", List.of(), 64, 5, 10));

  /** Images/s over the timed steps: median, slowest and fastest step. */
  record Rate(double median, double slowest, double fastest) {
    static Rate of(int batch, double[] stepSeconds) {
      double[] r = Arrays.stream(stepSeconds).map(s -> batch / s).sorted().toArray();
      int n = r.length;
      double median = n % 2 == 1 ? r[n / 2] : (r[n / 2 - 1] + r[n / 2]) / 2;
      return new Rate(median, r[0], r[n - 1]);
    }
  }

  /** One measurement: a workload at a thread count by one implementation. */
  record Result(String model, int threads, String impl, Rate rate, List<String> notes) {}

  @Spec CommandSpec spec;

  @Option(names = "--threads", split = ",", paramLabel = "T",
      description = "thread counts to run, e.g. 1,2 (default: all cores)")
  List<Integer> threads = new ArrayList<>();

  @Option(names = "--csv", description = "print only rows model,threads,impl,images_per_second (the median)")
  boolean csv;

  @Option(names = {"-n", "--iterations"}, paramLabel = "ITERS",
      description = "timed steps of every model (default: nin 5, quick-cnn 30, mlp 300, plain30 10)")
  Integer iterations;

  @Option(names = "--warmup", paramLabel = "W",
      description = "full-batch warm-up steps of every model (default: nin 3, quick-cnn 20, mlp 200, plain30 5: the MLP needs many steps before C2 has compiled its loops)")
  Integer warmup;

  @Option(names = "--models", split = ",", paramLabel = "NAME",
      description = "only these models (nin-relu, nin-prelu, quick-cnn, mlp, plain30)")
  List<String> models = new ArrayList<>();

  @Option(names = "--layers",
      description = "after each model's timed steps, time as many steps layer by layer and print the per-layer table of 'trainer time'")
  boolean layers;

  @Option(names = "--no-pytorch", description = "time the trainer only")
  boolean noPytorch;

  @Option(names = "--configs", paramLabel = "DIR", defaultValue = "configs",
      description = "folder of the models' configs (default ${DEFAULT-VALUE})")
  Path configs;

  /** The PyTorch builds to compare with; null: found by {@link TorchRunner#discover} (tests set it). */
  List<TorchRunner> torches;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (iterations != null && iterations < 1) throw new UserError("-n must be at least 1, got " + iterations, 2);
    if (warmup != null && warmup < 0) throw new UserError("--warmup must be at least 0, got " + warmup, 2);
    if (layers && csv) throw new UserError("--layers prints tables, --csv only rows: use one of them", 2);
    List<Integer> counts = threads.isEmpty() ? List.of(Parallel.threads()) : threads;
    for (int t : counts) if (t < 1) throw new UserError("--threads: counts must be at least 1, got " + t, 2);
    List<Workload> selected = select();
    PrintWriter out = spec.commandLine().getOut();
    List<String> missing = new ArrayList<>();
    List<TorchRunner> runners = noPytorch ? List.of() : torches != null ? torches : TorchRunner.discover(projectRoot(), missing);
    if (csv) out.println("model,threads,impl,images_per_second");
    else header(out, runners, missing);
    for (Workload w : selected) {
      Config cfg = load(w);
      for (int t : counts) {
        Parallel.setThreads(t);
        int warm = warmup != null ? warmup : w.warmup();
        int steps = iterations != null ? iterations : w.steps();
        StringWriter table = new StringWriter();
        Measured java = measure(w, cfg, t, warm, steps, layers ? new PrintWriter(table) : null);
        List<Result> rows = new ArrayList<>(List.of(java.result()));
        TorchRunner.Job job = new TorchRunner.Job(w.name(), w.batch(), t, warm, steps,
            cfg.solver().real("momentum"), cfg.solver().real("weight_decay"));
        for (TorchRunner r : runners) {
          TorchRunner.Output o = r.run(job);
          rows.add(new Result(w.name(), t, o.label(), Rate.of(w.batch(), o.stepSeconds()), o.notes()));
        }
        print(out, rows, java.flopsPerImage());
        out.print(table);
      }
    }
    out.flush();
    return 0;
  }

  private List<Workload> select() {
    if (models.isEmpty()) return WORKLOADS;
    List<Workload> s = new ArrayList<>();
    for (String m : models) {
      s.add(WORKLOADS.stream().filter(w -> w.name().equals(m)).findFirst().orElseThrow(() ->
          new UserError("--models: no model '" + m + "' (known: "
              + String.join(", ", WORKLOADS.stream().map(Workload::name).toList()) + ")", 2)));
    }
    return s;
  }

  private Config load(Workload w) {
    Path file = configs.resolve(w.config());
    if (!Files.isRegularFile(file)) {
      throw new UserError("no " + file + ": run from the project folder or pass --configs DIR", 2);
    }
    List<String> overrides = new ArrayList<>(w.overrides());
    overrides.add("data.batch_size=" + w.batch());
    return Config.load(file, overrides);
  }

  /**
   * The project folder: the one holding target/ with this class's jar or classes in it (so that
   * bench/ and target/trainer-bench.jar are found wherever the launcher runs from), else the
   * working directory.
   */
  static Path projectRoot() {
    try {
      Path code = Path.of(ModelsBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path target = code.getParent();
      if (target != null && target.getFileName() != null && target.getFileName().toString().equals("target")
          && target.getParent() != null) {
        return target.getParent();
      }
    } catch (URISyntaxException | RuntimeException e) {
      // no code source (an unusual class loader): fall back to the working directory
    }
    return Path.of("").toAbsolutePath();
  }

  /** The trainer's row and the FLOPs per image of the net, for every row's GFLOP/s. */
  record Measured(Result result, long flopsPerImage) {}

  /**
   * Trains {@code steps} timed steps (after the warm-up), each timed on its own; with a
   * {@code layerTable} writer, then times as many steps layer by layer and prints their table there.
   */
  static Measured measure(Workload w, Config cfg, int threads, int warmup, int steps, PrintWriter layerTable) {
    Rng root = new Rng(cfg.solver().integer("random_seed"));
    Shape input = SyntheticData.inputShape(cfg);
    Net net = new NetBuilder().build(cfg.layers(), input, root.stream("init"), line -> {});
    int classes = net.outputShape(net.size() - 1).size();
    Solver sgd = Solvers.create(cfg, net, 1);
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    Batch small = SyntheticData.batch(input, JIT_BATCH, classes, root.stream("jit"));
    Batch full = SyntheticData.batch(input, w.batch(), classes, root.stream("synthetic"));
    step(net, loss, sgd, small, 0);
    for (int i = 0; i < warmup; i++) step(net, loss, sgd, full, i);
    double[] seconds = new double[steps];
    for (int i = 0; i < steps; i++) {
      long start = System.nanoTime();
      step(net, loss, sgd, full, i);
      seconds[i] = (System.nanoTime() - start) / 1e9;
    }
    if (layerTable != null) printLayers(layerTable, w, threads, net, sgd, full, steps);
    Result r = new Result(w.name(), threads, TRAINER, Rate.of(w.batch(), seconds), List.of());
    return new Measured(r, net.flopsPerExample());
  }

  /** The trainer's label in the rows (the CSV's impl column). */
  static final String TRAINER = "trainer";

  private static void printLayers(PrintWriter out, Workload w, int threads, Net net, Solver sgd, Batch b, int steps) {
    LayerTimer timer = new LayerTimer(net, sgd);
    for (int i = 0; i < steps; i++) timer.step(b.x, b.labels, i, true);
    out.printf(Locale.ROOT, "%s, %d threads, layer by layer:%n", w.name(), threads);
    timer.printTable(out, w.batch());
    out.flush();
  }

  private static void step(Net net, SoftmaxCrossEntropy loss, Solver sgd, Batch b, int iteration) {
    loss.forward(net.forward(b.x, Mode.TRAIN), b.labels);
    net.backward(loss.backward());
    sgd.step(iteration);
  }

  private static final String ROW = "%-10s %7s  %-66s %10s  %-19s %7s%n";

  private static void header(PrintWriter out, List<TorchRunner> runners, List<String> missing) {
    out.println("whole training steps (forward, loss, backward, SGD update) on random inputs, the same nets, batch and SGD");
    out.println("images/s: median of the timed steps (slowest-fastest step); GFLOP/s = 3 x forward conv/fc FLOPs");
    out.printf(Locale.ROOT, "trainer: Java %s; PyTorch: %s%n", System.getProperty("java.version"),
        runners.isEmpty() ? "none" : String.join(", ", runners.stream().map(TorchRunner::name).toList()));
    for (String m : missing) out.println("  " + m);
    out.printf(Locale.ROOT, ROW, "model", "threads", "implementation", "images/s", "(range)", "GFLOP/s");
    out.flush();
  }

  private void print(PrintWriter out, List<Result> rows, long flopsPerImage) {
    if (csv) {
      for (Result r : rows) {
        out.printf(Locale.ROOT, "%s,%d,%s,%.2f%n", r.model(), r.threads(), csvField(r.impl()), r.rate().median());
      }
      out.flush();
      return;
    }
    for (int i = 0; i < rows.size(); i++) {
      Result r = rows.get(i);
      Rate rate = r.rate();
      out.printf(Locale.ROOT, ROW, i == 0 ? r.model() : "", i == 0 ? String.valueOf(r.threads()) : "", r.impl(),
          String.format(Locale.ROOT, "%.1f", rate.median()),
          String.format(Locale.ROOT, "(%.1f-%.1f)", rate.slowest(), rate.fastest()),
          String.format(Locale.ROOT, "%.1f", 3.0 * flopsPerImage * rate.median() / 1e9));
      for (String note : r.notes()) out.printf(Locale.ROOT, "%20s  note: %s%n", "", note);
    }
    rows.stream().skip(1).max(Comparator.comparingDouble(r -> r.rate().median())).ifPresent(best ->
        out.printf(Locale.ROOT, "%20s  trainer / best PyTorch (%s): %.2f%n", "", shortName(best.impl()),
            rows.get(0).rate().median() / best.rate().median()));
    out.flush();
  }

  /** A label up to its parenthesis: "libtorch 2.7.1 (DJL ...)" is "libtorch 2.7.1". */
  static String shortName(String label) {
    int paren = label.indexOf(" (");
    return paren < 0 ? label : label.substring(0, paren);
  }

  /** A CSV field, quoted when it holds a comma or a quote (the PyTorch labels do). */
  static String csvField(String s) {
    return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }
}
