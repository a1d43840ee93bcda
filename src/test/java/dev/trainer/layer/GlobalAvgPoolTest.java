package dev.trainer.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trainer.TestData;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import org.junit.jupiter.api.Test;

class GlobalAvgPoolTest {

  @Test
  void meanPerChannel() {
    GlobalAvgPool pool = new GlobalAvgPool();
    assertEquals(Shape.of(2), pool.setup(Shape.of(2, 2, 2), new Rng(0)));
    Tensor y = pool.forward(TestData.tensor(new float[] {1, 2, 3, 4, -4, 0, 0, 0, 8, 8, 8, 8, 1, 1, 1, 1}, 2, 2, 2, 2), Mode.TEST);
    assertEquals(Shape.of(2, 2), y.shape());
    assertArrayEquals(new float[] {2.5f, -1f, 8f, 1f}, y.data, 1e-6f);
    Tensor dx = pool.backward(TestData.tensor(new float[] {4, 8, 0, -4}, 2, 2));
    assertArrayEquals(new float[] {1, 1, 1, 1, 2, 2, 2, 2, 0, 0, 0, 0, -1, -1, -1, -1}, dx.data, 1e-6f);
  }

  @Test
  void gradients() {
    Rng rng = new Rng(1);
    GlobalAvgPool pool = new GlobalAvgPool();
    pool.setup(Shape.of(3, 5, 5), rng);
    TestData.assertGradients(pool, null, TestData.gaussian(rng, 2, 3, 5, 5), Mode.TRAIN, rng);
  }

  @Test
  void batchSizeMayChange() {
    GlobalAvgPool pool = new GlobalAvgPool();
    pool.setup(Shape.of(1, 2, 2), new Rng(0));
    pool.forward(new Tensor(Shape.of(4, 1, 2, 2)), Mode.TEST);
    Tensor y = pool.forward(TestData.tensor(new float[] {1, 2, 3, 6}, 1, 1, 2, 2), Mode.TEST);
    assertArrayEquals(new float[] {3}, y.data);
    assertEquals(Shape.of(1, 1, 2, 2), pool.backward(y).shape());
  }
}
