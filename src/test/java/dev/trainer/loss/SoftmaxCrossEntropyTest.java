package dev.trainer.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.TestData;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import org.junit.jupiter.api.Test;

class SoftmaxCrossEntropyTest {

  @Test
  void lossOfUniformLogitsIsLogK() {
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    assertEquals(Math.log(10), loss.forward(new Tensor(Shape.of(3, 10)), new int[] {0, 4, 9}), 1e-12);
  }

  @Test
  void handComputedLossAndGradient() {
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    double l = loss.forward(TestData.tensor(new float[] {0, (float) Math.log(3)}, 1, 2), new int[] {1});
    assertEquals(-Math.log(0.75), l, 1e-7);
    assertArrayEquals(new float[] {0.25f, -0.25f}, loss.backward().data, 1e-6f);
  }

  @Test
  void gradientMatchesCentralDifferences() {
    Rng rng = new Rng(1);
    Tensor z = TestData.gaussian(rng, 4, 5);
    int[] labels = {3, 0, 4, 3};
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    loss.forward(z, labels);
    Tensor analytic = loss.backward().copy();
    float h = 1e-2f;
    for (int i = 0; i < z.size(); i++) {
      float v = z.data[i];
      z.data[i] = v + h;
      double plus = loss.forward(z, labels);
      z.data[i] = v - h;
      double minus = loss.forward(z, labels);
      z.data[i] = v;
      assertEquals((plus - minus) / (2 * h), analytic.data[i], 1e-4, "logit " + i);
    }
  }

  @Test
  void stableForHugeLogits() {
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    Tensor z = TestData.tensor(new float[] {1e4f, 1e4f - 2, -1e4f, 2e4f, 2e4f, 2e4f - 1}, 2, 3);
    double l = loss.forward(z, new int[] {1, 2});
    double row0 = Math.log(1 + Math.exp(-2) + Math.exp(-2e4)) + 2;
    double row1 = Math.log(2 + Math.exp(-1)) + 1;
    assertEquals((row0 + row1) / 2, l, 1e-6);
    Tensor g = loss.backward();
    assertTrue(g.isFinite());
    assertEquals(0.0, g.data[0] + g.data[1] + g.data[2], 1e-6);
  }

  @Test
  void predictionsAndTopKCounts() {
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    Tensor z = TestData.tensor(new float[] {
      0.1f, 0.5f, 0.2f, 0.9f,
      3f, 1f, 2f, 0f,
      1f, 1f, 0f, 0f}, 3, 4);
    loss.forward(z, new int[] {1, 0, 1});
    assertArrayEquals(new int[] {3, 0, 0}, loss.predictions());
    assertEquals(1, loss.correct(1)); // example 3 ties with the best: a tie counts against the label
    assertEquals(3, loss.correct(2));
    z.data[4] = -5f; // the loss keeps its own copy of the logits
    assertEquals(1, loss.correct(1));
  }

  /** Equal logits (a constant init) are chance, not a perfect score: every tie counts against the label. */
  @Test
  void equalLogitsAreNeverCorrect() {
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    loss.forward(new Tensor(Shape.of(4, 10)), new int[] {0, 3, 7, 9});
    assertEquals(0, loss.correct(1));
    assertEquals(0, loss.correct(5));
    assertEquals(4, loss.correct(10), "top-10 of 10 classes is every finite label");
  }

  /** Two classes tie above the label: the label is third, so a top-3 hit but not a top-2 one. */
  @Test
  void tiesAboveTheLabelEachCountAsARival() {
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    loss.forward(TestData.tensor(new float[] {2, 2, 1, 0, 1}, 1, 5), new int[] {2});
    assertEquals(0, loss.correct(2)); // 2, 2 and the tie at 1 all beat or equal the label
    assertEquals(0, loss.correct(3));
    assertEquals(1, loss.correct(4));
  }

  @Test
  void aNaNLogitCountsAgainstTheLabel() {
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    float nan = Float.NaN;
    Tensor z = TestData.tensor(new float[] {
      nan, nan, nan,     // all NaN: no prediction
      nan, 1, 0,         // the label's logit is NaN
      5, nan, 0,         // another class is NaN: counts as a rival
      Float.POSITIVE_INFINITY, 0, 0, // an infinite label logit is no finite prediction
      3, 1, 0}, 5, 3);
    loss.forward(z, new int[] {0, 0, 0, 0, 0});
    assertEquals(1, loss.correct(1));
    assertEquals(2, loss.correct(2)); // example 3 is second after the NaN
    assertEquals(2, loss.correct(3), "a NaN or infinite label logit is no hit even at top-3 of 3");
  }

  @Test
  void batchSizeMayChange() {
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    loss.forward(new Tensor(Shape.of(5, 3)), new int[] {0, 1, 2, 0, 1});
    loss.forward(new Tensor(Shape.of(2, 3)), new int[] {2, 2});
    Tensor g = loss.backward();
    assertEquals(Shape.of(2, 3), g.shape());
    assertEquals(-1 / 3f, g.data[5], 1e-6f);
    assertEquals(2, loss.predictions().length);
  }

  @Test
  void rejectsBadLabels() {
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    Tensor z = new Tensor(Shape.of(2, 3));
    assertThrows(IllegalArgumentException.class, () -> loss.forward(z, new int[] {0, 3}));
    assertThrows(IllegalArgumentException.class, () -> loss.forward(z, new int[] {-1, 0}));
    assertThrows(IllegalArgumentException.class, () -> loss.forward(z, new int[] {0}));
  }
}
