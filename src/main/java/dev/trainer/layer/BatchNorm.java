package dev.trainer.layer;

import dev.trainer.init.Constant;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.List;

/**
 * Batch normalization (Ioffe &amp; Szegedy, ICML 2015) with a learnable scale and shift, per channel
 * of a {@code [C, H, W]} input (statistics over N·H·W values) or per feature of an {@code [F]}
 * input (statistics over N values). With m values per channel:
 *
 * <pre>
 *   TRAIN:  μ = (1/m) Σ x,   σ² = (1/m) Σ (x − μ)²         (batch statistics, biased)
 *   TEST:   μ = running mean, σ² = running variance
 *   x̂ = (x − μ) / sqrt(σ² + ε),   y = γ·x̂ + β
 *
 *   dL/dγ += Σ dy·x̂      dL/dβ += Σ dy
 *   TRAIN:  dL/dx = γ / sqrt(σ² + ε) · (dy − (1/m) Σ dy − x̂ · (1/m) Σ dy·x̂)
 *   TEST:   dL/dx = γ / sqrt(σ² + ε) · dy
 * </pre>
 *
 * Running statistics follow PyTorch's convention: they start at mean 0 and variance 1 and every
 * TRAIN forward pass updates
 *
 * <pre>
 *   running_mean = (1 − momentum)·running_mean + momentum·μ
 *   running_var  = (1 − momentum)·running_var  + momentum·σ²·m/(m − 1)   (unbiased; σ² if m = 1)
 * </pre>
 *
 * with momentum 0.1 by default. (Caffe's moving_average_fraction f keeps f of the old value, so
 * it corresponds roughly to momentum 1 − f, e.g. 0.999 → 0.001.) The running statistics are
 * returned by {@link #state()} for checkpoints. γ and β have decay_mult 0.
 */
public final class BatchNorm implements Layer {
  public static final float DEFAULT_MOMENTUM = 0.1f;
  public static final float DEFAULT_EPS = 1e-5f;

  private final float momentum;
  private final float eps;
  private int channels;
  private int spatial;
  private Param gamma;
  private Param beta;
  private Tensor runningMean;
  private Tensor runningVar;
  private float[] invStd = new float[0];
  private Mode mode;
  private Tensor xhat;
  private Tensor y;
  private Tensor dx;

  /** PyTorch's defaults: momentum 0.1, ε = 1e-5. */
  public BatchNorm() {
    this(DEFAULT_MOMENTUM, DEFAULT_EPS);
  }

  /**
   * @param momentum weight of the current batch in the running statistics, in (0, 1]
   * @param eps added to the variance, &gt; 0
   */
  public BatchNorm(float momentum, float eps) {
    if (!(momentum > 0 && momentum <= 1) || !(eps > 0)) {
      throw new IllegalArgumentException("batch norm momentum=" + momentum + " eps=" + eps);
    }
    this.momentum = momentum;
    this.eps = eps;
  }

  @Override
  public Shape setup(Shape input, Rng rng) {
    channels = input.channels();
    spatial = input.spatial();
    gamma = new Param("gamma", Shape.of(channels), 1, 0);
    gamma.setInit(new Constant(1f), null);
    beta = new Param("beta", Shape.of(channels), 1, 0);
    beta.setInit(new Constant(0f), null);
    runningMean = new Tensor(Shape.of(channels));
    runningVar = new Tensor(Shape.of(channels));
    runningVar.fill(1f);
    invStd = new float[channels];
    return input;
  }

  @Override
  public Tensor forward(Tensor x, Mode mode) {
    this.mode = mode;
    int n = x.batch();
    xhat = Tensor.reuse(xhat, x.shape());
    y = Tensor.reuse(y, x.shape());
    for (int c = 0; c < channels; c++) {
      double mean;
      double var;
      if (mode == Mode.TRAIN) {
        mean = channelMean(x.data, n, c);
        var = channelVariance(x.data, n, c, mean);
        updateRunning(c, mean, var, n * spatial);
      } else {
        mean = runningMean.data[c];
        var = runningVar.data[c];
      }
      invStd[c] = (float) (1 / Math.sqrt(var + eps));
      normalize(x.data, n, c, (float) mean);
    }
    return y;
  }

  private double channelMean(float[] x, int n, int c) {
    double s = 0;
    for (int e = 0; e < n; e++) {
      for (int i = (e * channels + c) * spatial, end = i + spatial; i < end; i++) s += x[i];
    }
    return s / (n * spatial);
  }

  private double channelVariance(float[] x, int n, int c, double mean) {
    double s = 0;
    for (int e = 0; e < n; e++) {
      for (int i = (e * channels + c) * spatial, end = i + spatial; i < end; i++) s += (x[i] - mean) * (x[i] - mean);
    }
    return s / (n * spatial);
  }

  private void updateRunning(int c, double mean, double var, int m) {
    double unbiased = m > 1 ? var * m / (m - 1) : var;
    runningMean.data[c] = (float) ((1 - momentum) * runningMean.data[c] + momentum * mean);
    runningVar.data[c] = (float) ((1 - momentum) * runningVar.data[c] + momentum * unbiased);
  }

  private void normalize(float[] x, int n, int c, float mean) {
    float s = invStd[c];
    float g = gamma.value.data[c];
    float b = beta.value.data[c];
    for (int e = 0; e < n; e++) {
      for (int i = (e * channels + c) * spatial, end = i + spatial; i < end; i++) {
        xhat.data[i] = (x[i] - mean) * s;
        y.data[i] = g * xhat.data[i] + b;
      }
    }
  }

  @Override
  public Tensor backward(Tensor dy) {
    int n = dy.batch();
    int m = n * spatial;
    dx = Tensor.reuse(dx, dy.shape());
    for (int c = 0; c < channels; c++) {
      double sumDy = 0;
      double sumDyXhat = 0;
      for (int e = 0; e < n; e++) {
        for (int i = (e * channels + c) * spatial, end = i + spatial; i < end; i++) {
          sumDy += dy.data[i];
          sumDyXhat += (double) dy.data[i] * xhat.data[i];
        }
      }
      gamma.grad.data[c] += (float) sumDyXhat;
      beta.grad.data[c] += (float) sumDy;
      float scale = gamma.value.data[c] * invStd[c];
      float meanDy = mode == Mode.TRAIN ? (float) (sumDy / m) : 0f;
      float meanDyXhat = mode == Mode.TRAIN ? (float) (sumDyXhat / m) : 0f;
      for (int e = 0; e < n; e++) {
        for (int i = (e * channels + c) * spatial, end = i + spatial; i < end; i++) {
          dx.data[i] = scale * (dy.data[i] - meanDy - xhat.data[i] * meanDyXhat);
        }
      }
    }
    return dx;
  }

  @Override
  public List<Param> params() {
    return List.of(gamma, beta);
  }

  /** Running mean and running variance, each [C]. */
  @Override
  public List<Tensor> state() {
    return List.of(runningMean, runningVar);
  }
}
