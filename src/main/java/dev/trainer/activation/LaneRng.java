package dev.trainer.activation;

import dev.trainer.tensor.Rng;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The noise of the stochastic activations (RReLU's slopes, the noisy units' ν), drawn a vector at a
 * time: eight xoshiro256** generators (the algorithm of {@link Rng}) run side by side in vector
 * lanes, their 32 state words taken from {@code new Rng(seed)}. Each 64-bit output is used as two
 * 32-bit words w (in a fixed order: step by step, generator by generator, low half first), and a
 * uniform takes the top 23 bits of a word as the mantissa of a float F in [1, 2):
 *
 * <pre>
 *   F = 1 + (w &gt;&gt;&gt; 9)·2^−23 ∈ [1, 2)     (the float with bits 0x3F800000 | w &gt;&gt;&gt; 9)
 *   U = F − 1 ∈ [0, 1)                     (exact)
 * </pre>
 *
 * Standard normals come in pairs by the Box–Muller transform, written with the angle in the first
 * quadrant and a random sign per coordinate (the same distribution as an angle uniform on the whole
 * circle). For n values, pair j (j &lt; n/2) takes words j and n/2 + j and gives values j and n/2 + j:
 *
 * <pre>
 *   r = sqrt(−2·ln u),   u = 2 − F₁ ∈ (0, 1]                    (so |z| ≤ 5.65)
 *   φ = (π/2)·(F₂ − 1 + 2^−24) ∈ (0, π/2)
 *   z₁ = ±r·cos φ,   z₂ = ±r·sin φ,   the signs from bits 0 and 1 of w₂
 * </pre>
 *
 * cos φ and sin φ are their Taylor series to degree 14 and 13 (truncation error below 1e−8 on
 * [0, π/2]), and ln is {@link VectorMath#log}. The random words depend only on
 * the seed: not on the thread that draws them, nor on the machine's vector width. Words become floats
 * by their bits only, never by an int-to-float conversion: on Java 17 the compiler sometimes fails to
 * compile {@code convert(I2F)} to a vector instruction and falls back to slow, allocating Java code
 * (one cause of single JVMs running the noisy units three times slower).
 *
 * <p>{@link #forEachChunk} is the layers' way to use it: block b of {@value #BLOCK} elements draws
 * from seed + b, so blocks can be filled in parallel with the same result on any number of threads,
 * and the noise is drawn a cache-sized chunk at a time right before the loop that uses it.
 */
final class LaneRng {
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
  private static final int GENERATORS = 8;
  /** Generators stepped together: all eight on 512-bit vectors, four at a time on 256-bit ones. */
  private static final VectorSpecies<Long> LONGS =
      LongVector.SPECIES_PREFERRED.length() <= GENERATORS ? LongVector.SPECIES_PREFERRED : LongVector.SPECIES_512;
  /** Counts passed to {@link #uniforms} and {@link #gaussians} are rounded up to a multiple of this. */
  static final int GRAIN = 32;
  /** Elements per seed. */
  static final int BLOCK = 1 << 14;
  /** Elements per chunk: the noise of a chunk stays in the L1 cache until it is used. */
  private static final int CHUNK = 1 << 11;
  private static final float QUARTER_TURN = (float) (Math.PI / 2);
  private static final int ONE_BITS = Float.floatToRawIntBits(1f);
  /** s0 of the eight generators, then s1, s2, s3. */
  private final long[] state = new long[4 * GENERATORS];
  private int[] words = new int[0];

  /** Draws the noise of {@code count} elements into {@code out}. */
  interface Draw {
    void fill(LaneRng rng, float[] out, int count);
  }

  /** Elements [from, to) with the noise of element i in {@code noise[i − from]}. */
  interface Chunk {
    void run(float[] noise, int from, int to);
  }

  /**
   * Runs {@code body} over elements [0, size) chunk by chunk, after drawing each chunk's noise with
   * {@code draw}; the blocks of {@value #BLOCK} run in parallel, block b seeded with seed + b.
   */
  static void forEachChunk(long seed, int size, Draw draw, Chunk body) {
    int blocks = (size + BLOCK - 1) / BLOCK;
    Loops.split(blocks, size, (first, last) -> {
      LaneRng rng = new LaneRng();
      float[] noise = new float[CHUNK];
      for (int b = first; b < last; b++) {
        rng.seed(seed + b);
        int end = Math.min(size, (b + 1) * BLOCK);
        for (int from = b * BLOCK; from < end; from += CHUNK) {
          int to = Math.min(end, from + CHUNK);
          draw.fill(rng, noise, to - from);
          body.run(noise, from, to);
        }
      }
    });
  }

  /** Restarts the generators at {@code seed}. */
  void seed(long seed) {
    Rng r = new Rng(seed);
    for (int i = 0; i < state.length; i++) state[i] = r.nextLong();
  }

  /** {@code out[0, count)} = uniforms in [0, 1); {@code out} must hold count rounded up to {@link #GRAIN}. */
  void uniforms(float[] out, int count) {
    int n = draw(count);
    for (int i = 0; i < n; i += INTS.length()) mantissa(i).sub(1f).intoArray(out, i);
  }

  /**
   * {@code out[0, count)} = standard normals, or their absolute values (half-normal) when {@code abs};
   * {@code out} must hold count rounded up to {@link #GRAIN}.
   */
  void gaussians(float[] out, int count, boolean abs) {
    int half = draw(count) / 2;
    for (int j = 0; j < half; j += FLOATS.length()) {
      polar(out, j, half);
      cartesian(out, j, half, abs);
    }
  }

  /**
   * r and φ of the pairs from j into values j.. and half + j.. of out. (This and {@link #cartesian}
   * are small methods without vector arguments, and their helpers are small: the compiler stops
   * inlining helper methods in a large loop body, and a vector passed to a method that is not
   * inlined is copied to the heap.)
   */
  private void polar(float[] out, int j, int half) {
    VectorMath.log(mantissa(j).neg().add(2f)).mul(-2f).sqrt().intoArray(out, j);
    mantissa(half + j).sub(1 - 0x1p-24f).mul(QUARTER_TURN).intoArray(out, half + j);
  }

  /** F = 1 + (w &gt;&gt;&gt; 9)·2^−23 ∈ [1, 2) of the words from i. */
  private FloatVector mantissa(int i) {
    return IntVector.fromArray(INTS, words, i).lanewise(VectorOperators.LSHR, 9).or(ONE_BITS).reinterpretAsFloats();
  }

  /**
   * z₁ = ±r·cos φ and z₂ = ±r·sin φ in place of r and φ (no signs when {@code abs}), with
   * cos φ = Σ (−1)^k φ^(2k)/(2k)!, k = 0..7, and sin φ = Σ (−1)^k φ^(2k+1)/(2k+1)!, k = 0..6.
   */
  private void cartesian(float[] out, int j, int half, boolean abs) {
    FloatVector r = FloatVector.fromArray(FLOATS, out, j);
    FloatVector phi = FloatVector.fromArray(FLOATS, out, half + j);
    FloatVector p2 = phi.mul(phi);
    FloatVector cos = p2.mul(-1f / 87178291200f).add(1f / 479001600f)
        .mul(p2).add(-1f / 3628800f).mul(p2).add(1f / 40320f).mul(p2).add(-1f / 720f)
        .mul(p2).add(1f / 24f).mul(p2).add(-0.5f).mul(p2).add(1f);
    FloatVector sin = p2.mul(1f / 6227020800f).add(-1f / 39916800f)
        .mul(p2).add(1f / 362880f).mul(p2).add(-1f / 5040f).mul(p2).add(1f / 120f)
        .mul(p2).add(-1f / 6f).mul(p2).add(1f).mul(phi);
    FloatVector z1 = r.mul(cos);
    FloatVector z2 = r.mul(sin);
    if (!abs) {
      // bit 0 (z1) and bit 1 (z2) of the angle's word set the sign bit (bit 31) of the float
      IntVector w = IntVector.fromArray(INTS, words, half + j);
      z1 = z1.reinterpretAsInts().lanewise(VectorOperators.XOR, w.lanewise(VectorOperators.LSHL, 31))
          .reinterpretAsFloats();
      z2 = z2.reinterpretAsInts().lanewise(VectorOperators.XOR, w.lanewise(VectorOperators.LSHR, 1)
          .lanewise(VectorOperators.LSHL, 31)).reinterpretAsFloats();
    }
    z1.intoArray(out, j);
    z2.intoArray(out, half + j);
  }

  /**
   * Fills {@link #words} with count rounded up to {@link #GRAIN} random words; returns that number.
   * Step k of generator g gives words 16k + 2g and 16k + 2g + 1.
   */
  private int draw(int count) {
    int n = (count + GRAIN - 1) / GRAIN * GRAIN;
    if (words.length < n) words = new int[n];
    for (int g = 0; g < GENERATORS; g += LONGS.length()) {
      LongVector s0 = LongVector.fromArray(LONGS, state, g);
      LongVector s1 = LongVector.fromArray(LONGS, state, GENERATORS + g);
      LongVector s2 = LongVector.fromArray(LONGS, state, 2 * GENERATORS + g);
      LongVector s3 = LongVector.fromArray(LONGS, state, 3 * GENERATORS + g);
      for (int k = 0; k < n; k += 2 * GENERATORS) {
        // result = rotl(s1·5, 7)·9, with x·5 = (x << 2) + x and x·9 = (x << 3) + x
        LongVector m = s1.lanewise(VectorOperators.LSHL, 2).add(s1).lanewise(VectorOperators.ROL, 7);
        m.lanewise(VectorOperators.LSHL, 3).add(m).reinterpretAsInts().intoArray(words, k + 2 * g);
        LongVector t = s1.lanewise(VectorOperators.LSHL, 17);
        s2 = s2.lanewise(VectorOperators.XOR, s0);
        s3 = s3.lanewise(VectorOperators.XOR, s1);
        s1 = s1.lanewise(VectorOperators.XOR, s2);
        s0 = s0.lanewise(VectorOperators.XOR, s3);
        s2 = s2.lanewise(VectorOperators.XOR, t);
        s3 = s3.lanewise(VectorOperators.ROL, 45);
      }
      s0.intoArray(state, g);
      s1.intoArray(state, GENERATORS + g);
      s2.intoArray(state, 2 * GENERATORS + g);
      s3.intoArray(state, 3 * GENERATORS + g);
    }
    return n;
  }
}
