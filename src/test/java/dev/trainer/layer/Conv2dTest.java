package dev.trainer.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trainer.TestData;
import dev.trainer.UserError;
import dev.trainer.init.Fan;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Conv2dTest {

  private static Conv2d conv(int filters, int k, int s, int p, Shape input, Rng rng) {
    Conv2d conv = new Conv2d(filters, k, s, p, TestData.gaussianInit(0.3));
    conv.setup(input, rng);
    TestData.initialize(conv, rng);
    float[] b = conv.params().get(1).value.data;
    for (int i = 0; i < b.length; i++) b[i] = 0.1f * (i + 1);
    return conv;
  }

  /** Direct convolution plus bias, one example at a time. */
  private static float[] direct(Conv2d conv, Tensor x, int f, int k, int s, int p) {
    int c = x.shape().dim(1);
    int h = x.shape().dim(2);
    int w = x.shape().dim(3);
    float[] weights = conv.params().get(0).value.data;
    float[] bias = conv.params().get(1).value.data;
    int perIn = c * h * w;
    float[] all = new float[0];
    for (int e = 0; e < x.batch(); e++) {
      float[] y = TestData.directConv(
          Arrays.copyOfRange(x.data, e * perIn, (e + 1) * perIn), c, h, w, weights, f, k, s, p);
      int area = y.length / f;
      for (int i = 0; i < y.length; i++) y[i] += bias[i / area];
      float[] grown = Arrays.copyOf(all, all.length + y.length);
      System.arraycopy(y, 0, grown, all.length, y.length);
      all = grown;
    }
    return all;
  }

  @Test
  void gradientsWithStride2AndPad1() {
    Rng rng = new Rng(1);
    Conv2d conv = conv(4, 3, 2, 1, Shape.of(3, 5, 5), rng);
    TestData.assertGradients(conv, null, TestData.gaussian(rng, 2, 3, 5, 5), Mode.TRAIN, rng);
  }

  /** F = 4 > K = 3: dW computed directly. */
  @Test
  void gradientsOfThePointwiseFastPath() {
    Rng rng = new Rng(2);
    Conv2d conv = conv(4, 1, 1, 0, Shape.of(3, 5, 5), rng);
    TestData.assertGradients(conv, null, TestData.gaussian(rng, 2, 3, 5, 5), Mode.TRAIN, rng);
  }

  @Test
  void gradientsOfAStridedPointwiseConv() {
    Rng rng = new Rng(3);
    Conv2d conv = conv(2, 1, 2, 0, Shape.of(3, 5, 5), rng);
    TestData.assertGradients(conv, null, TestData.gaussian(rng, 2, 3, 5, 5), Mode.TRAIN, rng);
  }

  @Test
  void matchesTheDirectConvolution() {
    int[][] configs = {{3, 2, 1}, {1, 1, 0}, {5, 1, 2}, {2, 3, 0}};
    for (int[] cfg : configs) {
      Rng rng = new Rng(4);
      Conv2d conv = conv(3, cfg[0], cfg[1], cfg[2], Shape.of(2, 6, 7), rng);
      Tensor x = TestData.gaussian(rng, 2, 2, 6, 7);
      assertArrayEquals(direct(conv, x, 3, cfg[0], cfg[1], cfg[2]), conv.forward(x, Mode.TEST).data, 1e-4f,
          Arrays.toString(cfg));
    }
  }

  /** Batch 13: every part of the batch split holds several examples, the last ones unequal. */
  @Test
  void aBatchSplitIntoUnequalPartsMatchesTheDirectConvolution() {
    for (int[] cfg : new int[][] {{3, 1, 1}, {1, 1, 0}}) {
      Rng rng = new Rng(8);
      Conv2d conv = conv(3, cfg[0], cfg[1], cfg[2], Shape.of(2, 4, 4), rng);
      Tensor x = TestData.gaussian(rng, 13, 2, 4, 4);
      assertArrayEquals(direct(conv, x, 3, cfg[0], cfg[1], cfg[2]), conv.forward(x, Mode.TEST).data, 1e-4f,
          Arrays.toString(cfg));
    }
  }

  /** F = 3 ≤ K = 18 (dW computed as its transpose) with several examples per part. */
  @Test
  void gradientsOverSeveralExamplesPerPart() {
    Rng rng = new Rng(9);
    Conv2d conv = conv(3, 3, 1, 1, Shape.of(2, 3, 3), rng);
    TestData.assertGradients(conv, null, TestData.gaussian(rng, 10, 2, 3, 3), Mode.TRAIN, rng);
  }

  @Test
  void outputShapeParamsAndFlops() {
    Conv2d conv = conv(192, 5, 1, 2, Shape.of(3, 32, 32), new Rng(5));
    Tensor y = conv.forward(new Tensor(Shape.of(1, 3, 32, 32)), Mode.TEST);
    assertEquals(Shape.of(1, 192, 32, 32), y.shape());
    Param weight = conv.params().get(0);
    assertEquals("weight", weight.name());
    assertEquals(Shape.of(192, 3, 5, 5), weight.value.shape());
    assertEquals(Fan.conv(3, 192, 5), weight.fan());
    assertEquals("bias", conv.params().get(1).name());
    assertEquals(Shape.of(192), conv.params().get(1).value.shape());
    assertEquals(2L * 192 * 75 * 1024, conv.flopsPerExample());
    assertEquals(Shape.of(8, 3, 3), new Conv2d(8, 3, 2, 1, TestData.gaussianInit(1)).setup(Shape.of(1, 5, 5), new Rng(0)));
  }

  @Test
  void batchSizeMayChange() {
    Rng rng = new Rng(6);
    for (int k : new int[] {3, 1}) {
      Conv2d conv = conv(2, k, 1, k / 2, Shape.of(3, 4, 4), rng);
      Tensor three = TestData.gaussian(rng, 3, 3, 4, 4);
      conv.forward(three, Mode.TRAIN);
      conv.backward(TestData.gaussian(rng, 3, 2, 4, 4));
      Tensor one = TestData.gaussian(rng, 1, 3, 4, 4);
      assertArrayEquals(direct(conv, one, 2, k, 1, k / 2), conv.forward(one, Mode.TRAIN).data, 1e-4f);
      assertEquals(Shape.of(1, 3, 4, 4), conv.backward(TestData.gaussian(rng, 1, 2, 4, 4)).shape());
    }
  }

  @Test
  void gradientsAccumulate() {
    Rng rng = new Rng(7);
    Conv2d conv = conv(2, 3, 1, 1, Shape.of(2, 4, 4), rng);
    Tensor x = TestData.gaussian(rng, 2, 2, 4, 4);
    Tensor dy = TestData.gaussian(rng, 2, 2, 4, 4);
    conv.forward(x, Mode.TRAIN);
    conv.backward(dy);
    float[] once = conv.params().get(0).grad.data.clone();
    conv.backward(dy);
    for (int i = 0; i < once.length; i++) assertEquals(2 * once[i], conv.params().get(0).grad.data[i], 1e-4f);
  }

  @Test
  void rejectsAKernelLargerThanThePaddedInput() {
    Conv2d conv = new Conv2d(2, 5, 1, 0, TestData.gaussianInit(1));
    assertThrows(UserError.class, () -> conv.setup(Shape.of(1, 3, 3), new Rng(0)));
    assertThrows(UserError.class, () -> conv.setup(Shape.of(9), new Rng(0)));
  }
}
