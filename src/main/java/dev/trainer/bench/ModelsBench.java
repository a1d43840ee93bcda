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
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trainer bench models [--threads 1,2] [--csv | --layers] [-n ITERS]}: images per second of full
 * training steps (forward, softmax loss, backward, SGD update, through the normal {@link Net}
 * path) on random inputs, for three workloads built from the configs in {@code configs/}:
 *
 * <pre>
 *   nin-prelu   cifar10-nin-prelu.conf with data.crop=0: NIN on 32x32 CIFAR-10 images, PReLU
 *   quick-cnn   quick-cnn.conf: Caffe's cifar10_quick
 *   mlp         mlp.conf: 784-256-256-10 on 28x28 images
 * </pre>
 *
 * all at batch 128. GFLOP/s is 3x the forward conv/fc FLOPs per image (backward does two products
 * the size of the forward one) times images/s. Each model first runs one step at batch 16 (so the
 * JIT compiles the code paths without a full NIN step), then its warm-up steps, then its timed
 * steps. When a python3 imports torch (Debian: {@code apt-get install python3-torch libopenblas0-pthread};
 * without OpenBLAS, Debian's torch uses the reference BLAS and runs ~15x slower), the same architectures run in PyTorch
 * ({@code bench/models.py}, a resource) with the same batch, steps and threads, and the ratio is
 * printed. {@code --layers} then times as many steps layer by layer ({@link LayerTimer}, as
 * {@code trainer time} does) and prints each model's per-layer table after its row.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = {"Training throughput (images/s, GFLOP/s) of NIN (CIFAR-10 32x32, PReLU), the quick CNN and "
        + "a 784-256-256-10 MLP on random inputs at batch 128, and of the same nets in PyTorch if it is installed; --layers adds each model's per-layer table."})
public final class ModelsBench implements Callable<Integer> {
  static final int BATCH = 128;
  private static final int JIT_BATCH = 16;

  /** A benchmarked net: its config, overrides and default step counts. */
  record Workload(String name, String config, List<String> overrides, int warmup, int steps) {}

  static final List<Workload> WORKLOADS = List.of(
      new Workload("nin-prelu", "cifar10-nin-prelu.conf", List.of("data.crop=0"), 3, 5),
      new Workload("quick-cnn", "quick-cnn.conf", List.of(), 20, 30),
      new Workload("mlp", "mlp.conf", List.of(), 200, 300));

  /** One measurement: a workload at a thread count by one implementation. */
  record Result(String model, int threads, String impl, double imagesPerSecond, double gflops) {}

  @Spec CommandSpec spec;

  @Option(names = "--threads", split = ",", paramLabel = "T",
      description = "thread counts to run, e.g. 1,2 (default: all cores)")
  List<Integer> threads = new ArrayList<>();

  @Option(names = "--csv", description = "print only rows model,threads,impl,images_per_second")
  boolean csv;

  @Option(names = {"-n", "--iterations"}, paramLabel = "ITERS",
      description = "timed steps of every model (default: nin-prelu 5, quick-cnn 30, mlp 300)")
  Integer iterations;

  @Option(names = "--warmup", paramLabel = "W",
      description = "full-batch warm-up steps of every model (default: nin-prelu 3, quick-cnn 20, mlp 200: the MLP needs many steps before C2 has compiled its loops)")
  Integer warmup;

  @Option(names = "--models", split = ",", paramLabel = "NAME",
      description = "only these models (nin-prelu, quick-cnn, mlp)")
  List<String> models = new ArrayList<>();

  @Option(names = "--layers",
      description = "after each model's timed steps, time as many steps layer by layer and print the per-layer table of 'trainer time'")
  boolean layers;

  @Option(names = "--configs", paramLabel = "DIR", defaultValue = "configs",
      description = "folder of cifar10-nin-prelu.conf, quick-cnn.conf and mlp.conf (default ${DEFAULT-VALUE})")
  Path configs;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (iterations != null && iterations < 1) throw new UserError("-n must be at least 1, got " + iterations, 2);
    if (warmup != null && warmup < 0) throw new UserError("--warmup must be at least 0, got " + warmup, 2);
    if (layers && csv) throw new UserError("--layers prints tables, --csv only rows: use one of them", 2);
    List<Integer> counts = threads.isEmpty() ? List.of(Parallel.threads()) : threads;
    for (int t : counts) if (t < 1) throw new UserError("--threads: counts must be at least 1, got " + t, 2);
    List<Workload> selected = select();
    PrintWriter out = spec.commandLine().getOut();
    PyTorch torch = PyTorch.find();
    if (csv) out.println("model,threads,impl,images_per_second");
    else header(out, torch);
    for (Workload w : selected) {
      Config cfg = load(w);
      for (int t : counts) {
        Parallel.setThreads(t);
        int warm = warmup != null ? warmup : w.warmup();
        int steps = iterations != null ? iterations : w.steps();
        StringWriter table = new StringWriter();
        Result java = measure(w, cfg, t, warm, steps, layers ? new PrintWriter(table) : null);
        Result py = torch == null ? null : torch.run(w.name(), t, warm, steps);
        print(out, java, py);
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
          new UserError("--models: no model '" + m + "' (known: nin-prelu, quick-cnn, mlp)", 2)));
    }
    return s;
  }

  private Config load(Workload w) {
    Path file = configs.resolve(w.config());
    if (!Files.isRegularFile(file)) {
      throw new UserError("no " + file + ": run from the project folder or pass --configs DIR", 2);
    }
    List<String> overrides = new ArrayList<>(w.overrides());
    overrides.add("data.batch_size=" + BATCH);
    return Config.load(file, overrides);
  }

  /**
   * Trains {@code steps} timed steps (after the warm-up) and returns images/s and GFLOP/s; with a
   * {@code layerTable} writer, then times as many steps layer by layer and prints their table there.
   */
  static Result measure(Workload w, Config cfg, int threads, int warmup, int steps, PrintWriter layerTable) {
    Rng root = new Rng(cfg.solver().integer("random_seed"));
    Shape input = SyntheticData.inputShape(cfg);
    Net net = new NetBuilder().build(cfg.layers(), input, root.stream("init"), line -> {});
    int classes = net.outputShape(net.size() - 1).size();
    Solver sgd = Solvers.create(cfg, net, 1);
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    Batch small = SyntheticData.batch(input, JIT_BATCH, classes, root.stream("jit"));
    Batch full = SyntheticData.batch(input, BATCH, classes, root.stream("synthetic"));
    step(net, loss, sgd, small, 0);
    for (int i = 0; i < warmup; i++) step(net, loss, sgd, full, i);
    long start = System.nanoTime();
    for (int i = 0; i < steps; i++) step(net, loss, sgd, full, i);
    double imagesPerSecond = steps * (double) BATCH / ((System.nanoTime() - start) / 1e9);
    if (layerTable != null) printLayers(layerTable, w, threads, net, sgd, full, steps);
    return new Result(w.name(), threads, "java", imagesPerSecond, 3.0 * net.flopsPerExample() * imagesPerSecond / 1e9);
  }

  private static void printLayers(PrintWriter out, Workload w, int threads, Net net, Solver sgd, Batch b, int steps) {
    LayerTimer timer = new LayerTimer(net, sgd);
    for (int i = 0; i < steps; i++) timer.step(b.x, b.labels, i, true);
    out.printf(Locale.ROOT, "%s, %d threads, layer by layer:%n", w.name(), threads);
    timer.printTable(out, BATCH);
    out.flush();
  }

  private static void step(Net net, SoftmaxCrossEntropy loss, Solver sgd, Batch b, int iteration) {
    loss.forward(net.forward(b.x, Mode.TRAIN), b.labels);
    net.backward(loss.backward());
    sgd.step(iteration);
  }

  private static void header(PrintWriter out, PyTorch torch) {
    out.printf(Locale.ROOT, "training steps at batch %d on random inputs; GFLOP/s = 3 x forward conv/fc FLOPs%n", BATCH);
    if (torch == null) {
      out.println("PyTorch is not installed (no python3 imports torch; apt-get install python3-torch libopenblas0-pthread):"
          + " Java numbers only");
    }
    out.printf(Locale.ROOT, "%-10s %7s %10s %8s %12s %12s%n", "model", "threads", "images/s", "GFLOP/s",
        "pytorch im/s", "java/pytorch");
    out.flush();
  }

  private void print(PrintWriter out, Result java, Result py) {
    if (csv) {
      out.printf(Locale.ROOT, "%s,%d,%s,%.2f%n", java.model(), java.threads(), java.impl(), java.imagesPerSecond());
      if (py != null) out.printf(Locale.ROOT, "%s,%d,%s,%.2f%n", py.model(), py.threads(), py.impl(), py.imagesPerSecond());
    } else {
      out.printf(Locale.ROOT, "%-10s %7d %10.1f %8.2f %12s %12s%n", java.model(), java.threads(),
          java.imagesPerSecond(), java.gflops(), py == null ? "-" : String.format(Locale.ROOT, "%.1f", py.imagesPerSecond()),
          py == null ? "-" : String.format(Locale.ROOT, "%.2f", java.imagesPerSecond() / py.imagesPerSecond()));
    }
    out.flush();
  }

  /**
   * The PyTorch side: {@code bench/models.py} run with the first of {@link #PYTHONS} that imports
   * torch (a pyenv or venv python3 on the PATH may lack the Debian package's torch).
   */
  static final class PyTorch {
    static final List<String> PYTHONS = List.of("python3", "/usr/bin/python3");
    private final String python;
    private final Path script;

    private PyTorch(String python, Path script) {
      this.python = python;
      this.script = script;
    }

    /** The runner, or null when no python3 imports torch. */
    static PyTorch find() throws IOException, InterruptedException {
      for (String python : PYTHONS) {
        if (succeeds(List.of(python, "-c", "import torch"))) return new PyTorch(python, script());
      }
      return null;
    }

    private static Path script() throws IOException {
      Path script = Files.createTempFile("trainer-bench-models", ".py");
      script.toFile().deleteOnExit();
      try (InputStream in = ModelsBench.class.getResourceAsStream("/bench/models.py")) {
        if (in == null) throw new IllegalStateException("resource /bench/models.py missing from the jar");
        Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
      }
      return script;
    }

    private static boolean succeeds(List<String> command) throws InterruptedException {
      try {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return false;
        }
        return p.exitValue() == 0;
      } catch (IOException e) {
        return false;
      }
    }

    /** Runs one model; the script's last line is {@code images_per_second X}. */
    Result run(String model, int threads, int warmup, int steps) throws IOException, InterruptedException {
      Process p = new ProcessBuilder(python, script.toString(), "--model", model, "--batch", String.valueOf(BATCH),
          "--threads", String.valueOf(threads), "--warmup", String.valueOf(warmup), "--steps", String.valueOf(steps))
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
      if (p.waitFor() != 0) throw new UserError("bench/models.py failed for " + model + " (exit " + p.exitValue() + ")", 1);
      String[] lines = output.split("\n");
      String last = lines[lines.length - 1].trim();
      if (!last.startsWith("images_per_second ")) throw new UserError("bench/models.py printed '" + last + "'", 1);
      double rate = Double.parseDouble(last.substring("images_per_second ".length()));
      return new Result(model, threads, "pytorch", rate, Double.NaN);
    }
  }
}
