package dev.trainer.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trainer.TestData;
import dev.trainer.init.Fan;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import org.junit.jupiter.api.Test;

class FullyConnectedTest {

  private static FullyConnected layer(int outputs, Shape input, Rng rng) {
    FullyConnected fc = new FullyConnected(outputs, TestData.gaussianInit(0.5));
    assertEquals(Shape.of(outputs), fc.setup(input, rng));
    TestData.initialize(fc, rng);
    return fc;
  }

  @Test
  void gradientsOfInputWeightAndBias() {
    Rng rng = new Rng(1);
    FullyConnected fc = layer(4, Shape.of(3, 2, 2), rng);
    fc.params().get(1).value.data[2] = 0.3f;
    TestData.assertGradients(fc, null, TestData.gaussian(rng, 2, 3, 2, 2), Mode.TRAIN, rng);
  }

  @Test
  void computesXTimesWTransposedPlusBias() {
    FullyConnected fc = layer(2, Shape.of(3), new Rng(2));
    System.arraycopy(new float[] {1, 2, 3, -1, 0, 2}, 0, fc.params().get(0).value.data, 0, 6);
    fc.params().get(1).value.data[0] = 0.5f;
    fc.params().get(1).value.data[1] = -1f;
    Tensor y = fc.forward(TestData.tensor(new float[] {1, 1, 1, 2, 0, -1}, 2, 3), Mode.TEST);
    assertEquals(Shape.of(2, 2), y.shape());
    assertArrayEquals(new float[] {6.5f, 0f, -0.5f, -5f}, y.data, 1e-6f);

    Tensor dx = fc.backward(TestData.tensor(new float[] {1, 0, 0, 1}, 2, 2));
    assertArrayEquals(new float[] {1, 2, 3, -1, 0, 2}, dx.data, 1e-6f);
    assertArrayEquals(new float[] {1, 1, 1, 2, 0, -1}, fc.params().get(0).grad.data, 1e-6f);
    assertArrayEquals(new float[] {1, 1}, fc.params().get(1).grad.data, 1e-6f);
  }

  @Test
  void paramsFanAndFlops() {
    FullyConnected fc = layer(10, Shape.of(4, 3, 3), new Rng(3));
    assertEquals("weight", fc.params().get(0).name());
    assertEquals(Shape.of(10, 36), fc.params().get(0).value.shape());
    assertEquals(Fan.fullyConnected(36, 10), fc.params().get(0).fan());
    assertEquals("bias", fc.params().get(1).name());
    assertEquals(1f, fc.params().get(1).lrMult());
    assertEquals(1f, fc.params().get(1).decayMult());
    assertEquals(2L * 10 * 36, fc.flopsPerExample());
  }

  @Test
  void batchSizeMayChange() {
    Rng rng = new Rng(4);
    FullyConnected fc = layer(3, Shape.of(5), rng);
    Tensor big = TestData.gaussian(rng, 4, 5);
    float[] expected = fc.forward(big, Mode.TEST).data.clone();
    Tensor small = TestData.tensor(java.util.Arrays.copyOfRange(big.data, 5, 10), 1, 5);
    Tensor y = fc.forward(small, Mode.TEST);
    assertEquals(Shape.of(1, 3), y.shape());
    assertArrayEquals(java.util.Arrays.copyOfRange(expected, 3, 6), y.data, 1e-6f);
    assertEquals(Shape.of(1, 5), fc.backward(TestData.gaussian(rng, 1, 3)).shape());
  }
}
