package dev.trainer.tensor;

import java.util.Locale;

/**
 * How much of the JVM's heap is left, so that a net too large for it is refused with its figures
 * before an allocation fails with an OutOfMemoryError. Only large requests are checked, and a
 * request that looks too large is checked again after a full collection, so garbage never causes
 * a refusal.
 */
public final class Heap {
  /** Requests below this are not checked: they cannot be what exhausts the heap. */
  private static final long SMALL = 64L << 20;

  private Heap() {}

  /** True if {@code bytes} more can (probably) be allocated. */
  public static boolean fits(long bytes) {
    if (bytes < SMALL || bytes <= available()) return true;
    System.gc();
    return bytes <= available();
  }

  /** The max heap minus what is in use now. */
  public static long available() {
    Runtime rt = Runtime.getRuntime();
    return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
  }

  /** The JVM's max heap (-Xmx). */
  public static long max() {
    return Runtime.getRuntime().maxMemory();
  }

  /** {@code 512 MB}, {@code 17.5 GB}. */
  public static String format(long bytes) {
    return bytes >= 10L << 30 || bytes >= 1L << 30 && bytes % (1L << 30) != 0
        ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
        : String.format(Locale.ROOT, "%d MB", bytes >> 20);
  }

  /** The hint that ends an out-of-memory message. */
  public static String hint() {
    return "the JVM's max heap is " + format(max()) + " (raise it with TRAINER_JAVA_OPTS=-Xmx16g, say)";
  }
}
