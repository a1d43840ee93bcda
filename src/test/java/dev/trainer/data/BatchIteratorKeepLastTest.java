package dev.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Training batches with {@code data.drop_last = false}: every epoch ends with the partial batch. */
class BatchIteratorKeepLastTest {
  /** n images of [1, 2, 2]; example i has all pixels 1 + i. */
  private static Dataset data(int n) {
    float[] x = new float[n * 4];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      Arrays.fill(x, i * 4, i * 4 + 4, 1 + i);
      y[i] = i % 10;
    }
    return new Dataset("toy", x, y, Shape.of(1, 2, 2), 10, null);
  }

  /** The example indices of the next {@code batches} batches, one array per batch. */
  private static List<int[]> take(BatchIterator it, int batches) {
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < batches; i++) {
      Batch b = it.next();
      int[] ex = new int[b.count];
      for (int j = 0; j < b.count; j++) ex[j] = (int) b.x.data[j * 4] - 1;
      out.add(ex);
    }
    return out;
  }

  @Test
  void everyEpochIsAFullPermutationEndingWithThePartialBatch() {
    try (BatchIterator it = new BatchIterator(data(50), 8, true, false, null, new Rng(3))) {
      assertEquals(7, it.batchesPerEpoch());
      for (int epoch = 0; epoch < 3; epoch++) {
        List<int[]> batches = take(it, 7);
        for (int b = 0; b < 7; b++) assertEquals(b < 6 ? 8 : 2, batches.get(b).length, "batch " + b);
        int[] seen = batches.stream().flatMapToInt(Arrays::stream).sorted().toArray();
        int[] all = new int[50];
        Arrays.setAll(all, i -> i);
        assertArrayEquals(all, seen, "epoch " + epoch + " sees every example once");
        assertEquals(epoch + 1, it.position().epoch());
        assertEquals(0, it.position().batch());
      }
    }
  }

  @Test
  void theDefaultDropsItAndKeepsTheSameOrderForTheFullBatches() {
    try (BatchIterator keep = new BatchIterator(data(50), 8, true, false, null, new Rng(3));
        BatchIterator drop = new BatchIterator(data(50), 8, true, null, new Rng(3))) {
      assertEquals(6, drop.batchesPerEpoch());
      List<int[]> k = take(keep, 7);
      List<int[]> d = take(drop, 6);
      for (int b = 0; b < 6; b++) assertArrayEquals(d.get(b), k.get(b), "batch " + b);
    }
  }

  @Test
  void restoringAtThePartialBatchContinuesIdentically() {
    try (BatchIterator a = new BatchIterator(data(50), 8, true, false, null, new Rng(21));
        BatchIterator b = new BatchIterator(data(50), 8, true, false, null, new Rng(999))) {
      take(a, 6);
      BatchIterator.Position p = a.position();
      assertEquals(6, p.batch());
      b.restore(p);
      List<int[]> x = take(a, 9);
      List<int[]> y = take(b, 9);
      for (int i = 0; i < 9; i++) assertArrayEquals(x.get(i), y.get(i), "batch " + i);
      assertEquals(2, x.get(0).length);
    }
  }
}
