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
 * The TEST-mode statistics are accumulated over TRAIN passes in one of two ways ({@link Stats}):
 *
 * <pre>
 *   EMA (PyTorch's BatchNorm, the default; momentum = weight of the current batch, default 0.1):
 *     running_mean = (1 − momentum)·running_mean + momentum·μ
 *     running_var  = (1 − momentum)·running_var  + momentum·σ²·m/(m − 1)   (unbiased; σ² if m = 1)
 *     starting from mean 0, variance 1
 *
 *   CAFFE (Caffe's BatchNormLayer; moving_average_fraction f = weight of the old sums, default 0.999):
 *     w     = f·w + 1                       (Caffe's blobs_[2], the accumulated weight)
 *     S_mean = f·S_mean + μ,   S_var = f·S_var + σ²·m/(m − 1)
 *     running_mean = S_mean / w,   running_var = S_var / w
 *     starting from w = S_mean = S_var = 0
 * </pre>
 *
 * The two agree when momentum = 1 − f except at the start: EMA shrinks the first batches'
 * statistics towards (0, 1), while Caffe's sums divided by w are the f-weighted mean of the
 * batches seen so far, unbiased from the first batch on (after t batches w = 1 + f + … + f^(t−1)).
 * Before any TRAIN pass CAFFE uses mean 0 and variance 1 like EMA (Caffe itself would divide by a
 * variance of 0 + ε). {@link #state()} returns what a checkpoint must keep: [running_mean,
 * running_var] for EMA, [S_mean, S_var, w] for CAFFE. γ and β have decay_mult 0.
 */
public final class BatchNorm implements Layer {
  /** How the TEST-mode statistics are accumulated over TRAIN batches (see the class comment). */
  public enum Stats {
    /** PyTorch's exponential moving average with {@code momentum}. */
    EMA,
    /** Caffe's weighted sums divided by the accumulated weight, with {@code moving_average_fraction}. */
    CAFFE
  }

  public static final float DEFAULT_MOMENTUM = 0.1f;
  public static final float DEFAULT_MOVING_AVERAGE_FRACTION = 0.999f;
  public static final float DEFAULT_EPS = 1e-5f;

  private final Stats stats;
  private final float factor; // EMA: momentum; CAFFE: moving_average_fraction f
  private final float eps;
  private int channels;
  private int spatial;
  private Param gamma;
  private Param beta;
  private Tensor runningMean; // EMA: the running mean; CAFFE: S_mean
  private Tensor runningVar; // EMA: the running variance; CAFFE: S_var
  private Tensor weight; // CAFFE only: [w]
  private float[] invStd = new float[0];
  private Mode mode;
  private Tensor xhat;
  private Tensor y;
  private Tensor dx;

  /** PyTorch's defaults: EMA with momentum 0.1, ε = 1e-5. */
  public BatchNorm() {
    this(DEFAULT_MOMENTUM, DEFAULT_EPS);
  }

  /**
   * EMA statistics (PyTorch).
   *
   * @param momentum weight of the current batch in the running statistics, in [0, 1]
   * @param eps added to the variance, &gt; 0
   */
  public BatchNorm(float momentum, float eps) {
    this(Stats.EMA, momentum, eps);
  }

  /**
   * @param stats how the TEST statistics are accumulated
   * @param factor EMA: momentum, the weight of the current batch; CAFFE: moving_average_fraction,
   *     the weight of the old sums; in [0, 1]
   * @param eps added to the variance, &gt; 0
   */
  public BatchNorm(Stats stats, float factor, float eps) {
    if (!(factor >= 0 && factor <= 1) || !(eps > 0)) {
      throw new IllegalArgumentException("batch norm " + stats + " factor=" + factor + " eps=" + eps);
    }
    this.stats = stats;
    this.factor = factor;
    this.eps = eps;
  }

  /** Caffe's form with moving_average_fraction {@code fraction}. */
  public static BatchNorm caffe(float fraction, float eps) {
    return new BatchNorm(Stats.CAFFE, fraction, eps);
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
    if (stats == Stats.EMA) runningVar.fill(1f);
    else weight = new Tensor(Shape.of(1));
    invStd = new float[channels];
    return input;
  }

  @Override
  public Tensor forward(Tensor x, Mode mode) {
    this.mode = mode;
    int n = x.batch();
    xhat = Tensor.reuse(xhat, x.shape());
    y = Tensor.reuse(y, x.shape());
    if (mode == Mode.TRAIN && stats == Stats.CAFFE) weight.data[0] = factor * weight.data[0] + 1;
    for (int c = 0; c < channels; c++) {
      double mean;
      double var;
      if (mode == Mode.TRAIN) {
        mean = channelMean(x.data, n, c);
        var = channelVariance(x.data, n, c, mean);
        updateRunning(c, mean, var, n * spatial);
      } else {
        mean = testMean(c);
        var = testVariance(c);
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
    if (stats == Stats.EMA) {
      runningMean.data[c] = (float) ((1 - factor) * runningMean.data[c] + factor * mean);
      runningVar.data[c] = (float) ((1 - factor) * runningVar.data[c] + factor * unbiased);
    } else {
      runningMean.data[c] = (float) (factor * runningMean.data[c] + mean);
      runningVar.data[c] = (float) (factor * runningVar.data[c] + unbiased);
    }
  }

  /** The mean TEST mode uses for channel c. */
  double testMean(int c) {
    if (stats == Stats.EMA) return runningMean.data[c];
    return weight.data[0] == 0 ? 0 : (double) runningMean.data[c] / weight.data[0];
  }

  /** The variance TEST mode uses for channel c. */
  double testVariance(int c) {
    if (stats == Stats.EMA) return runningVar.data[c];
    return weight.data[0] == 0 ? 1 : (double) runningVar.data[c] / weight.data[0];
  }

  /**
   * The per-channel mean and variance TEST mode uses, {mean[C], var[C]} (PyTorch's
   * {@code running_mean} and {@code running_var}; for CAFFE statistics the sums divided by w).
   */
  public float[][] runningStatistics() {
    float[][] s = new float[2][channels];
    for (int c = 0; c < channels; c++) {
      s[0][c] = (float) testMean(c);
      s[1][c] = (float) testVariance(c);
    }
    return s;
  }

  /** Sets the TEST-mode mean and variance per channel (CAFFE statistics: as sums of weight w = 1). */
  public void setRunningStatistics(float[] mean, float[] var) {
    System.arraycopy(mean, 0, runningMean.data, 0, channels);
    System.arraycopy(var, 0, runningVar.data, 0, channels);
    if (stats == Stats.CAFFE) weight.data[0] = 1;
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

  /** EMA: running mean and running variance, each [C]; CAFFE: S_mean, S_var ([C]) and w ([1]). */
  @Override
  public List<Tensor> state() {
    return stats == Stats.EMA ? List.of(runningMean, runningVar) : List.of(runningMean, runningVar, weight);
  }
}
