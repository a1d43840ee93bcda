package dev.trainer.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
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
}
