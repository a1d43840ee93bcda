package dev.trainer.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.concurrent.locks.LockSupport;

/**
 * The number of threads the compute kernels may use (default: all available processors), and a
 * helper that runs {@code task(0..parts-1)} on them. Work is split into fixed parts that do not
 * depend on timing, so results are bit-identical whatever the thread count.
 *
 * <p>The threads are a small persistent {@link Pool}: a training step hands it hundreds of jobs of
 * well under a millisecond each (the products of an MLP), so the hand-off must cost microseconds.
 * Idle workers spin for a moment before parking. A call made while the pool is busy (from inside a
 * part, or from another thread) runs its parts on the calling thread, in order.
 */
public final class Parallel {
  private static volatile int threads = Runtime.getRuntime().availableProcessors();
  private static volatile Pool pool = newPool(threads);

  private Parallel() {}

  public static int threads() {
    return threads;
  }

  /** Sets the thread count for all kernels (1 = run on the calling thread). */
  public static synchronized void setThreads(int n) {
    if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
    if (n == threads) return;
    Pool old = pool;
    pool = newPool(n);
    threads = n;
    if (old != null) old.shutdown();
  }

  private static Pool newPool(int n) {
    return n == 1 ? null : new Pool(n - 1);
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
    if (parts <= 1) {
      body.run(0, count);
      return;
    }
    forEach(parts, p -> body.run((int) ((long) count * p / parts), (int) ((long) count * (p + 1) / parts)));
  }

  /** Runs {@code task.accept(p)} for p in [0, parts), in parallel when threads() > 1. */
  public static void forEach(int parts, IntConsumer task) {
    Pool p = pool;
    if (p == null || parts <= 1 || !p.tryRun(parts, task)) {
      for (int i = 0; i < parts; i++) task.accept(i);
    }
  }

  /**
   * Worker threads plus the caller taking the parts of one job at a time. A job (task, part count,
   * generation) is published as one immutable object; parts are claimed from a counter that
   * carries the generation in its high bits, so a slow worker still holding an earlier job can
   * never claim a part of a later one.
   */
  static final class Pool {
    /** How long an idle worker spins before it parks. */
    private static final long SPIN_NANOS = 50_000;
    private final Thread[] workers;
    private final AtomicInteger busy = new AtomicInteger();
    /** (generation << 32) | next unclaimed part. */
    private final AtomicLong claims = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile Job job = new Job(0, 0, p -> { });
    private volatile boolean stopped;

    private record Job(int generation, int parts, IntConsumer task) {}

    Pool(int workerCount) {
      workers = new Thread[workerCount];
      for (int i = 0; i < workerCount; i++) {
        workers[i] = new Thread(this::workerLoop, "trainer-compute-" + (i + 1));
        workers[i].setDaemon(true);
        workers[i].start();
      }
    }

    /** Runs the job on the pool and the caller; false (nothing run) if the pool is busy. */
    boolean tryRun(int parts, IntConsumer task) {
      if (!busy.compareAndSet(0, 1)) return false;
      try {
        failure.set(null);
        done.set(0);
        Job next = new Job(job.generation() + 1, parts, task);
        claims.set((long) next.generation() << 32);
        job = next;
        for (Thread w : workers) LockSupport.unpark(w);
        work(next);
        awaitParts(parts);
      } finally {
        busy.set(0);
      }
      Throwable t = failure.get();
      if (t instanceof RuntimeException r) throw r;
      if (t instanceof Error e) throw e;
      return true;
    }

    private void awaitParts(int parts) {
      for (int spins = 0; done.get() < parts; spins++) {
        if (spins < 1000) Thread.onSpinWait();
        else Thread.yield();
      }
    }

    /** Claims and runs parts of {@code j} until none is left (or a later job has started). */
    private void work(Job j) {
      while (true) {
        long c = claims.get();
        if ((int) (c >>> 32) != j.generation() || (int) c >= j.parts()) return;
        if (!claims.compareAndSet(c, c + 1)) continue;
        try {
          j.task().accept((int) c);
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
        done.incrementAndGet();
      }
    }

    private void workerLoop() {
      int seen = 0;
      while (!stopped) {
        Job j = awaitJob(seen);
        if (j.generation() != seen) {
          seen = j.generation();
          work(j);
        }
      }
    }

    /** Spins briefly for a job other than generation {@code seen}, then parks; returns the latest job. */
    private Job awaitJob(int seen) {
      long start = System.nanoTime();
      while (job.generation() == seen && !stopped && System.nanoTime() - start < SPIN_NANOS) Thread.onSpinWait();
      if (job.generation() == seen && !stopped) LockSupport.park(this);
      return job;
    }

    void shutdown() {
      stopped = true;
      for (Thread w : workers) LockSupport.unpark(w);
    }
  }
}
