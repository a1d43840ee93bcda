package dev.trainer.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trainer.TestData;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import org.junit.jupiter.api.Test;

class FlattenTest {

  @Test
  void reshapesWithoutReordering() {
    Rng rng = new Rng(1);
    Flatten flatten = new Flatten();
    assertEquals(Shape.of(12), flatten.setup(Shape.of(3, 2, 2), rng));
    Tensor x = TestData.gaussian(rng, 2, 3, 2, 2);
    Tensor y = flatten.forward(x, Mode.TEST);
    assertEquals(Shape.of(2, 12), y.shape());
    assertArrayEquals(x.data, y.data);
    Tensor dy = TestData.gaussian(rng, 2, 12);
    Tensor dx = flatten.backward(dy);
    assertEquals(Shape.of(2, 3, 2, 2), dx.shape());
    assertArrayEquals(dy.data, dx.data);
  }

  @Test
  void gradientsAndChangingBatch() {
    Rng rng = new Rng(2);
    Flatten flatten = new Flatten();
    flatten.setup(Shape.of(3, 5, 5), rng);
    TestData.assertGradients(flatten, null, TestData.gaussian(rng, 2, 3, 5, 5), Mode.TRAIN, rng);
    assertEquals(Shape.of(1, 75), flatten.forward(TestData.gaussian(rng, 1, 3, 5, 5), Mode.TEST).shape());
    assertEquals(Shape.of(1, 3, 5, 5), flatten.backward(TestData.gaussian(rng, 1, 75)).shape());
  }
}
