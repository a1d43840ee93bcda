package dev.trainer.tensor;

/**
 * The only source of randomness in the trainer: xoshiro256** (Blackman &amp; Vigna), seeded
 * through SplitMix64. Its whole state is four longs, so checkpoints save and restore it exactly.
 * Independent streams (init, shuffling, dropout, RReLU noise, augmentation) are derived with
 * {@link #stream(String)} so that adding a dropout layer does not change the initial weights.
 */
public final class Rng {
  private final long[] s = new long[4];
  private double spareGaussian;
  private boolean hasSpare;

  public Rng(long seed) {
    long x = seed;
    for (int i = 0; i < 4; i++) {
      x += 0x9E3779B97F4A7C15L;
      s[i] = mix(x);
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A new generator whose sequence depends only on this generator's seed state and {@code name}. */
  public Rng stream(String name) {
    long h = s[0] ^ Long.rotateLeft(s[1], 17) ^ Long.rotateLeft(s[2], 31) ^ s[3];
    for (int i = 0; i < name.length(); i++) h = mix(h ^ name.charAt(i)) + 0x9E3779B97F4A7C15L;
    return new Rng(h);
  }

  public long nextLong() {
    long result = Long.rotateLeft(s[1] * 5, 7) * 9;
    long t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = Long.rotateLeft(s[3], 45);
    return result;
  }

  /** Uniform in [0, 1). */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, 1) with 24 random bits. */
  public float nextFloat() {
    return (nextLong() >>> 40) * 0x1.0p-24f;
  }

  /** Uniform integer in [0, bound). */
  public int nextInt(int bound) {
    if (bound <= 0) throw new IllegalArgumentException("bound " + bound);
    return (int) (((nextLong() >>> 33) * bound) >>> 31);
  }

  /** Standard normal (polar Box–Muller, one value cached). */
  public double nextGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spareGaussian;
    }
    double u, v, q;
    do {
      u = 2 * nextDouble() - 1;
      v = 2 * nextDouble() - 1;
      q = u * u + v * v;
    } while (q >= 1 || q == 0);
    double f = Math.sqrt(-2 * Math.log(q) / q);
    spareGaussian = v * f;
    hasSpare = true;
    return u * f;
  }

  /** In-place Fisher–Yates shuffle. */
  public void shuffle(int[] a) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** The complete state, for checkpoints. */
  public long[] state() {
    return new long[] {s[0], s[1], s[2], s[3], hasSpare ? 1 : 0, Double.doubleToRawLongBits(spareGaussian)};
  }

  /** Restores a state returned by {@link #state()}. */
  public void restore(long[] state) {
    System.arraycopy(state, 0, s, 0, 4);
    hasSpare = state[4] != 0;
    spareGaussian = Double.longBitsToDouble(state[5]);
  }
}
