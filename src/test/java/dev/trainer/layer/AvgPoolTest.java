package dev.trainer.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trainer.TestData;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AvgPoolTest {

  private static float[] oneToN(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = i + 1;
    return v;
  }

  private static AvgPool pool(int k, int s, int p, Shape input) {
    AvgPool pool = new AvgPool(k, s, p);
    pool.setup(input, new Rng(0));
    return pool;
  }

  @Test
  void caffeOutputSizesOfNetworkInNetwork() {
    AvgPool pool = new AvgPool(3, 2, 0);
    assertEquals(Shape.of(8, 14, 14), pool.setup(Shape.of(8, 28, 28), new Rng(0)));
    assertEquals(Shape.of(8, 7, 7), pool.setup(Shape.of(8, 14, 14), new Rng(0)));
    assertEquals(Shape.of(8, 16, 16), pool.setup(Shape.of(8, 32, 32), new Rng(0)));
    assertEquals(Shape.of(8, 8, 8), pool.setup(Shape.of(8, 16, 16), new Rng(0)));
  }

  /** A ceil-mode window hanging past the input (no padding) divides by its part inside. */
  @Test
  void handComputedOverhangingWindows() {
    AvgPool pool = pool(3, 2, 0, Shape.of(1, 4, 4));
    Tensor y = pool.forward(TestData.tensor(oneToN(16), 1, 1, 4, 4), Mode.TEST);
    assertArrayEquals(new float[] {54f / 9, 45f / 6, 72f / 6, 54f / 4}, y.data, 1e-6f);
  }

  /** Padding counts as zeros in the divisor; cells beyond the padding do not. */
  @Test
  void handComputedPaddedWindows() {
    AvgPool pool = pool(3, 2, 1, Shape.of(1, 4, 4));
    Tensor y = pool.forward(TestData.tensor(oneToN(16), 1, 1, 4, 4), Mode.TEST);
    assertEquals(Shape.of(1, 1, 3, 3), y.shape());
    assertEquals(14f / 9, y.data[0], 1e-6f); // rows [-1,2) cols [-1,2): 9 cells, 4 inside
    assertEquals((2 + 3 + 4 + 6 + 7 + 8) / 9f, y.data[1], 1e-6f); // cols [1,4)
    assertEquals((4 + 8) / 6f, y.data[2], 1e-6f); // cols [3,6) clipped to [3,5): 3 rows × 2 cols
    assertEquals(16f / 4, y.data[8], 1e-6f); // rows and cols [3,5): 2×2 cells, 1 inside

    Tensor small = pool(2, 2, 1, Shape.of(1, 3, 3)).forward(TestData.tensor(oneToN(9), 1, 1, 3, 3), Mode.TEST);
    assertArrayEquals(new float[] {0.25f, 1.25f, 2.75f, 7f}, small.data, 1e-6f);
  }

  @Test
  void backwardSpreadsEachGradientOverItsWindow() {
    AvgPool pool = pool(2, 2, 1, Shape.of(1, 3, 3));
    pool.forward(TestData.tensor(oneToN(9), 1, 1, 3, 3), Mode.TRAIN);
    Tensor dx = pool.backward(TestData.tensor(new float[] {4, 8, 12, 16}, 1, 1, 2, 2));
    assertArrayEquals(new float[] {1, 2, 2, 3, 4, 4, 3, 4, 4}, dx.data, 1e-6f);
  }

  @Test
  void gradients() {
    Rng rng = new Rng(1);
    for (int[] cfg : new int[][] {{3, 2, 0}, {3, 2, 1}, {2, 1, 1}}) {
      AvgPool pool = pool(cfg[0], cfg[1], cfg[2], Shape.of(3, 5, 5));
      TestData.assertGradients(pool, null, TestData.gaussian(rng, 2, 3, 5, 5), Mode.TRAIN, rng);
    }
  }

  @Test
  void batchSizeMayChange() {
    AvgPool pool = pool(3, 2, 0, Shape.of(1, 4, 4));
    pool.forward(TestData.gaussian(new Rng(2), 3, 1, 4, 4), Mode.TRAIN);
    Tensor y = pool.forward(TestData.tensor(oneToN(16), 1, 1, 4, 4), Mode.TRAIN);
    assertEquals(54f / 4, y.data[3], 1e-6f);
    assertEquals(Shape.of(1, 1, 4, 4), pool.backward(new Tensor(Shape.of(1, 1, 2, 2))).shape());
  }
}
