package dev.trainer.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trainer.TestData;
import dev.trainer.UserError;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import org.junit.jupiter.api.Test;

class MaxPoolTest {
  private static final float[] GRID = {
    3, 9, 1, 4,
    8, 2, 16, 5,
    7, 13, 6, 10,
    12, 11, 15, 14};

  private static MaxPool pool(int k, int s, int p, Shape input) {
    MaxPool pool = new MaxPool(k, s, p);
    pool.setup(input, new Rng(0));
    return pool;
  }

  @Test
  void caffeOutputSizesOfNetworkInNetwork() {
    MaxPool pool = new MaxPool(3, 2, 0);
    assertEquals(Shape.of(96, 14, 14), pool.setup(Shape.of(96, 28, 28), new Rng(0)));
    assertEquals(Shape.of(96, 7, 7), pool.setup(Shape.of(96, 14, 14), new Rng(0)));
    assertEquals(Shape.of(192, 16, 16), pool.setup(Shape.of(192, 32, 32), new Rng(0)));
    assertEquals(Shape.of(192, 8, 8), pool.setup(Shape.of(192, 16, 16), new Rng(0)));
  }

  @Test
  void caffeDropsAWindowStartingInThePadding() {
    // ceil((5 + 2 − 2) / 3) + 1 = 3, but window 2 would start at 2·3 − 1 = 5 ≥ H: Caffe keeps 2.
    assertEquals(Shape.of(1, 2, 2), new MaxPool(2, 3, 1).setup(Shape.of(1, 5, 5), new Rng(0)));
  }

  @Test
  void handComputedCeilModeWindows() {
    MaxPool pool = pool(3, 2, 0, Shape.of(1, 4, 4));
    Tensor y = pool.forward(TestData.tensor(GRID, 1, 1, 4, 4), Mode.TEST);
    assertEquals(Shape.of(1, 1, 2, 2), y.shape());
    assertArrayEquals(new float[] {16, 16, 15, 15}, y.data);
    Tensor dx = pool.backward(TestData.tensor(new float[] {1, 2, 3, 4}, 1, 1, 2, 2));
    float[] expected = new float[16];
    expected[6] = 3;
    expected[14] = 7;
    assertArrayEquals(expected, dx.data);
  }

  @Test
  void handComputedPaddedWindowsIgnoreThePadding() {
    MaxPool pool = pool(3, 2, 1, Shape.of(1, 4, 4));
    Tensor y = pool.forward(TestData.tensor(GRID, 1, 1, 4, 4), Mode.TEST);
    assertArrayEquals(new float[] {9, 16, 5, 13, 16, 14, 12, 15, 14}, y.data);
    float[] negative = GRID.clone();
    for (int i = 0; i < negative.length; i++) negative[i] = -negative[i];
    y = pool.forward(TestData.tensor(negative, 1, 1, 4, 4), Mode.TEST);
    assertArrayEquals(new float[] {-2, -1, -4, -2, -2, -5, -11, -11, -14}, y.data);
  }

  @Test
  void gradientsWithDistinctInputs() {
    Rng rng = new Rng(1);
    for (int[] cfg : new int[][] {{3, 2, 0}, {3, 2, 1}, {2, 2, 0}}) {
      MaxPool pool = pool(cfg[0], cfg[1], cfg[2], Shape.of(3, 5, 5));
      TestData.assertGradients(pool, null, TestData.distinct(rng, 0.05f, 2, 3, 5, 5), Mode.TRAIN, rng);
    }
  }

  @Test
  void batchSizeMayChange() {
    MaxPool pool = pool(3, 2, 0, Shape.of(1, 4, 4));
    pool.forward(TestData.gaussian(new Rng(2), 3, 1, 4, 4), Mode.TRAIN);
    Tensor y = pool.forward(TestData.tensor(GRID, 1, 1, 4, 4), Mode.TRAIN);
    assertArrayEquals(new float[] {16, 16, 15, 15}, y.data);
    assertEquals(Shape.of(1, 1, 4, 4), pool.backward(TestData.tensor(new float[] {1, 2, 3, 4}, 1, 1, 2, 2)).shape());
  }

  @Test
  void rejectsBadGeometry() {
    assertThrows(IllegalArgumentException.class, () -> new MaxPool(3, 2, 3));
    assertThrows(UserError.class, () -> new MaxPool(5, 1, 0).setup(Shape.of(1, 3, 3), new Rng(0)));
    assertThrows(UserError.class, () -> new MaxPool(1, 3, 0).setup(Shape.of(1, 5, 5), new Rng(0)));
  }
}
