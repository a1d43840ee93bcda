package dev.trainer.activation;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Branch-free loops over [from, to) shared by the piecewise activations, written with the Vector
 * API. On inputs of random sign a per-element branch ({@code x > 0 ? … : …}) is mispredicted about
 * half of the time and keeps the JIT from vectorizing; here each case is a lane mask and the two
 * results are blended. (Forward passes that are plain {@code Math.max}/{@code Math.min} formulas,
 * such as {@code max(0, x) + a·min(0, x)}, stay scalar: C2 vectorizes those by itself, and as fast.) Whole vectors of {@link #SPECIES} lanes are done first, then the remaining
 * elements by the same formula in scalar code.
 *
 * <p>The sums (parameter gradients) are accumulated per lane in a float vector over the range and
 * reduced to a double at the end. Callers pass one (n, c) row at a time, so each channel's sum is
 * added up in a fixed order whatever the number of threads.
 */
final class VectorLoops {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  private VectorLoops() {}

  /** Start of the scalar tail of [from, to). */
  private static int vectorEnd(int from, int to) {
    return from + SPECIES.loopBound(to - from);
  }

  /** {@code dx = x > 0 ? dy : a·dy}. */
  static void leakyGradient(float[] x, float[] dy, float[] dx, float a, int from, int to) {
    int i = from;
    for (int end = vectorEnd(from, to); i < end; i += SPECIES.length()) {
      FloatVector g = FloatVector.fromArray(SPECIES, dy, i);
      VectorMask<Float> neg = FloatVector.fromArray(SPECIES, x, i).compare(VectorOperators.LE, 0f);
      g.blend(g.mul(a), neg).intoArray(dx, i);
    }
    for (; i < to; i++) dx[i] = x[i] > 0 ? dy[i] : a * dy[i];
  }

  /** {@code dx = x > 0 ? dy : s·dy} with a slope s per element. */
  static void leakyGradient(float[] x, float[] s, float[] dy, float[] dx, int from, int to) {
    int i = from;
    for (int end = vectorEnd(from, to); i < end; i += SPECIES.length()) {
      FloatVector g = FloatVector.fromArray(SPECIES, dy, i);
      VectorMask<Float> neg = FloatVector.fromArray(SPECIES, x, i).compare(VectorOperators.LE, 0f);
      g.blend(g.mul(FloatVector.fromArray(SPECIES, s, i)), neg).intoArray(dx, i);
    }
    for (; i < to; i++) dx[i] = x[i] > 0 ? dy[i] : s[i] * dy[i];
  }

  /** {@code dx = x > 0 ? dy : a·dy}; returns Σ dy·min(x, 0), the gradient of the slope a. */
  static double leakyGradientAndSlopeSum(float[] x, float[] dy, float[] dx, float a, int from, int to) {
    FloatVector sum = FloatVector.zero(SPECIES);
    int i = from;
    for (int end = vectorEnd(from, to); i < end; i += SPECIES.length()) {
      FloatVector v = FloatVector.fromArray(SPECIES, x, i);
      FloatVector g = FloatVector.fromArray(SPECIES, dy, i);
      VectorMask<Float> neg = v.compare(VectorOperators.LE, 0f);
      g.blend(g.mul(a), neg).intoArray(dx, i);
      sum = sum.add(g.mul(v), neg);
    }
    double total = sum.reduceLanes(VectorOperators.ADD);
    for (; i < to; i++) {
      dx[i] = x[i] > 0 ? dy[i] : a * dy[i];
      total += dy[i] * Math.min(x[i], 0f);
    }
    return total;
  }

  /** {@code dx = lo < x < hi ? k·dy : 0}. */
  static void windowGradient(float[] x, float[] dy, float[] dx, float lo, float hi, float k, int from, int to) {
    FloatVector zero = FloatVector.zero(SPECIES);
    int i = from;
    for (int end = vectorEnd(from, to); i < end; i += SPECIES.length()) {
      FloatVector v = FloatVector.fromArray(SPECIES, x, i);
      VectorMask<Float> inside = v.compare(VectorOperators.GT, lo).and(v.compare(VectorOperators.LT, hi));
      zero.blend(FloatVector.fromArray(SPECIES, dy, i).mul(k), inside).intoArray(dx, i);
    }
    for (; i < to; i++) dx[i] = x[i] > lo && x[i] < hi ? k * dy[i] : 0f;
  }

  /** {@code dx = sgn(x)·dy} (0 at x = 0). */
  static void signGradient(float[] x, float[] dy, float[] dx, int from, int to) {
    FloatVector zero = FloatVector.zero(SPECIES);
    int i = from;
    for (int end = vectorEnd(from, to); i < end; i += SPECIES.length()) {
      FloatVector v = FloatVector.fromArray(SPECIES, x, i);
      FloatVector g = FloatVector.fromArray(SPECIES, dy, i);
      zero.blend(g, v.compare(VectorOperators.GT, 0f)).blend(g.neg(), v.compare(VectorOperators.LT, 0f))
          .intoArray(dx, i);
    }
    for (; i < to; i++) dx[i] = x[i] > 0 ? dy[i] : x[i] < 0 ? -dy[i] : 0f;
  }

  /**
   * CReLU's gradient for one example of {@code per} inputs: {@code dx = [x > 0]·dy⁺ − [x < 0]·dy⁻},
   * where dy⁺ and dy⁻ are the gradients of the relu(x) and relu(−x) halves of the output.
   */
  static void creluGradient(float[] x, int src, float[] dy, int pos, int neg, float[] dx, int per) {
    FloatVector zero = FloatVector.zero(SPECIES);
    int i = 0;
    for (int end = SPECIES.loopBound(per); i < end; i += SPECIES.length()) {
      FloatVector v = FloatVector.fromArray(SPECIES, x, src + i);
      FloatVector up = zero.blend(FloatVector.fromArray(SPECIES, dy, pos + i), v.compare(VectorOperators.GT, 0f));
      FloatVector down = zero.blend(FloatVector.fromArray(SPECIES, dy, neg + i), v.compare(VectorOperators.LT, 0f));
      up.sub(down).intoArray(dx, src + i);
    }
    for (; i < per; i++) {
      float v = x[src + i];
      dx[src + i] = (v > 0 ? dy[pos + i] : 0f) - (v < 0 ? dy[neg + i] : 0f);
    }
  }

  /**
   * ELU with e^(βx): {@code y = max(x, 0) + α·(e^(β·min(x, 0)) − 1)}, i.e. x or α·(e^(βx) − 1); the
   * last partial vector with a lane mask, as in {@link #sigmoid(float[], float[], int, int)}.
   */
  static void elu(float[] x, float[] y, float alpha, float beta, int from, int to) {
    int i = from;
    for (int end = vectorEnd(from, to); i < end; i += SPECIES.length()) {
      FloatVector v = FloatVector.fromArray(SPECIES, x, i);
      v.max(0f).add(expMinusOne(v.min(0f).mul(beta)).mul(alpha)).intoArray(y, i);
    }
    if (i < to) {
      VectorMask<Float> m = SPECIES.indexInRange(i, to);
      FloatVector v = FloatVector.fromArray(SPECIES, x, i, m);
      v.max(0f).add(expMinusOne(v.min(0f).mul(beta)).mul(alpha)).intoArray(y, i, m);
    }
  }

  /** {@code dx = x > 0 ? dy : dy·β·(y + α)} for the output y of {@link #elu}. */
  static void eluGradient(float[] x, float[] y, float[] dy, float[] dx, float alpha, float beta, int from, int to) {
    int i = from;
    for (int end = vectorEnd(from, to); i < end; i += SPECIES.length()) {
      FloatVector g = FloatVector.fromArray(SPECIES, dy, i);
      FloatVector slope = FloatVector.fromArray(SPECIES, y, i).add(alpha).mul(beta);
      VectorMask<Float> neg = FloatVector.fromArray(SPECIES, x, i).compare(VectorOperators.LE, 0f);
      g.blend(g.mul(slope), neg).intoArray(dx, i);
    }
    for (; i < to; i++) dx[i] = x[i] > 0 ? dy[i] : dy[i] * (y[i] + alpha) * beta;
  }

  /**
   * {@link #eluGradient} plus the gradients of α and β: stores Σ dy·(e^(β·min(x, 0)) − 1) in
   * {@code alphaSums[row]} and Σ dy·min(x, 0)·(y + α) in {@code betaSums[row]}. For α ≠ 0 the factor
   * e^(βx) − 1 is read back from the forward output as y/α (x ≤ 0), which saves the exponential;
   * at α = 0 it is recomputed, so the α gradient stays finite there.
   */
  static void eluGradientAndSums(float[] x, float[] y, float[] dy, float[] dx, float alpha, float beta,
      int from, int to, double[] alphaSums, double[] betaSums, int row) {
    FloatVector sumAlpha = FloatVector.zero(SPECIES);
    FloatVector sumBeta = FloatVector.zero(SPECIES);
    int i = from;
    for (int end = vectorEnd(from, to); i < end; i += SPECIES.length()) {
      FloatVector v = FloatVector.fromArray(SPECIES, x, i);
      FloatVector g = FloatVector.fromArray(SPECIES, dy, i);
      FloatVector yPlusAlpha = FloatVector.fromArray(SPECIES, y, i).add(alpha);
      FloatVector nonPositive = v.min(0f);
      VectorMask<Float> neg = v.compare(VectorOperators.LE, 0f);
      g.blend(g.mul(yPlusAlpha.mul(beta)), neg).intoArray(dx, i);
      FloatVector expm1 = alpha != 0
          ? FloatVector.zero(SPECIES).blend(FloatVector.fromArray(SPECIES, y, i).mul(1f / alpha), neg)
          : expMinusOne(nonPositive.mul(beta));
      sumAlpha = sumAlpha.add(g.mul(expm1));
      sumBeta = sumBeta.add(g.mul(nonPositive).mul(yPlusAlpha));
    }
    double totalAlpha = sumAlpha.reduceLanes(VectorOperators.ADD);
    double totalBeta = sumBeta.reduceLanes(VectorOperators.ADD);
    for (; i < to; i++) {
      float nonPositive = Math.min(x[i], 0f);
      float yPlusAlpha = y[i] + alpha;
      dx[i] = x[i] > 0 ? dy[i] : dy[i] * yPlusAlpha * beta;
      totalAlpha += dy[i] * ELU.expMinusOne(beta * nonPositive);
      totalBeta += dy[i] * nonPositive * yPlusAlpha;
    }
    alphaSums[row] = totalAlpha;
    betaSums[row] = totalBeta;
  }

  /**
   * {@code y = f(x)} for the smooth units: whole vectors first, then the last partial vector with a
   * lane mask, so every element goes through the same vector formula wherever a thread's part ends.
   */
  static void sigmoid(float[] x, float[] y, int from, int to) {
    int i = from;
    for (int end = vectorEnd(from, to); i < end; i += SPECIES.length()) {
      sigmoid(FloatVector.fromArray(SPECIES, x, i)).intoArray(y, i);
    }
    if (i < to) {
      VectorMask<Float> m = SPECIES.indexInRange(i, to);
      sigmoid(FloatVector.fromArray(SPECIES, x, i, m)).intoArray(y, i, m);
    }
  }

  /** {@code y = tanh(x)}, see {@link #sigmoid(float[], float[], int, int)}. */
  static void tanh(float[] x, float[] y, int from, int to) {
    int i = from;
    for (int end = vectorEnd(from, to); i < end; i += SPECIES.length()) {
      tanh(FloatVector.fromArray(SPECIES, x, i)).intoArray(y, i);
    }
    if (i < to) {
      VectorMask<Float> m = SPECIES.indexInRange(i, to);
      tanh(FloatVector.fromArray(SPECIES, x, i, m)).intoArray(y, i, m);
    }
  }

  /** {@code y = max(x, 0) + ln(1 + e^(−|x|))}, see {@link #sigmoid(float[], float[], int, int)}. */
  static void softplus(float[] x, float[] y, int from, int to) {
    int i = from;
    for (int end = vectorEnd(from, to); i < end; i += SPECIES.length()) {
      softplus(FloatVector.fromArray(SPECIES, x, i)).intoArray(y, i);
    }
    if (i < to) {
      VectorMask<Float> m = SPECIES.indexInRange(i, to);
      softplus(FloatVector.fromArray(SPECIES, x, i, m)).intoArray(y, i, m);
    }
  }

  /** {@code dx = dy·sigmoid(x)}. */
  static void sigmoidTimes(float[] x, float[] dy, float[] dx, int from, int to) {
    int i = from;
    for (int end = vectorEnd(from, to); i < end; i += SPECIES.length()) {
      sigmoid(FloatVector.fromArray(SPECIES, x, i)).mul(FloatVector.fromArray(SPECIES, dy, i)).intoArray(dx, i);
    }
    if (i < to) {
      VectorMask<Float> m = SPECIES.indexInRange(i, to);
      sigmoid(FloatVector.fromArray(SPECIES, x, i, m)).mul(FloatVector.fromArray(SPECIES, dy, i, m))
          .intoArray(dx, i, m);
    }
  }

  /** Swish {@code y = x·sigmoid(β·x)} over one row. */
  static void swish(float[] x, float[] y, float beta, int from, int to) {
    int i = from;
    for (int end = vectorEnd(from, to); i < end; i += SPECIES.length()) {
      FloatVector v = FloatVector.fromArray(SPECIES, x, i);
      v.mul(sigmoid(v.mul(beta))).intoArray(y, i);
    }
    if (i < to) {
      VectorMask<Float> m = SPECIES.indexInRange(i, to);
      FloatVector v = FloatVector.fromArray(SPECIES, x, i, m);
      v.mul(sigmoid(v.mul(beta))).intoArray(y, i, m);
    }
  }

  /**
   * Swish gradient over one row: with s = sigmoid(β·x) and s' = s·(1 − s),
   * {@code dx = dy·(s + β·x·s')}; returns Σ dy·x²·s', the gradient of β.
   */
  static double swishGradientAndBetaSum(float[] x, float[] dy, float[] dx, float beta, int from, int to) {
    FloatVector sum = FloatVector.zero(SPECIES);
    int i = from;
    for (int end = vectorEnd(from, to); i < end; i += SPECIES.length()) {
      FloatVector v = FloatVector.fromArray(SPECIES, x, i);
      FloatVector g = FloatVector.fromArray(SPECIES, dy, i);
      FloatVector s = sigmoid(v.mul(beta));
      FloatVector ds = s.mul(s.neg().add(1f));
      g.mul(v.mul(beta).fma(ds, s)).intoArray(dx, i);
      sum = g.mul(v).mul(v).fma(ds, sum);
    }
    if (i < to) {
      VectorMask<Float> m = SPECIES.indexInRange(i, to);
      FloatVector v = FloatVector.fromArray(SPECIES, x, i, m);
      FloatVector g = FloatVector.fromArray(SPECIES, dy, i, m);
      FloatVector s = sigmoid(v.mul(beta));
      FloatVector ds = s.mul(s.neg().add(1f));
      g.mul(v.mul(beta).fma(ds, s)).intoArray(dx, i, m);
      sum = g.mul(v).mul(v).fma(ds, sum);
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  /**
   * sigmoid(v) = 1 / (1 + e^(−v)) per lane, with {@link VectorMath#exp} (which clamps its argument,
   * so for any v but NaN, ±∞ included, the result lies in [about 4.5e−39, 1]; a NaN stays NaN).
   */
  static FloatVector sigmoid(FloatVector v) {
    return FloatVector.broadcast(SPECIES, 1f).div(VectorMath.exp(v.neg()).add(1f));
  }

  /**
   * tanh(v) per lane: for |v| ≥ 0.625, with e = e^(−2|v|) ({@link VectorMath#exp}),
   * tanh(|v|) = (1 − e)/(1 + e); below, where 1 − e would cancel, the Cephes {@code tanhf}
   * polynomial v + v³·P(v²); tanh is odd.
   */
  private static FloatVector tanh(FloatVector v) {
    FloatVector a = v.abs();
    FloatVector e = VectorMath.exp(a.mul(-2f));
    FloatVector large = e.neg().add(1f).div(e.add(1f));
    FloatVector z = a.mul(a);
    FloatVector small = z.mul(-5.70498872745E-3f).add(2.06390887954E-2f).mul(z).add(-5.37397155531E-2f)
        .mul(z).add(1.33314422036E-1f).mul(z).add(-3.33332819422E-1f).mul(z).mul(a).add(a);
    FloatVector t = large.blend(small, a.compare(VectorOperators.LT, 0.625f));
    return t.blend(t.neg(), v.compare(VectorOperators.LT, 0f));
  }

  /**
   * ln(1 + e^v) = max(v, 0) + ln(1 + e^(−|v|)) per lane; with e = e^(−|v|) ∈ (0, 1] and
   * t = e/(2 + e) ∈ (0, 1/3], ln(1 + e) = 2·atanh(t) = 2·Σ t^(2k+1)/(2k+1), k = 0..6 (the first
   * term left out is below 1.3e−8 of the sum; no cancellation near e = 0, and no logarithm).
   */
  private static FloatVector softplus(FloatVector v) {
    FloatVector e = VectorMath.exp(v.abs().neg());
    FloatVector t = e.div(e.add(2f));
    FloatVector t2 = t.mul(t);
    FloatVector series = t2.mul(2f / 13).add(2f / 11).mul(t2).add(2f / 9).mul(t2).add(2f / 7).mul(t2)
        .add(2f / 5).mul(t2).add(2f / 3).mul(t2).add(2f).mul(t);
    return v.max(0f).add(series);
  }

  /** e^v − 1 per lane, in float, accurate also for tiny |v| ({@link VectorMath#expm1}). */
  private static FloatVector expMinusOne(FloatVector v) {
    return VectorMath.expm1(v);
  }
}
