package dev.trainer.layer;

import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;

/**
 * Alpha dropout (Klambauer, Unterthiner, Mayr &amp; Hochreiter, "Self-Normalizing Neural Networks",
 * NeurIPS 2017, section "New Dropout Technique"): dropout for SELU nets that keeps mean 0 and
 * variance 1. A dropped unit is set to SELU's negative saturation value α' = −λα instead of 0 (the
 * value a SELU unit takes at "rest"), then an affine map restores mean and variance:
 *
 * <pre>
 *   TRAIN:  m ~ Bernoulli(q),  q = 1 − p
 *           y = a·(x·m + α'·(1 − m)) + b,   dL/dx = a·m·dL/dy
 *           a = (q + α'²·q·(1 − q))^(−1/2),   b = −a·(1 − q)·α'
 *   TEST:   y = x,   dL/dx = dL/dy
 * </pre>
 *
 * For inputs of mean 0 and variance 1: E[x·m + α'(1 − m)] = (1 − q)α' and its variance is
 * q + α'²q(1 − q), which a and b map back to 0 and 1. The mask is drawn from the random stream
 * given to {@link #setup}.
 */
public final class AlphaDropout implements Layer {
  /** −λα of SELU. */
  public static final double SATURATION = -1.0507009873554805 * 1.6732632423543772;
  private final float p;
  private final float a;
  private final float b;
  private Rng rng;
  private Mode mode;
  private boolean[] kept;
  private Tensor y;
  private Tensor dx;

  /** @param p probability of dropping a unit, in [0, 1) */
  public AlphaDropout(float p) {
    if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("alpha dropout ratio " + p + " not in [0, 1)");
    this.p = p;
    double q = 1 - (double) p;
    double scale = 1 / Math.sqrt(q + SATURATION * SATURATION * q * (1 - q));
    this.a = (float) scale;
    this.b = (float) (-scale * (1 - q) * SATURATION);
  }

  /** The affine factor a. */
  public float scale() {
    return a;
  }

  /** The affine shift b. */
  public float shift() {
    return b;
  }

  @Override
  public Shape setup(Shape input, Rng rng) {
    this.rng = rng;
    return input;
  }

  @Override
  public Tensor forward(Tensor x, Mode mode) {
    this.mode = mode;
    y = Tensor.reuse(y, x.shape());
    if (mode == Mode.TEST || p == 0) {
      y.copyFrom(x);
      return y;
    }
    if (kept == null || kept.length != x.size()) kept = new boolean[x.size()];
    float keep = 1f - p;
    float dropped = (float) (a * SATURATION + b);
    for (int i = 0; i < x.size(); i++) {
      kept[i] = rng.nextFloat() < keep;
      y.data[i] = kept[i] ? a * x.data[i] + b : dropped;
    }
    return y;
  }

  @Override
  public Tensor backward(Tensor dy) {
    dx = Tensor.reuse(dx, dy.shape());
    if (mode == Mode.TEST || p == 0) {
      dx.copyFrom(dy);
      return dx;
    }
    for (int i = 0; i < dy.size(); i++) dx.data[i] = kept[i] ? a * dy.data[i] : 0f;
    return dx;
  }
}
