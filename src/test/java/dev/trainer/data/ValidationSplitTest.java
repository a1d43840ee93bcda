package dev.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ValidationSplitTest {
  private static Dataset numbered(int n) {
    float[] x = new float[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
      y[i] = i % 3;
    }
    return new Dataset("d", x, y, Shape.of(1), 3, null);
  }

  @Test
  void seededDisjointSplitCoveringEverything() {
    ValidationSplit.Parts a = ValidationSplit.split(numbered(100), 0.2, new Rng(7));
    ValidationSplit.Parts b = ValidationSplit.split(numbered(100), 0.2, new Rng(7));
    ValidationSplit.Parts c = ValidationSplit.split(numbered(100), 0.2, new Rng(8));
    assertEquals(80, a.train().size());
    assertEquals(20, a.validation().size());
    assertArrayEquals(a.validation().images, b.validation().images);
    assertFalse(Arrays.equals(a.validation().images, c.validation().images));
    float[] all = new float[100];
    System.arraycopy(a.train().images, 0, all, 0, 80);
    System.arraycopy(a.validation().images, 0, all, 80, 20);
    Arrays.sort(all);
    for (int i = 0; i < 100; i++) assertEquals(i, all[i]);
    for (int i = 0; i < 20; i++) assertEquals((int) a.validation().images[i] % 3, a.validation().labels[i]);
  }

  @Test
  void emptySplitIsAnError() {
    LoadersTest.assertMessage(() -> ValidationSplit.split(numbered(3), 0.1, new Rng(1)), "leaves an empty split");
  }
}
