package dev.trainer.bench;

import dev.trainer.UserError;
import dev.trainer.activation.ActivationType;
import dev.trainer.activation.Activations;
import dev.trainer.init.Gaussian;
import dev.trainer.layer.Conv2d;
import dev.trainer.layer.Layer;
import dev.trainer.layer.Mode;
import dev.trainer.tensor.Parallel;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.Arrays;
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

  @Option(names = "--warmup", defaultValue = "3", description = "untimed passes before timing (default ${DEFAULT-VALUE})")
  int warmup;

  @Override
  public Integer call() {
    if (repeats < 1 || warmup < 0) throw new UserError("bench activations: --repeats must be >= 1 and --warmup >= 0", 2);
    if (threads > 0) Parallel.setThreads(threads);
    Shape perExample = Shape.of(channels, size, size);
    Rng rng = new Rng(1);
    Tensor x = new Tensor(perExample.withBatch(batch));
    for (int i = 0; i < x.size(); i++) x.data[i] = (float) rng.nextGaussian();
    double[] before = times(conv(), perExample, x, rng);
    System.out.printf(Locale.ROOT, "batch %s, %d threads, median of %d after %d warm-up passes%n", x.shape(),
        Parallel.threads(), repeats, warmup);
    System.out.printf(Locale.ROOT, "%-18s %10s %12s%n", "activation", "ms", "% of conv");
    double[] ms = new double[Activations.all().size()];
    int row = 0;
    for (ActivationType t : Activations.all()) ms[row++] = median(times(t.createDefault(), perExample, x, rng));
    double[] after = times(conv(), perExample, x, rng);
    double[] both = Arrays.copyOf(before, 2 * repeats);
    System.arraycopy(after, 0, both, repeats, repeats);
    double convMs = median(both);
    row = 0;
    for (ActivationType t : Activations.all()) {
      System.out.printf(Locale.ROOT, "%-18s %10.1f %11.1f%%%n", t.name(), ms[row], 100 * ms[row] / convMs);
      row++;
    }
    System.out.printf(Locale.ROOT, "conv 1x1 %d->%d forward+backward: %.1f ms (median %.1f ms before the activations, %.1f ms after)%n",
        channels, channels, convMs, median(before), median(after));
    return 0;
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
