package dev.trainer.activation;

import dev.trainer.layer.Mode;
import dev.trainer.layer.Param;
import dev.trainer.tensor.Rng;
import java.util.Arrays;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
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
 * or one per layer with {@code channel_shared}, initialized to 1.
 *
 * <p>The noise: each TRAIN pass takes one seed from the layer's random stream given to
 * {@link #setup}; block b of {@value LaneRng#BLOCK} consecutive elements draws its ξ from a
 * {@link LaneRng} seeded with seed + b, so the blocks run in parallel and the noise does not depend
 * on the thread count. ν is drawn a cache-sized chunk at a time inside the forward loop and not
 * kept: the forward pass stores only τ = d·ν·σ'(p_c·Δ) per element, and the backward pass gets
 * both gradients from it without another exponential:
 *
 * <pre>
 *   dφ/dx = α·h'(x) + (1 − α)·k + τ·p_c·(h'(x) − k),   dL/dp_c = Σ dL/dφ · τ·Δ
 * </pre>
 */
public abstract class NoisyActivation extends ChannelwiseActivation {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int SIGN_BIT = 0x80000000;
  private static final float HALF_NORMAL_MEAN = (float) Math.sqrt(2 / Math.PI);
  private final float k;
  private final float b;
  private final float lo;
  private final float hi;
  private final float alpha;
  private final float c;
  private final boolean halfNormal;
  /** d for x &gt; 0 (and −d for x &lt; 0). */
  private final float sign;
  /** The bits to XOR into ν's sign for x &gt; 0: {@link #SIGN_BIT} when d = −1 there, else 0. */
  private final int signFlip;
  private final ParamSpec spec;
  private ChannelParam p;
  private Rng rng;
  /** τ = d·ν·σ'(p_c·Δ) per element of the last forward pass. */
  private float[] tau = new float[0];

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
    this.sign = halfNormal && alpha > 1 ? 1f : -1f;
    this.signFlip = sign < 0 ? SIGN_BIT : 0;
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

  /** φ and τ, chunk by chunk in parallel; in TEST ν is its expectation instead of a draw. */
  @Override
  protected void forwardPass() {
    if (tau.length != x.length) tau = new float[x.length];
    LaneRng.Draw draw = mode == Mode.TRAIN
        ? (r, nu, n) -> r.gaussians(nu, n, halfNormal)
        : (r, nu, n) -> Arrays.fill(nu, 0, n, halfNormal ? HALF_NORMAL_MEAN : 0f);
    LaneRng.forEachChunk(mode == Mode.TRAIN ? rng.nextLong() : 0, x.length, draw, this::forwardChunk);
  }

  /** Elements [from, to) with ν[i − from], in runs of one row (one p_c). */
  private void forwardChunk(float[] nu, int from, int to) {
    for (int i = from; i < to; ) {
      int row = i / spatial;
      int end = Math.min(to, (row + 1) * spatial);
      forwardRun(p.at(row % channels), nu, from, i, end);
      i = end;
    }
  }

  /** φ and τ of elements [from, to), with ν of element i at nu[i − base]. */
  private void forwardRun(float pc, float[] nu, int base, int from, int to) {
    int i = from;
    for (int whole = from + SPECIES.loopBound(to - from); i < whole; i += SPECIES.length()) {
      forwardAt(pc, nu, base, i);
    }
    for (; i < to; i++) {
      float u = k * x[i] + b;
      float h = Math.min(hi, Math.max(lo, u));
      float s = (float) (1 / (1 + Math.exp(-pc * (h - u))));
      float centered = s - 0.5f;
      float dNu = sign * Math.signum(x[i]) * nu[i - base];
      y[i] = alpha * h + (1 - alpha) * u + dNu * c * centered * centered;
      tau[i] = dNu * centered * s * (1 - s) * (2 * c);
    }
  }

  /**
   * φ and τ of the vector of elements from i, with ν of element i at nu[i − base]. d·ν is ν with its
   * sign bit flipped where d = −1; at x = 0, where d = 0, the unit is linear, so s − 0.5 = 0 and
   * the noise term and τ are 0 whatever the sign. (A method without vector arguments: a vector passed
   * to a method the compiler does not inline is copied to the heap.)
   */
  private void forwardAt(float pc, float[] nu, int base, int i) {
    FloatVector v = FloatVector.fromArray(SPECIES, x, i);
    FloatVector u = v.fma(k, b);
    FloatVector delta = u.min(hi).max(lo).sub(u);
    FloatVector s = VectorLoops.sigmoid(delta.mul(pc));
    FloatVector centered = s.sub(0.5f);
    IntVector flip = v.reinterpretAsInts().and(SIGN_BIT).lanewise(VectorOperators.XOR, signFlip);
    FloatVector dNu = FloatVector.fromArray(SPECIES, nu, i - base).reinterpretAsInts()
        .lanewise(VectorOperators.XOR, flip).reinterpretAsFloats();
    FloatVector noise = dNu.mul(centered);
    noise.mul(c).fma(centered, delta.mul(alpha).add(u)).intoArray(y, i);
    noise.mul(s.fma(s.neg(), s)).mul(2 * c).intoArray(tau, i);
  }

  @Override
  protected void backwardPass() {
    double[] sums = p.rowSums(batch);
    forEachRow((r, ch, from, to) -> sums[r] = backwardRow(p.at(ch), from, to));
    p.accumulate(batch);
  }

  /** dx of elements [from, to) of one row; returns their Σ dL/dφ·τ·Δ, the row's term of dL/dp_c. */
  private double backwardRow(float pc, int from, int to) {
    FloatVector sum = FloatVector.zero(SPECIES);
    FloatVector zero = FloatVector.zero(SPECIES);
    int i = from;
    for (int whole = from + SPECIES.loopBound(to - from); i < whole; i += SPECIES.length()) {
      FloatVector g = FloatVector.fromArray(SPECIES, dy, i);
      FloatVector t = FloatVector.fromArray(SPECIES, tau, i);
      FloatVector u = FloatVector.fromArray(SPECIES, x, i).mul(k).add(b);
      VectorMask<Float> inside = u.compare(VectorOperators.GT, lo).and(u.compare(VectorOperators.LT, hi));
      FloatVector dh = zero.blend(k, inside);
      FloatVector slope = dh.mul(alpha).add((1 - alpha) * k).add(t.mul(pc).mul(dh.sub(k)));
      g.mul(slope).intoArray(dx, i);
      sum = g.mul(t).fma(u.min(hi).max(lo).sub(u), sum);
    }
    double total = sum.reduceLanes(VectorOperators.ADD);
    for (; i < to; i++) {
      float u = k * x[i] + b;
      float dh = u > lo && u < hi ? k : 0f;
      dx[i] = dy[i] * (dh * alpha + (1 - alpha) * k + tau[i] * pc * (dh - k));
      total += dy[i] * tau[i] * (Math.min(hi, Math.max(lo, u)) - u);
    }
    return total;
  }
}
