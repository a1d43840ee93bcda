package dev.trainer.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
  private final int savedThreads = Parallel.threads();

  @AfterEach
  void restore() {
    Parallel.setThreads(savedThreads);
  }

  @Test
  void everyPartOfEveryJobRunsExactlyOnce() {
    Parallel.setThreads(2);
    for (int job = 0; job < 2000; job++) {
      int parts = 1 + job % 7;
      AtomicIntegerArray runs = new AtomicIntegerArray(parts);
      Parallel.forEach(parts, runs::incrementAndGet);
      for (int p = 0; p < parts; p++) assertEquals(1, runs.get(p), "job " + job + " part " + p);
    }
  }

  @Test
  void nestedCallsWork() {
    Parallel.setThreads(2);
    int[][] hits = new int[4][3];
    Parallel.forEach(4, outer -> Parallel.forEach(3, inner -> hits[outer][inner]++));
    for (int[] row : hits) assertArrayEquals(new int[] {1, 1, 1}, row);
  }

  @Test
  void aFailingPartIsRethrownAfterTheJobAndThePoolStaysUsable() {
    Parallel.setThreads(2);
    assertThrows(IllegalStateException.class, () -> Parallel.forEach(4, p -> {
      if (p == 2) throw new IllegalStateException("part 2");
    }));
    AtomicIntegerArray runs = new AtomicIntegerArray(4);
    Parallel.forEach(4, runs::incrementAndGet);
    for (int p = 0; p < 4; p++) assertEquals(1, runs.get(p));
  }

  @Test
  void forRangesCoversEveryIndexOnce() {
    for (int threads : new int[] {1, 2, 3}) {
      Parallel.setThreads(threads);
      for (int count : new int[] {0, 1, 2, 5, 100}) {
        int[] hits = new int[count];
        Parallel.forRanges(count, (from, to) -> {
          for (int i = from; i < to; i++) hits[i]++;
        });
        for (int i = 0; i < count; i++) assertEquals(1, hits[i], threads + " threads, index " + i);
      }
    }
  }

  @Test
  void nestedCallsRunInlineOnThePartsThread() {
    Parallel.setThreads(2);
    Thread[][] ran = new Thread[4][3];
    Thread[] outerThread = new Thread[4];
    Parallel.forEach(4, outer -> {
      outerThread[outer] = Thread.currentThread();
      Parallel.forEach(3, inner -> ran[outer][inner] = Thread.currentThread());
    });
    for (int o = 0; o < 4; o++) {
      for (Thread t : ran[o]) assertSame(outerThread[o], t);
    }
  }

  @Test
  void aFailingPartOnAWorkerIsRethrownAsItself() {
    Parallel.setThreads(2);
    for (int failing = 0; failing < 8; failing++) {
      int f = failing;
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallel.forEach(8, p -> {
        if (p == f) throw new IllegalArgumentException("part " + f);
      }));
      assertEquals("part " + f, e.getMessage());
    }
  }

  @Test
  void workersAreDaemonThreadsAndSetThreadsChangesTheirNumber() throws InterruptedException {
    for (int threads : new int[] {3, 2, 4}) {
      Parallel.setThreads(threads);
      assertEquals(threads, Parallel.threads());
      Set<Thread> seen = ConcurrentHashMap.newKeySet();
      CountDownLatch all = new CountDownLatch(threads);
      // Every part waits until `threads` parts run at once, so each thread must take one.
      Parallel.forEach(threads, p -> {
        seen.add(Thread.currentThread());
        all.countDown();
        try {
          assertTrue(all.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      assertEquals(threads, seen.size());
      for (Thread t : seen) assertTrue(t == Thread.currentThread() || t.isDaemon(), t.getName());
    }
  }

  @Test
  void callersOnSeveralThreadsAtOnceEachGetTheirOwnResults() throws InterruptedException {
    Parallel.setThreads(2);
    int callers = 3;
    long[][] sums = new long[callers][200];
    Thread[] threads = new Thread[callers];
    for (int c = 0; c < callers; c++) {
      int caller = c;
      threads[c] = new Thread(() -> {
        for (int job = 0; job < 200; job++) {
          long[] parts = new long[5];
          int j = job;
          Parallel.forEach(5, p -> parts[p] = (long) caller * 1000 + j + p);
          for (long v : parts) sums[caller][job] += v;
        }
      });
      threads[c].start();
    }
    for (Thread t : threads) t.join();
    for (int c = 0; c < callers; c++) {
      for (int job = 0; job < 200; job++) assertEquals(5L * (c * 1000 + job) + 10, sums[c][job]);
    }
  }

  @Test
  void morePartsThanOneJobHoldsStillRunOnce() {
    Parallel.setThreads(2);
    int parts = 70_000;
    AtomicIntegerArray runs = new AtomicIntegerArray(parts);
    Parallel.forEach(parts, runs::incrementAndGet);
    for (int p = 0; p < parts; p++) assertEquals(1, runs.get(p));
  }

  private static final int[] COUNTS = new int[4];
  private static final IntConsumer COUNT = p -> COUNTS[p]++;

  @Test
  void aCallAllocatesNothingOnTheCallingThread() {
    Parallel.setThreads(2);
    ThreadMXBean bean = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 20_000; i++) Parallel.forEach(4, COUNT);
    long before = bean.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 1000; i++) Parallel.forEach(4, COUNT);
    long bytes = bean.getCurrentThreadAllocatedBytes() - before;
    assertTrue(bytes < 1000, bytes + " bytes for 1000 calls");
  }
}
