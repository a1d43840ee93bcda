package dev.trainer.activation;

import dev.trainer.layer.Mode;
import dev.trainer.layer.Param;
import dev.trainer.tensor.Rng;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

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
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int NOISE_BLOCK = 1 << 14;
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

  /**
   * Draws ν for TRAIN: one seed from the layer's stream, then a generator per fixed block of
   * {@link #NOISE_BLOCK} elements seeded from it, so the blocks can be filled in parallel and the
   * noise does not depend on the thread count.
   */
  @Override
  protected void beforeForward() {
    if (mode != Mode.TRAIN) return;
    if (noise.length != x.length) noise = new float[x.length];
    long seed = rng.nextLong();
    int blocks = (noise.length + NOISE_BLOCK - 1) / NOISE_BLOCK;
    Loops.split(blocks, noise.length, (from, to) -> {
      for (int j = from; j < to; j++) {
        int start = j * NOISE_BLOCK;
        VectorLoops.gaussians(new Rng(seed + j), noise, halfNormal, start, Math.min(noise.length, start + NOISE_BLOCK));
      }
    });
  }

  /** ν of the lanes of {@code m} from element i. */
  private FloatVector noiseAt(int i, VectorMask<Float> m) {
    if (mode == Mode.TRAIN) return FloatVector.fromArray(SPECIES, noise, i, m);
    return FloatVector.broadcast(SPECIES, halfNormal ? HALF_NORMAL_MEAN : 0f);
  }

  /** The direction d of the noise for input v, per lane. */
  private FloatVector direction(FloatVector v) {
    float sign = halfNormal && alpha > 1 ? 1f : -1f;
    FloatVector zero = FloatVector.zero(SPECIES);
    return zero.blend(sign, v.compare(VectorOperators.GT, 0f)).blend(-sign, v.compare(VectorOperators.LT, 0f));
  }

  @Override
  protected void forwardChannels(int from, int to) {
    VectorMask<Float> all = SPECIES.maskAll(true);
    for (int ch = from; ch < to; ch++) {
      float pc = p.at(ch);
      for (int n = 0; n < batch; n++) {
        int i = offset(n, ch);
        int end = i + spatial;
        for (int whole = i + SPECIES.loopBound(spatial); i < whole; i += SPECIES.length()) forwardAt(i, all, pc);
        if (i < end) forwardAt(i, SPECIES.indexInRange(i, end), pc);
      }
    }
  }

  /** φ for the lanes of {@code m} from element i. */
  private void forwardAt(int i, VectorMask<Float> m, float pc) {
    FloatVector v = FloatVector.fromArray(SPECIES, x, i, m);
    FloatVector u = v.mul(k).add(b);
    FloatVector h = u.min(hi).max(lo);
    FloatVector s = VectorLoops.sigmoid(h.sub(u).mul(pc)).sub(0.5f);
    FloatVector noisy = direction(v).mul(c).mul(s).mul(s).mul(noiseAt(i, m));
    h.mul(alpha).add(u.mul(1 - alpha)).add(noisy).intoArray(y, i, m);
  }

  /** Sums dL/dp_c per (n, c) row in lanes, then adds the rows in order, whatever the thread count. */
  @Override
  protected void backwardChannels(int from, int to) {
    VectorMask<Float> all = SPECIES.maskAll(true);
    for (int ch = from; ch < to; ch++) {
      float pc = p.at(ch);
      double sum = 0;
      for (int n = 0; n < batch; n++) {
        FloatVector rowSum = FloatVector.zero(SPECIES);
        int i = offset(n, ch);
        int end = i + spatial;
        for (int whole = i + SPECIES.loopBound(spatial); i < whole; i += SPECIES.length()) {
          rowSum = rowSum.add(backwardAt(i, all, pc));
        }
        if (i < end) rowSum = rowSum.add(backwardAt(i, SPECIES.indexInRange(i, end), pc));
        sum += rowSum.reduceLanes(VectorOperators.ADD);
      }
      p.sums[ch] = sum;
    }
  }

  /** dx for the lanes of {@code m} from element i; returns their terms of dL/dp_c (0 outside m). */
  private FloatVector backwardAt(int i, VectorMask<Float> m, float pc) {
    FloatVector v = FloatVector.fromArray(SPECIES, x, i, m);
    FloatVector g = FloatVector.fromArray(SPECIES, dy, i, m);
    FloatVector u = v.mul(k).add(b);
    VectorMask<Float> inside = u.compare(VectorOperators.GT, lo).and(u.compare(VectorOperators.LT, hi));
    FloatVector delta = u.min(hi).max(lo).sub(u);
    FloatVector s = VectorLoops.sigmoid(delta.mul(pc));
    FloatVector dSigma = s.sub(0.5f).mul(s).mul(s.neg().add(1f)).mul(2 * c);
    FloatVector noiseTerm = direction(v).mul(noiseAt(i, m)).mul(dSigma);
    FloatVector dh = FloatVector.zero(SPECIES).blend(k, inside);
    FloatVector slope = dh.mul(alpha).add((1 - alpha) * k).add(noiseTerm.mul(pc).mul(dh.sub(k)));
    g.mul(slope).intoArray(dx, i, m);
    return g.mul(noiseTerm).mul(delta);
  }

  @Override
  protected void afterBackward() {
    p.accumulate();
  }
}
