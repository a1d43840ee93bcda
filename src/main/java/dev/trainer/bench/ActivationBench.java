package dev.trainer.bench;

import dev.trainer.UserError;
import dev.trainer.activation.ActivationType;
import dev.trainer.activation.Activations;
import dev.trainer.cli.Main;
import dev.trainer.init.Gaussian;
import dev.trainer.layer.Conv2d;
import dev.trainer.layer.Layer;
import dev.trainer.layer.Mode;
import dev.trainer.tensor.Parallel;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trainer bench activations}: forward + backward time of every registered activation on a
 * NIN-sized batch (default 128×192×32×32), beside the forward + backward time of the 1×1
 * convolution 192 → 192 that produces such a batch (the cheapest conv of an NIN block, so the
 * ratio is the least favourable one). Every layer runs {@code --warmup} untimed passes (so the JIT
 * has compiled its loops), then {@code --repeats} timed ones, and the median is reported. The
 * convolution is timed before the activations and again after them; its reference time is the
 * median of both sets of runs, and both medians are printed, so a change in machine load during the
 * run shows.
 *
 * <p>Each activation runs in a fresh JVM (like JMH's forks), with its own conv reference: a training
 * run uses one or two activations, and timing eighteen of them in one JVM lets the shared loops'
 * call sites turn megamorphic, after which C2 stops inlining the vector helpers and boxes vectors
 * on the heap (2–4x slower for the activations timed last). {@code --no-fork} times in-process.
 */
@Command(name = "activations", mixinStandardHelpOptions = true,
    description = "Forward+backward ms of each activation on a NIN-sized batch, as a share of a 1x1 conv's time.")
public final class ActivationBench implements Callable<Integer> {
  @Option(names = "--batch", defaultValue = "128", description = "batch size (default ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--size", defaultValue = "32", description = "spatial size H = W (default ${DEFAULT-VALUE})")
  int size;

  @Option(names = "--channels", defaultValue = "192", description = "channels (default ${DEFAULT-VALUE})")
  int channels;

  @Option(names = "--threads", defaultValue = "0", description = "threads (0 = all cores)")
  int threads;

  @Option(names = "--repeats", defaultValue = "9", description = "timed repeats; the median is reported (default ${DEFAULT-VALUE})")
  int repeats;

  @Option(names = "--warmup", defaultValue = "10", description = "untimed passes before timing, for the JIT (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--activation", split = ",", paramLabel = "NAME", description = "only these activations (default all)")
  List<String> names;

  @Option(names = "--fork", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "time each activation in a fresh JVM (default; --no-fork: all in this JVM)")
  boolean fork;

  /** A timed activation: median ms and the conv reference measured with it. */
  private record Row(String name, double ms, double convMs, double convBefore, double convAfter) {}

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (repeats < 1 || warmup < 0) throw new UserError("bench activations: --repeats must be >= 1 and --warmup >= 0", 2);
    if (batch < 1 || size < 1 || channels < 1) {
      throw new UserError("bench activations: --batch, --size and --channels must be >= 1, got " + batch + ", "
          + size + ", " + channels, 2);
    }
    if (threads < 0 || threads > 1024) throw new UserError("bench activations: --threads must be in [0, 1024], got " + threads, 2);
    if (threads > 0) Parallel.setThreads(threads);
    List<ActivationType> types = names == null ? List.copyOf(Activations.all())
        : names.stream().map(n -> Activations.get(n, "--activation")).toList();
    if (fork && types.size() > 1) {
      header(Parallel.threads(), "each in a fresh JVM");
      for (ActivationType t : types) print(forked(t.name()));
    } else {
      header(Parallel.threads(), "in one JVM");
      for (Row r : timeInProcess(types)) print(r);
    }
    return 0;
  }

  private void header(int threadCount, String how) {
    System.out.printf(Locale.ROOT, "batch %d×%d×%d×%d, %d threads, median of %d after %d warm-up passes, %s%n", batch,
        channels, size, size, threadCount, repeats, warmup, how);
    System.out.printf(Locale.ROOT, "%-18s %10s %12s %34s%n", "activation", "ms", "% of conv", "conv 1x1 ms (before, after)");
  }

  private static void print(Row r) {
    System.out.printf(Locale.ROOT, "%-18s %10.1f %11.1f%% %14.1f (%.1f, %.1f)%n", r.name(), r.ms(),
        100 * r.ms() / r.convMs(), r.convMs(), r.convBefore(), r.convAfter());
  }

  /** Times the activations one after another between two conv references. */
  private List<Row> timeInProcess(List<ActivationType> types) {
    Shape perExample = Shape.of(channels, size, size);
    Rng rng = new Rng(1);
    Tensor x = new Tensor(perExample.withBatch(batch));
    for (int i = 0; i < x.size(); i++) x.data[i] = (float) rng.nextGaussian();
    double[] before = times(conv(), perExample, x, rng);
    double[] ms = new double[types.size()];
    for (int i = 0; i < ms.length; i++) ms[i] = median(times(types.get(i).createDefault(), perExample, x, rng));
    double[] after = times(conv(), perExample, x, rng);
    double[] both = Arrays.copyOf(before, 2 * repeats);
    System.arraycopy(after, 0, both, repeats, repeats);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ms.length; i++) {
      rows.add(new Row(types.get(i).name(), ms[i], median(both), median(before), median(after)));
    }
    return rows;
  }

  /** Runs {@code trainer bench activations --no-fork --activation NAME} in a child JVM and reads its row. */
  private Row forked(String name) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "bench", "activations",
        "--no-fork", "--activation", name, "--threads", String.valueOf(Parallel.threads()), "--repeats",
        String.valueOf(repeats), "--warmup", String.valueOf(warmup), "--batch", String.valueOf(batch), "--size",
        String.valueOf(size), "--channels", String.valueOf(channels)));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    if (p.waitFor() != 0 || lines.isEmpty()) throw new UserError("bench activations: the JVM timing " + name + " failed", 1);
    String[] f = lines.get(lines.size() - 1).trim().split("[\\s(),%]+");
    return new Row(name, Double.parseDouble(f[1]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
        Double.parseDouble(f[5]));
  }

  private Conv2d conv() {
    return new Conv2d(channels, 1, 1, 0, new Gaussian(0.05));
  }

  /** Forward (TRAIN) + backward ms of {@code repeats} passes after {@code warmup} untimed ones. */
  private double[] times(Layer layer, Shape perExample, Tensor x, Rng rng) {
    Shape out = layer.setup(perExample, rng.stream("bench"));
    for (var p : layer.params()) p.initialize(rng);
    Tensor dy = new Tensor(out.withBatch(batch));
    Arrays.fill(dy.data, 0.01f);
    double[] ms = new double[repeats];
    for (int r = -warmup; r < repeats; r++) {
      long t0 = System.nanoTime();
      layer.forward(x, Mode.TRAIN);
      layer.backward(dy);
      if (r >= 0) ms[r] = (System.nanoTime() - t0) / 1e6;
    }
    return ms;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
