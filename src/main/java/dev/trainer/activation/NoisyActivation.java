package dev.trainer.activation;

import dev.trainer.layer.Mode;
import dev.trainer.layer.Param;
import dev.trainer.tensor.Rng;
import java.util.List;

/**
 * Noisy activation function with learned p (Gulcehre, Moczulski, Denil &amp; Bengio, "Noisy
 * Activation Functions", ICML 2016, arXiv 1603.00391; "NAN with learned p" in the authors'
 * {@code nunits.py}). A hard-saturating h(x) = clip(k·x + b, lo, hi) is mixed with its
 * linearization u(x) = k·x + b at 0, and noise is injected where h saturates:
 *
 * <pre>
 *   Δ = h(x) − u(x)                       (0 in the linear regime)
 *   s = sigmoid(p_c·Δ),   σ = c·(s − 0.5)²
 *   d = −sgn(x)·sgn(1 − α)                (half-normal noise; authors' code: sgn(x) if α &gt; 1, else −sgn(x))
 *     = −sgn(x)                           (normal noise)
 *   φ = α·h(x) + (1 − α)·u(x) + d·σ·ν
 *   ν = |ξ| (half-normal) or ξ (normal), ξ ~ N(0, 1) per element in TRAIN;
 *       in TEST the expectation: E|ξ| = sqrt(2/π) ≈ 0.798 (half-normal) or 0 (normal)
 *
 *   with σ'(z) = 2c·(s − 0.5)·s·(1 − s) and ν held fixed:
 *   dφ/dx   = α·h'(x) + (1 − α)·k + d·ν·σ'·p_c·(h'(x) − k),   h'(x) = k inside (lo, hi), else 0
 *   dL/dp_c = Σ dL/dφ · d·ν·σ'·Δ
 * </pre>
 *
 * α &gt; 1 lets the unit leak past its saturation point, and d then points the noise back towards
 * the unsaturated regime. p is one value per channel (per unit for N×F inputs, as in the paper),
 * or one per layer with {@code channel_shared}, initialized to 1. The noise comes from the layer's
 * random stream given to {@link #setup}.
 */
public abstract class NoisyActivation extends ChannelwiseActivation {
  private static final float HALF_NORMAL_MEAN = (float) Math.sqrt(2 / Math.PI);
  private final float k;
  private final float b;
  private final float lo;
  private final float hi;
  private final float alpha;
  private final float c;
  private final boolean halfNormal;
  private final ParamSpec spec;
  private ChannelParam p;
  private Rng rng;
  private float[] noise = new float[0];

  /** h(x) = clip(k·x + b, lo, hi); see the class comment for alpha, c and halfNormal. */
  protected NoisyActivation(float k, float b, float lo, float hi, float alpha, float c, boolean halfNormal,
      ParamSpec p) {
    this.k = k;
    this.b = b;
    this.lo = lo;
    this.hi = hi;
    this.alpha = alpha;
    this.c = c;
    this.halfNormal = halfNormal;
    this.spec = p;
  }

  @Override
  protected void createParams(int channels, Rng rng) {
    this.rng = rng;
    p = new ChannelParam("p", channels, spec);
  }

  @Override
  public List<Param> params() {
    return List.of(p.param);
  }

  @Override
  protected void beforeForward() {
    if (mode != Mode.TRAIN) return;
    if (noise.length != x.length) noise = new float[x.length];
    for (int i = 0; i < noise.length; i++) {
      float xi = (float) rng.nextGaussian();
      noise[i] = halfNormal ? Math.abs(xi) : xi;
    }
  }

  /** The direction d of the noise for input v. */
  private float direction(float v) {
    float sign = Math.signum(v);
    return halfNormal && alpha > 1 ? sign : -sign;
  }

  /** ν of element i. */
  private float noiseAt(int i) {
    if (mode == Mode.TRAIN) return noise[i];
    return halfNormal ? HALF_NORMAL_MEAN : 0f;
  }

  @Override
  protected void forwardChannels(int from, int to) {
    for (int ch = from; ch < to; ch++) {
      float pc = p.at(ch);
      for (int n = 0; n < batch; n++) {
        for (int i = offset(n, ch), end = i + spatial; i < end; i++) {
          float u = k * x[i] + b;
          float h = Math.max(lo, Math.min(hi, u));
          float s = Sigmoid.sigmoid(pc * (h - u)) - 0.5f;
          y[i] = alpha * h + (1 - alpha) * u + direction(x[i]) * c * s * s * noiseAt(i);
        }
      }
    }
  }

  @Override
  protected void backwardChannels(int from, int to) {
    for (int ch = from; ch < to; ch++) {
      float pc = p.at(ch);
      double sum = 0;
      for (int n = 0; n < batch; n++) {
        for (int i = offset(n, ch), end = i + spatial; i < end; i++) {
          float u = k * x[i] + b;
          boolean inside = u > lo && u < hi;
          float h = inside ? u : u <= lo ? lo : hi;
          float delta = h - u;
          float s = Sigmoid.sigmoid(pc * delta);
          float dSigma = 2 * c * (s - 0.5f) * s * (1 - s);
          float noiseTerm = direction(x[i]) * noiseAt(i) * dSigma;
          float dh = inside ? k : 0f;
          dx[i] = dy[i] * (alpha * dh + (1 - alpha) * k + noiseTerm * pc * (dh - k));
          sum += dy[i] * noiseTerm * delta;
        }
      }
      p.sums[ch] = sum;
    }
  }

  @Override
  protected void afterBackward() {
    p.accumulate();
  }
}
