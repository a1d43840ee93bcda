package dev.trainer.activation;

import dev.trainer.tensor.Parallel;

/**
 * Splits an activation's loop over elements or channels into contiguous parts run by
 * {@link Parallel}. Each output element (and each channel's parameter-gradient sum) is computed by
 * one part in a fixed order, so results do not depend on the number of threads.
 */
final class Loops {
  /** Below this many touched elements per part, threads cost more than they save. */
  private static final long MIN_WORK_PER_PART = 1 << 15;

  /** A half-open range [from, to) of elements or channels. */
  interface Range {
    void run(int from, int to);
  }

  private Loops() {}

  /**
   * Runs {@code body} over [0, count) in parts.
   *
   * @param work elements touched in total (decides whether threading pays off)
   */
  static void split(int count, long work, Range body) {
    int parts = (int) Math.min(Math.min(Parallel.threads(), count), Math.max(1, work / MIN_WORK_PER_PART));
    if (parts <= 1) {
      body.run(0, count);
      return;
    }
    Parallel.forEach(parts, p -> body.run((int) ((long) count * p / parts), (int) ((long) count * (p + 1) / parts)));
  }
}
