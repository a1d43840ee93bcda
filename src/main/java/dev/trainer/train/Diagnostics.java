package dev.trainer.train;

import dev.trainer.activation.Activation;
import dev.trainer.activation.HardSigmoid;
import dev.trainer.activation.HardTanh;
import dev.trainer.activation.NoisyHardSigmoid;
import dev.trainer.activation.NoisyHardTanh;
import dev.trainer.activation.Sigmoid;
import dev.trainer.activation.Softsign;
import dev.trainer.activation.Tanh;
import dev.trainer.layer.Layer;
import dev.trainer.layer.Net;
import dev.trainer.layer.Param;
import dev.trainer.solver.LayerStats;
import dev.trainer.tensor.Tensor;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Per-layer activation diagnostics ({@code solver.diagnostics_interval = N}): after the backward
 * pass of every N-th iteration, one row per layer of the net goes to {@code diagnostics.csv}:
 *
 * <pre>
 *   iteration  1-based number of the iteration measured (its forward and backward pass)
 *   layer      layer name (conv1, conv1.relu, ...)
 *   mean, std  of the layer's output over the batch
 *   dead       activation layers: fraction of outputs exactly 0 (dead ReLU units; empty for other layers)
 *   saturated  bounded activations: fraction of outputs within 0.01 of a bound of their range
 *              sigmoid, hardsigmoid, noisy_hardsigmoid (range [0, 1]):      y &lt; 0.01 or y &gt; 0.99
 *              tanh, hardtanh, noisy_hardtanh, softsign (range [-1, 1]):  |y| &gt; 0.99
 *              (empty for other layers)
 *   grad_norm         L2 norm of the gradients of all the layer's parameters together (a conv/fc's
 *                     weights and biases, an activation's learned slopes), before the solver step
 *                     (0 without params)
 *   weight_grad_norm  the same for the parameter named weight alone (empty if the layer has none)
 *   bias_grad_norm    the same for the parameter named bias alone (empty if the layer has none)
 * </pre>
 *
 * All are gradients of the batch's mean loss only (weight decay is added by the solver step
 * after this), so grad_norm² = weight_grad_norm² + bias_grad_norm² for a conv or fc layer.
 *
 * Vanishing gradients show as a grad_norm that shrinks from the top weight layer toward the input
 * (Glorot and Bengio 2010 with sigmoid); dying ReLUs as a growing dead fraction.
 */
final class Diagnostics implements Closeable {
  static final String[] HEADER = {"iteration", "layer", "mean", "std", "dead", "saturated", "grad_norm",
      "weight_grad_norm", "bias_grad_norm"};
  private static final double MARGIN = 0.01;

  private final int interval;
  private final CsvLog csv;

  private Diagnostics(int interval, CsvLog csv) {
    this.interval = interval;
    this.csv = csv;
  }

  /** Diagnostics every {@code interval} iterations into {@code dir/diagnostics.csv}; off (no file) for 0. */
  static Diagnostics open(Path dir, int interval, int keepUpToIteration) throws IOException {
    if (interval <= 0) return new Diagnostics(0, null);
    return new Diagnostics(interval, new CsvLog(dir.resolve("diagnostics.csv"), keepUpToIteration, HEADER));
  }

  /** Forces the rows written so far to the disk. */
  void sync() {
    if (csv != null) csv.sync();
  }

  /** Writes the rows if {@code iteration} (1-based) is a multiple of the interval. */
  void afterBackward(int iteration, Net net) {
    if (csv == null || iteration % interval != 0) return;
    var stats = LayerStats.of(net);
    for (int i = 0; i < net.size(); i++) {
      Layer layer = net.layer(i);
      Tensor y = net.output(i);
      LayerStats s = stats.get(i);
      double dead = layer instanceof Activation ? fraction(y, 0, 0) : Double.NaN;
      double saturated = saturated(layer, y);
      csv.row(iteration, s.layer(), s.outputMean(), s.outputStd(), dead, saturated, s.gradNorm(),
          gradNorm(layer, "weight"), gradNorm(layer, "bias"));
    }
  }

  /** L2 norm of the gradient of the layer's parameter {@code name}, or NaN (an empty cell) without one. */
  static double gradNorm(Layer layer, String name) {
    for (Param p : layer.params()) {
      if (p.name().equals(name)) return Math.sqrt(p.grad.sumSquares());
    }
    return Double.NaN;
  }

  /** Fraction of outputs within {@link #MARGIN} of a bound, or NaN for a layer without a bounded range. */
  static double saturated(Layer layer, Tensor y) {
    if (layer instanceof Sigmoid || layer instanceof HardSigmoid || layer instanceof NoisyHardSigmoid) {
      return 1 - fraction(y, MARGIN, 1 - MARGIN);
    }
    if (layer instanceof Tanh || layer instanceof HardTanh || layer instanceof NoisyHardTanh
        || layer instanceof Softsign) {
      return 1 - fraction(y, -1 + MARGIN, 1 - MARGIN);
    }
    return Double.NaN;
  }

  /** Fraction of elements of {@code t} in [lo, hi]. */
  private static double fraction(Tensor t, double lo, double hi) {
    long n = 0;
    for (float v : t.data) {
      if (v >= lo && v <= hi) n++;
    }
    return (double) n / t.data.length;
  }

  @Override
  public void close() throws IOException {
    if (csv != null) csv.close();
  }
}
