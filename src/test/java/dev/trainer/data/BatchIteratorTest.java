package dev.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchIteratorTest {
  /** n images of [1, 4, 4]; example i has all pixels 1 + i (so a crop still tells which example it is). */
  private static Dataset data(int n) {
    float[] x = new float[n * 16];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      Arrays.fill(x, i * 16, i * 16 + 16, 1 + i);
      y[i] = i % 10;
    }
    return new Dataset("toy", x, y, Shape.of(1, 4, 4), 10, null);
  }

  private static List<float[]> take(BatchIterator it, int batches) {
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < batches; i++) {
      Batch b = it.next();
      float[] copy = Arrays.copyOf(b.x.data, b.x.size() + b.count);
      for (int j = 0; j < b.count; j++) copy[b.x.size() + j] = b.labels[j];
      out.add(copy);
    }
    return out;
  }

  @Test
  void sameSeedSameBatchesIncludingAugmentation() {
    Augmentation aug = new Augmentation(1, 0, true);
    try (BatchIterator a = new BatchIterator(data(50), 8, true, aug, new Rng(11));
        BatchIterator b = new BatchIterator(data(50), 8, true, aug, new Rng(11));
        BatchIterator c = new BatchIterator(data(50), 8, true, aug, new Rng(12))) {
      List<float[]> ba = take(a, 20);
      List<float[]> bb = take(b, 20);
      List<float[]> bc = take(c, 20);
      for (int i = 0; i < 20; i++) assertArrayEquals(ba.get(i), bb.get(i), "batch " + i);
      assertFalse(Arrays.equals(ba.get(0), bc.get(0)), "another seed shuffles differently");
    }
  }

  @Test
  void saveAndRestoreContinuesIdentically() {
    Augmentation aug = new Augmentation(1, 3, true);
    try (BatchIterator a = new BatchIterator(data(50), 8, true, aug, new Rng(21));
        BatchIterator b = new BatchIterator(data(50), 8, true, aug, new Rng(999))) {
      take(a, 9);
      BatchIterator.Position saved = a.position();
      assertEquals(1, saved.epoch());
      assertEquals(3, saved.batch());
      List<float[]> expected = take(a, 10);
      b.restore(saved);
      take(b, 1);
      b.restore(saved);
      List<float[]> resumed = take(b, 10);
      for (int i = 0; i < 10; i++) assertArrayEquals(expected.get(i), resumed.get(i), "batch " + i);
      a.restore(saved);
      assertArrayEquals(expected.get(0), take(a, 1).get(0), "restoring the same iterator rewinds it");
    }
  }

  @Test
  void trainingEpochsArePermutationsWithoutThePartialBatch() {
    try (BatchIterator it = new BatchIterator(data(50), 8, true, null, new Rng(3))) {
      assertEquals(6, it.batchesPerEpoch());
      int[] previous = null;
      for (int epoch = 0; epoch < 3; epoch++) {
        int[] seen = new int[48];
        for (int b = 0; b < 6; b++) {
          Batch batch = it.next();
          assertEquals(8, batch.count);
          assertEquals(Shape.of(8, 1, 4, 4), batch.x.shape());
          for (int j = 0; j < 8; j++) {
            int example = (int) batch.x.data[j * 16] - 1;
            seen[b * 8 + j] = example;
            assertEquals(example % 10, batch.labels[j]);
          }
        }
        assertEquals(48, Arrays.stream(seen).distinct().count(), "no example twice in an epoch");
        assertFalse(Arrays.equals(seen, previous), "a new order every epoch");
        previous = seen;
      }
      assertEquals(3, it.position().epoch());
      assertTrue(it.waitSeconds() >= 0 && it.prepareSeconds() > 0);
    }
  }

  @Test
  void evaluationKeepsOrderAndTheLastPartialBatch() {
    try (BatchIterator it = new BatchIterator(data(20), 8, false, new Augmentation(0, 2, true), new Rng(3))) {
      assertEquals(3, it.batchesPerEpoch());
      for (int pass = 0; pass < 2; pass++) {
        int next = 0;
        for (int b = 0; b < 3; b++) {
          Batch batch = it.next();
          assertEquals(b < 2 ? 8 : 4, batch.count);
          assertEquals(Shape.of(batch.count, 1, 2, 2), batch.x.shape());
          for (int j = 0; j < batch.count; j++) assertEquals(1 + next++, batch.x.data[j * 4]);
        }
        assertEquals(20, next);
      }
    }
  }

  @Test
  void tooFewExamplesForABatch() {
    LoadersTest.assertMessage(() -> new BatchIterator(data(5), 8, true, null, new Rng(1)), "fewer than one batch");
  }

  @Test
  void aTestBatchNearTheIntLimitIsOneBatchOfTheWholeSet() {
    // (size + batch - 1) / batch overflowed an int: a negative count of batches and a NaN test
    try (BatchIterator it = new BatchIterator(data(50), Integer.MAX_VALUE - 10, false, null, new Rng(1))) {
      assertEquals(1, it.batchesPerEpoch());
      assertEquals(50, it.next().count);
    }
  }
}
