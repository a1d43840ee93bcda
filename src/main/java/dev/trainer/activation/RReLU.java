package dev.trainer.activation;

import dev.trainer.config.ConfigException;
import dev.trainer.layer.Mode;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;

/**
 * Randomized leaky ReLU (Xu, Wang, Chen &amp; Li, "Empirical Evaluation of Rectified Activations in
 * Convolutional Network", arXiv 1505.00853, 2015), in the paper's dividing form.
 *
 * <pre>
 *   TRAIN:  y = x        (x &gt; 0)
 *             = x / a    (x ≤ 0),   a ~ U(l, u) drawn per element and per pass
 *   TEST:   a = (l + u) / 2,         i.e. slope 2/(l + u) = 1/5.5 for l = 3, u = 8
 *   dy/dx = 1 or 1/a (the a of the last forward pass)
 * </pre>
 *
 * Defaults l = 3, u = 8 are the paper's (from the Kaggle NDSB winner). PyTorch's RReLU takes the
 * slope bounds lower = 1/8, upper = 1/3 instead and uses their mean (1/8 + 1/3)/2 ≈ 0.229 at
 * test time, not 1/5.5 ≈ 0.182: the two agree in training but not in testing. The noise comes from
 * the layer's random stream given to {@link #setup}. {@link #heSlope()} is the test slope.
 */
public final class RReLU extends ElementwiseActivation {
  private final float lower;
  private final float upper;
  private Rng rng;
  private boolean train;
  private float[] slopes = new float[0];
  private static final int BLOCK = 1 << 14;

  /** @param lower l and @param upper u bound the divisor a (1 ≤ l ≤ u). */
  public RReLU(float lower, float upper) {
    if (lower > upper) {
      throw new ConfigException("rrelu", "lower " + lower + " is greater than upper " + upper);
    }
    this.lower = lower;
    this.upper = upper;
  }

  @Override
  public double heSlope() {
    return 2.0 / (lower + upper);
  }

  @Override
  public Shape setup(Shape input, Rng rng) {
    this.rng = rng;
    return input;
  }

  @Override
  public Tensor forward(Tensor x, Mode mode) {
    train = mode == Mode.TRAIN;
    if (train) drawSlopes(x.size());
    return super.forward(x, mode);
  }

  /**
   * Draws every slope 1/a, a ~ U(l, u). One seed is taken from the layer's stream per pass; block b
   * of {@value #BLOCK} elements draws from {@code new Rng(seed + b)}, so blocks fill in parallel and
   * the slopes do not depend on the thread count.
   */
  private void drawSlopes(int size) {
    if (slopes.length != size) slopes = new float[size];
    long seed = rng.nextLong();
    int blocks = (size + BLOCK - 1) / BLOCK;
    Loops.split(blocks, size, (from, to) -> {
      for (int b = from; b < to; b++) {
        Rng r = new Rng(seed + b);
        for (int i = b * BLOCK, end = Math.min(size, i + BLOCK); i < end; i++) {
          slopes[i] = 1f / (lower + (upper - lower) * r.nextFloat());
        }
      }
    });
  }

  @Override
  protected void apply(float[] x, float[] y, int from, int to) {
    float[] s = slopes;
    if (train) {
      for (int i = from; i < to; i++) y[i] = Math.max(x[i], 0f) + s[i] * Math.min(x[i], 0f);
    } else {
      float a = (float) heSlope();
      for (int i = from; i < to; i++) y[i] = Math.max(x[i], 0f) + a * Math.min(x[i], 0f);
    }
  }

  @Override
  protected void gradient(float[] x, float[] y, float[] dy, float[] dx, int from, int to) {
    if (train) {
      VectorLoops.leakyGradient(x, slopes, dy, dx, from, to);
    } else {
      VectorLoops.leakyGradient(x, dy, dx, (float) heSlope(), from, to);
    }
  }
}
