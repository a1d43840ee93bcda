package dev.trainer.activation;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * e^v and ln v per lane in float, from additions, multiplications and bit operations only (the
 * Cephes {@code expf}/{@code logf} polynomials, within 2 ulp). The Vector API's own
 * {@code lanewise(EXP)} and {@code LOG} give different last bits in compiled code (an intrinsic) and
 * in not-yet-compiled code (a scalar fallback), so results would depend on when the JIT compiled a
 * loop, and so on the thread count; these give the same bits in every case.
 */
final class VectorMath {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  /** 1.5·2^23: adding it rounds a float below 2^22 in magnitude to an integer, kept in the low bits. */
  private static final float ROUNDER = 12582912f;
  private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
  private static final float TWO_TO_23 = 0x1p23f;
  private static final int TWO_TO_23_BITS = Float.floatToRawIntBits(TWO_TO_23);
  private static final float LN2_HIGH = 0.693359375f;
  private static final float LN2_LOW = -2.12194440e-4f;

  private VectorMath() {}

  /**
   * e^v for v clamped to [−87.3, 88.3] (so e^v stays a normal float): v = k·ln 2 + r with k an
   * integer and |r| ≤ ln 2 / 2, e^v = 2^k·e^r, e^r by a degree-7 polynomial.
   */
  static FloatVector exp(FloatVector v) {
    FloatVector x = v.max(-87.3f).min(88.3f);
    FloatVector t = x.mul(1.44269504088896341f).add(ROUNDER);
    FloatVector k = t.sub(ROUNDER);
    FloatVector r = x.sub(k.mul(LN2_HIGH)).sub(k.mul(LN2_LOW));
    return expm1Reduced(r).add(1f).mul(twoToThe(t));
  }

  /**
   * e^v − 1 for v clamped as in {@link #exp}, to float accuracy relative to the result also for
   * tiny |v|, where e^v − 1 by subtraction keeps only the bits of 1 (at v = −1e−6 it is 1.3 % off):
   * with v = k·ln 2 + r as in exp, e^v − 1 = 2^k·(e^r − 1) + (2^k − 1), where e^r − 1 = r + r²·P(r)
   * is never formed as e^r minus 1 and 2^k − 1 is exact; for |v| &lt; ln 2 / 2, k = 0 and the result
   * is r + r²·P(r) with r = v.
   */
  static FloatVector expm1(FloatVector v) {
    FloatVector x = v.max(-87.3f).min(88.3f);
    FloatVector t = x.mul(1.44269504088896341f).add(ROUNDER);
    FloatVector k = t.sub(ROUNDER);
    FloatVector r = x.sub(k.mul(LN2_HIGH)).sub(k.mul(LN2_LOW));
    FloatVector twoToK = twoToThe(t);
    return expm1Reduced(r).mul(twoToK).add(twoToK.sub(1f));
  }

  /** e^r − 1 = r + r²·P(r) for |r| ≤ ln 2 / 2 (Cephes expf's polynomial, without its final + 1). */
  private static FloatVector expm1Reduced(FloatVector r) {
    return r.mul(1.9875691500E-4f).add(1.3981999507E-3f).mul(r).add(8.3334519073E-3f)
        .mul(r).add(4.1665795894E-2f).mul(r).add(1.6666665459E-1f).mul(r).add(5.0000001201E-1f)
        .mul(r.mul(r)).add(r);
  }

  /** 2^k from t = v·log2(e) + ROUNDER, whose low mantissa bits hold the integer k. */
  private static FloatVector twoToThe(FloatVector t) {
    return t.reinterpretAsInts().sub(ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
  }

  /**
   * ln v for positive normal floats v: v = 2^e·m with m in [√½, √2), ln v = e·ln 2 + ln m, ln m by
   * a polynomial in m − 1.
   */
  static FloatVector log(FloatVector v) {
    IntVector bits = v.reinterpretAsInts();
    // m in [0.5, 1) and e with v = 2^e·m
    FloatVector m = bits.and(0x007FFFFF).or(0x3F000000).reinterpretAsFloats();
    // the exponent field E (0..255) as the mantissa of 2^23 + E, minus 2^23 + 126: exact, without an
    // int-to-float conversion (which C2 on Java 17 sometimes leaves to slow Java code)
    FloatVector e = bits.lanewise(VectorOperators.LSHR, 23).or(TWO_TO_23_BITS).reinterpretAsFloats()
        .sub(TWO_TO_23 + 126);
    VectorMask<Float> small = m.compare(VectorOperators.LT, 0.707106781186547524f);
    e = e.sub(e.broadcast(1f), small);
    FloatVector x = m.blend(m.add(m), small).sub(1f);
    FloatVector z = x.mul(x);
    FloatVector y = x.mul(7.0376836292E-2f).add(-1.1514610310E-1f).mul(x).add(1.1676998740E-1f)
        .mul(x).add(-1.2420140846E-1f).mul(x).add(1.4249322787E-1f).mul(x).add(-1.6668057665E-1f)
        .mul(x).add(2.0000714765E-1f).mul(x).add(-2.4999993993E-1f).mul(x).add(3.3333331174E-1f)
        .mul(x).mul(z);
    y = y.add(e.mul(LN2_LOW)).sub(z.mul(0.5f));
    return x.add(y).add(e.mul(LN2_HIGH));
  }
}
