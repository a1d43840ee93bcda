package dev.trainer.tensor;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Persistent daemon worker threads for {@link Parallel}, with one reusable job slot: running a job
 * allocates nothing. The calling thread works on the job too, so n threads means n − 1 workers.
 *
 * <pre>
 *   caller: publish the job (body, parts) → bump the generation in the claim word → unpark workers
 *           → claim and run parts → wait until every part has finished → rethrow a part's failure
 *   worker: spin (then park) until the generation changes → claim and run parts → wait again
 * </pre>
 *
 * Parts are claimed one at a time from a single 64-bit claim word {@code generation | parts |
 * next part}, by compare-and-set. Which thread runs which part depends on timing, but each part
 * writes its own outputs, so the results do not. A worker that wakes late holds a stale generation,
 * so its claims fail instead of taking a part of a later job. Only one job runs at a time: a call
 * made while the pool is busy (a part calling {@link #run} again, or a second caller thread) runs
 * inline on its own thread. Workers spin briefly before parking, because a training step issues
 * jobs back to back and waking a parked thread costs tens of microseconds.
 */
final class WorkerPool {
  /** Most parts one job may have (the claim word holds the part count in 16 bits). */
  static final int MAX_PARTS = 0xFFFF;
  /** How long an idle thread spins before parking (workers) or yielding (the caller), in ns. */
  private static final long SPIN_NANOS = 50_000;
  private final Thread[] workers;
  private final AtomicBoolean busy = new AtomicBoolean();
  /** generation (32 bits) | parts (16 bits) | next part to claim (16 bits). */
  private final AtomicLong claim = new AtomicLong();
  private final AtomicInteger unfinished = new AtomicInteger();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile IntConsumer task;
  private volatile Parallel.Range range;
  private volatile int count;
  private volatile boolean shutdown;
  /** The thread running the current job's caller side, null between jobs. */
  private volatile Thread owner;

  WorkerPool(int threads) {
    workers = new Thread[threads - 1];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new Thread(this::work, "trainer-worker-" + (i + 1));
      workers[i].setDaemon(true);
      workers[i].start();
    }
  }

  /** Stops the workers once they are idle. */
  void shutdown() {
    shutdown = true;
    for (Thread w : workers) LockSupport.unpark(w);
  }

  /**
   * Runs {@code task.accept(p)} for p in [0, parts), or, when task is null,
   * {@code range.run(count·p/parts, count·(p+1)/parts)}. Returns once every part has finished;
   * a part's exception is rethrown (an unchecked one as itself).
   */
  void run(int parts, IntConsumer task, Parallel.Range range, int count) {
    if (parts > MAX_PARTS || !busy.compareAndSet(false, true)) {
      for (int p = 0; p < parts; p++) runPart(task, range, count, parts, p);
      return;
    }
    try {
      owner = Thread.currentThread();
      this.task = task;
      this.range = range;
      this.count = count;
      unfinished.set(parts);
      long generation = (claim.get() >>> 32) + 1;
      long word = generation << 32 | (long) parts << 16;
      claim.set(word);
      for (Thread w : workers) LockSupport.unpark(w);
      claimParts(word);
      awaitFinished();
      Throwable t = failure.getAndSet(null);
      if (t != null) rethrow(t);
    } finally {
      owner = null;
      this.task = null;
      this.range = null;
      busy.set(false);
    }
  }

  /** Whether the current thread is running a part of this pool's job (so a call would run inline). */
  boolean inPart() {
    Thread t = Thread.currentThread();
    if (t == owner) return true;
    for (Thread w : workers) {
      if (t == w) return true;
    }
    return false;
  }

  private void work() {
    long seen = 0;
    while (!shutdown) {
      long word = claim.get();
      if (word >>> 32 == seen) {
        idle(word);
        continue;
      }
      seen = word >>> 32;
      claimParts(word);
    }
  }

  /** Spins for a while, then parks, until the claim word changes or the pool shuts down. */
  private void idle(long word) {
    long start = System.nanoTime();
    while (claim.get() == word && !shutdown) {
      if (System.nanoTime() - start < SPIN_NANOS) Thread.onSpinWait();
      else LockSupport.park(this);
    }
  }

  /** Claims and runs parts of the job whose first claim word is {@code first} until none is left. */
  private void claimParts(long first) {
    IntConsumer t = task;
    Parallel.Range r = range;
    int n = count;
    int parts = (int) (first >>> 16) & 0xFFFF;
    long word = claim.get();
    while (word >>> 16 == first >>> 16 && (int) (word & 0xFFFF) < parts) {
      if (!claim.compareAndSet(word, word + 1)) {
        word = claim.get();
        continue;
      }
      try {
        runPart(t, r, n, parts, (int) (word & 0xFFFF));
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      } finally {
        unfinished.decrementAndGet();
      }
      word = claim.get();
    }
  }

  private static void runPart(IntConsumer task, Parallel.Range range, int count, int parts, int p) {
    if (task != null) task.accept(p);
    else range.run((int) ((long) count * p / parts), (int) ((long) count * (p + 1) / parts));
  }

  private void awaitFinished() {
    long start = System.nanoTime();
    while (unfinished.get() > 0) {
      if (System.nanoTime() - start < SPIN_NANOS) Thread.onSpinWait();
      else Thread.yield();
    }
  }

  private static void rethrow(Throwable t) {
    if (t instanceof RuntimeException e) throw e;
    if (t instanceof Error e) throw e;
    throw new IllegalStateException("a parallel part failed", t);
  }
}
