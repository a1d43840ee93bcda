package dev.trainer.check;

import dev.trainer.layer.Layer;
import dev.trainer.layer.Mode;
import dev.trainer.layer.Param;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares a layer's analytic gradients with central differences, in the manner of Caffe's
 * {@code GradientChecker}. The loss is a fixed random projection {@code L = Σ rᵢ·yᵢ} (accumulated in
 * double), so {@code dL/dy = r}. For each checked element the numeric gradient is
 * {@code (L(v+h) − L(v−h)) / 2h} and the error is {@code |analytic − numeric| / max(|analytic|,
 * |numeric|, 1)}, compared with {@code threshold}.
 *
 * <p>Float32 needs a large step: the defaults (h = 1e-2, threshold 1e-2) work for float forward
 * passes. Inputs closer than {@code kinkRange} to {@code kink} (ReLU's 0) are skipped, since a
 * finite difference across a kink measures neither one-sided derivative. Stochastic layers (dropout,
 * RReLU) are checked with their noise frozen: the layer's random stream is restored before each
 * forward pass, so every pass draws the same noise.
 */
public final class GradientChecker {

  /** The outcome for one tensor: the input or a parameter. */
  public record Result(String tensor, double maxError, int checked, boolean ok) {}

  private final double step;
  private final double threshold;
  private final double kink;
  private final double kinkRange;
  private final int maxChecksPerTensor;

  public GradientChecker(double step, double threshold, double kink, double kinkRange, int maxChecksPerTensor) {
    this.step = step;
    this.threshold = threshold;
    this.kink = kink;
    this.kinkRange = kinkRange;
    this.maxChecksPerTensor = maxChecksPerTensor;
  }

  /** h = 1e-2, threshold 1e-2, kink band 0 ± 2h, at most 200 elements per tensor. */
  public static GradientChecker defaults() {
    return new GradientChecker(1e-2, 1e-2, 0, 2e-2, 200);
  }

  /**
   * Checks dL/dx and every parameter gradient of an already set-up layer at input {@code x}.
   *
   * @param layerRng the random stream the layer was set up with (its state is restored before
   *     each forward pass); {@code null} for deterministic layers
   * @param rng chooses the projection and the checked elements
   */
  public List<Result> check(Layer layer, Rng layerRng, Tensor x, Mode mode, Rng rng) {
    long[] noise = layerRng == null ? null : layerRng.state();
    Tensor x0 = x.copy();
    Tensor y = forward(layer, layerRng, noise, x0, mode);
    Tensor r = new Tensor(y.shape());
    for (int i = 0; i < r.size(); i++) r.data[i] = (float) rng.nextGaussian();
    for (Param p : layer.params()) p.zeroGrad();
    Tensor dx = layer.backward(r.copy()).copy();

    List<Result> results = new ArrayList<>();
    results.add(compare("input", x0, dx, true, layer, layerRng, noise, x0, mode, r, rng));
    for (Param p : layer.params()) {
      Tensor analytic = p.grad.copy();
      results.add(compare(p.name(), p.value, analytic, false, layer, layerRng, noise, x0, mode, r, rng));
    }
    return results;
  }

  private Result compare(String name, Tensor varied, Tensor analytic, boolean isInput, Layer layer,
      Rng layerRng, long[] noise, Tensor x, Mode mode, Tensor r, Rng rng) {
    double maxError = 0;
    int checked = 0;
    for (int i : chooseElements(varied.size(), rng)) {
      float v = varied.data[i];
      if (isInput && Math.abs(v - kink) < kinkRange) continue;
      varied.data[i] = (float) (v + step);
      double plus = loss(forward(layer, layerRng, noise, x, mode), r);
      varied.data[i] = (float) (v - step);
      double minus = loss(forward(layer, layerRng, noise, x, mode), r);
      varied.data[i] = v;
      double numeric = (plus - minus) / (2 * step);
      double a = analytic.data[i];
      double error = Math.abs(a - numeric) / Math.max(Math.max(Math.abs(a), Math.abs(numeric)), 1.0);
      maxError = Math.max(maxError, Double.isNaN(error) ? Double.POSITIVE_INFINITY : error);
      checked++;
    }
    return new Result(name, maxError, checked, maxError <= threshold);
  }

  private int[] chooseElements(int size, Rng rng) {
    if (size <= maxChecksPerTensor) {
      int[] all = new int[size];
      for (int i = 0; i < size; i++) all[i] = i;
      return all;
    }
    int[] some = new int[maxChecksPerTensor];
    for (int i = 0; i < some.length; i++) some[i] = rng.nextInt(size);
    return some;
  }

  private static Tensor forward(Layer layer, Rng layerRng, long[] noise, Tensor x, Mode mode) {
    if (layerRng != null) layerRng.restore(noise);
    return layer.forward(x, mode);
  }

  private static double loss(Tensor y, Tensor r) {
    double s = 0;
    for (int i = 0; i < y.size(); i++) s += (double) y.data[i] * r.data[i];
    return s;
  }
}
