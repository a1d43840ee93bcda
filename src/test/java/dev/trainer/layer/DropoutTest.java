package dev.trainer.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trainer.TestData;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import org.junit.jupiter.api.Test;

class DropoutTest {

  @Test
  void testModeIsTheIdentity() {
    Rng rng = new Rng(1);
    Dropout dropout = new Dropout(0.5f);
    dropout.setup(Shape.of(3, 4), rng);
    Tensor x = TestData.gaussian(rng, 2, 3, 4);
    assertArrayEquals(x.data, dropout.forward(x, Mode.TEST).data);
    Tensor dy = TestData.gaussian(rng, 2, 3, 4);
    assertArrayEquals(dy.data, dropout.backward(dy).data);
  }

  @Test
  void trainModeDropsAFractionPAndPreservesTheMean() {
    Dropout dropout = new Dropout(0.3f);
    dropout.setup(Shape.of(100), new Rng(2));
    Tensor ones = new Tensor(Shape.of(200, 100));
    ones.fill(1f);
    Tensor y = dropout.forward(ones, Mode.TRAIN);
    int dropped = 0;
    double sum = 0;
    for (float v : y.data) {
      if (v == 0) dropped++;
      else assertEquals(1 / 0.7f, v, 1e-6f);
      sum += v;
    }
    assertEquals(0.3, dropped / 20000.0, 0.02);
    assertEquals(1.0, sum / 20000, 0.03);
  }

  @Test
  void backwardUsesTheSameMask() {
    Rng rng = new Rng(3);
    Dropout dropout = new Dropout(0.5f);
    dropout.setup(Shape.of(50), rng);
    Tensor x = TestData.gaussian(rng, 2, 50);
    Tensor y = dropout.forward(x, Mode.TRAIN).copy();
    Tensor dx = dropout.backward(x);
    assertArrayEquals(y.data, dx.data);
  }

  @Test
  void gradientsWithFrozenNoise() {
    Rng rng = new Rng(4);
    Rng layerRng = rng.stream("dropout");
    Dropout dropout = new Dropout(0.4f);
    dropout.setup(Shape.of(3, 5, 5), layerRng);
    TestData.assertGradients(dropout, layerRng, TestData.gaussian(rng, 2, 3, 5, 5), Mode.TRAIN, rng);
  }

  @Test
  void masksAreReproducibleFromTheSeed() {
    Tensor x = TestData.gaussian(new Rng(5), 3, 20);
    Dropout a = new Dropout(0.5f);
    a.setup(Shape.of(20), new Rng(6));
    Dropout b = new Dropout(0.5f);
    b.setup(Shape.of(20), new Rng(6));
    assertArrayEquals(a.forward(x, Mode.TRAIN).data, b.forward(x, Mode.TRAIN).data);
  }

  @Test
  void rejectsARatioOutsideZeroToOne() {
    assertThrows(IllegalArgumentException.class, () -> new Dropout(1f));
    assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1f));
  }
}
