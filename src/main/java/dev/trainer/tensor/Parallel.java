package dev.trainer.tensor;

import java.util.function.IntConsumer;

/**
 * The number of threads the compute kernels may use (default: all available processors), and a
 * helper that runs {@code task(0..parts-1)} on them. Work is split into fixed parts that do not
 * depend on timing, so results are bit-identical whatever the thread count.
 *
 * <p>The threads are a {@link WorkerPool}: persistent daemon workers plus the calling thread, so a
 * call allocates nothing and wakes no new thread. A call made from inside a part (nesting, as when
 * a convolution's per-example part runs a matrix product that would split itself) runs its parts
 * inline on that thread. A part's exception is rethrown to the caller after all parts finished.
 */
public final class Parallel {
  private static volatile int threads = Runtime.getRuntime().availableProcessors();
  private static volatile WorkerPool pool = newPool(threads);

  private Parallel() {}

  public static int threads() {
    return threads;
  }

  /**
   * The threads a {@link #forEach} or {@link #forRanges} call made here would use: {@link #threads()},
   * or 1 inside a part of a running call (nested calls run inline). Kernels that only split work
   * for the threads use it to skip the split.
   */
  public static int available() {
    WorkerPool p = pool;
    return p == null || p.inPart() ? 1 : threads;
  }

  /** Sets the thread count for all kernels (1 = run on the calling thread). */
  public static synchronized void setThreads(int n) {
    if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
    if (n == threads) return;
    WorkerPool old = pool;
    pool = newPool(n);
    threads = n;
    if (old != null) old.shutdown();
  }

  private static WorkerPool newPool(int n) {
    return n == 1 ? null : new WorkerPool(n);
  }

  /** The body of {@link #forRanges}: handles indices [from, to). */
  @FunctionalInterface
  public interface Range {
    void run(int from, int to);
  }

  /**
   * Runs {@code body} over [0, count) cut into one consecutive range per thread. Only for loops
   * whose indices are independent (each writes its own outputs), so that how the range is cut
   * cannot change the results.
   */
  public static void forRanges(int count, Range body) {
    int parts = Math.min(threads, count);
    WorkerPool p = pool;
    if (parts <= 1 || p == null) {
      body.run(0, count);
      return;
    }
    p.run(parts, null, body, count);
  }

  /** Runs {@code task.accept(p)} for p in [0, parts), in parallel when threads() > 1. */
  public static void forEach(int parts, IntConsumer task) {
    WorkerPool p = pool;
    if (p == null || parts <= 1) {
      for (int i = 0; i < parts; i++) task.accept(i);
      return;
    }
    p.run(parts, task, null, 0);
  }
}
