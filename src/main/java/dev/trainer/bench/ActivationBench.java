package dev.trainer.bench;

import dev.trainer.activation.Activation;
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
 * ratio is the least favourable one). Median of {@code --repeats} after one warm-up.
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

  @Option(names = "--repeats", defaultValue = "5", description = "timed repeats; the median is reported")
  int repeats;

  @Override
  public Integer call() {
    if (threads > 0) Parallel.setThreads(threads);
    Shape perExample = Shape.of(channels, size, size);
    Rng rng = new Rng(1);
    Tensor x = new Tensor(perExample.withBatch(batch));
    for (int i = 0; i < x.size(); i++) x.data[i] = (float) rng.nextGaussian();
    double convMs = time(new Conv2d(channels, 1, 1, 0, new Gaussian(0.05)), perExample, x, rng);
    System.out.printf(Locale.ROOT, "batch %s, %d threads; conv 1x1 %d->%d forward+backward: %.1f ms%n",
        x.shape(), Parallel.threads(), channels, channels, convMs);
    System.out.printf(Locale.ROOT, "%-18s %10s %12s%n", "activation", "ms", "% of conv");
    for (ActivationType t : Activations.all()) {
      Activation a = t.createDefault();
      double ms = time(a, perExample, x, rng);
      System.out.printf(Locale.ROOT, "%-18s %10.1f %11.1f%%%n", t.name(), ms, 100 * ms / convMs);
    }
    return 0;
  }

  private double time(Layer layer, Shape perExample, Tensor x, Rng rng) {
    Shape out = layer.setup(perExample, rng.stream("bench"));
    for (var p : layer.params()) p.initialize(rng);
    Tensor dy = new Tensor(out.withBatch(batch));
    Arrays.fill(dy.data, 0.01f);
    double[] ms = new double[repeats];
    for (int r = -1; r < repeats; r++) {
      long t0 = System.nanoTime();
      layer.forward(x, Mode.TRAIN);
      layer.backward(dy);
      if (r >= 0) ms[r] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms[repeats / 2];
  }
}
