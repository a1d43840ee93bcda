package dev.trainer.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trainer.TestData;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import org.junit.jupiter.api.Test;

class BatchNormTest {

  private static BatchNorm batchNorm(Shape input, Rng rng) {
    BatchNorm bn = new BatchNorm();
    assertEquals(input, bn.setup(input, rng));
    TestData.initialize(bn, rng);
    return bn;
  }

  /** Non-trivial γ and β so their gradients and the scaling are exercised. */
  private static void perturb(BatchNorm bn, Rng rng) {
    for (Param p : bn.params()) {
      for (int i = 0; i < p.value.size(); i++) p.value.data[i] += (float) (0.5 * rng.nextGaussian());
    }
  }

  @Test
  void gradientsInTrainModePerChannel() {
    Rng rng = new Rng(1);
    BatchNorm bn = batchNorm(Shape.of(3, 5, 5), rng);
    perturb(bn, rng);
    Tensor x = TestData.gaussian(rng, 2, 3, 5, 5);
    for (int i = 0; i < x.size(); i++) x.data[i] = 2 * x.data[i] + 1;
    TestData.assertGradients(bn, null, x, Mode.TRAIN, rng);
  }

  @Test
  void gradientsInTrainModePerFeature() {
    Rng rng = new Rng(2);
    BatchNorm bn = batchNorm(Shape.of(4), rng);
    perturb(bn, rng);
    TestData.assertGradients(bn, null, TestData.gaussian(rng, 6, 4), Mode.TRAIN, rng);
  }

  @Test
  void gradientsInTestMode() {
    Rng rng = new Rng(3);
    BatchNorm bn = batchNorm(Shape.of(3, 2, 2), rng);
    perturb(bn, rng);
    bn.forward(TestData.gaussian(rng, 4, 3, 2, 2), Mode.TRAIN);
    TestData.assertGradients(bn, null, TestData.gaussian(rng, 2, 3, 2, 2), Mode.TEST, rng);
  }

  @Test
  void gradientsInTestModeWithCaffeStatistics() {
    Rng rng = new Rng(11);
    BatchNorm bn = BatchNorm.caffe(0.9f, 1e-5f);
    bn.setup(Shape.of(3, 2, 2), rng);
    TestData.initialize(bn, rng);
    perturb(bn, rng);
    bn.forward(TestData.gaussian(rng, 4, 3, 2, 2), Mode.TRAIN);
    bn.forward(TestData.gaussian(rng, 4, 3, 2, 2), Mode.TRAIN);
    TestData.assertGradients(bn, null, TestData.gaussian(rng, 2, 3, 2, 2), Mode.TEST, rng);
  }

  @Test
  void trainModeNormalizesEachChannel() {
    Rng rng = new Rng(4);
    BatchNorm bn = batchNorm(Shape.of(2, 3, 3), rng);
    Tensor x = TestData.gaussian(rng, 4, 2, 3, 3);
    for (int i = 0; i < x.size(); i++) x.data[i] = 3 * x.data[i] + 5;
    Tensor y = bn.forward(x, Mode.TRAIN);
    for (int c = 0; c < 2; c++) {
      double s = 0;
      double ss = 0;
      for (int e = 0; e < 4; e++) {
        for (int i = 0; i < 9; i++) {
          double v = y.data[(e * 2 + c) * 9 + i];
          s += v;
          ss += v * v;
        }
      }
      assertEquals(0, s / 36, 1e-5);
      assertEquals(1, ss / 36, 1e-3);
    }
  }

  /** PyTorch convention: running = 0.9·running + 0.1·batch, with the unbiased batch variance. */
  @Test
  void runningStatisticsUseMomentumAndTheUnbiasedVariance() {
    BatchNorm bn = batchNorm(Shape.of(1), new Rng(5));
    bn.forward(TestData.tensor(new float[] {1, 2, 3, 6}, 4, 1), Mode.TRAIN);
    Tensor mean = bn.state().get(0);
    Tensor var = bn.state().get(1);
    assertEquals(0.1f * 3, mean.data[0], 1e-6f);
    assertEquals(0.9f + 0.1f * (4 + 1 + 0 + 9) / 3f, var.data[0], 1e-6f);
  }

  /**
   * Caffe's form: sums divided by the accumulated weight w. After one batch the test statistics are
   * exactly that batch's (EMA would give 0.1 of its mean); after two, their f-weighted mean.
   */
  @Test
  void caffeStatisticsAreTheWeightedMeanOfTheBatchesSeen() {
    BatchNorm bn = BatchNorm.caffe(0.5f, 1e-5f);
    bn.setup(Shape.of(1), new Rng(9));
    TestData.initialize(bn, new Rng(9));
    assertEquals(0, bn.testMean(0));
    assertEquals(1, bn.testVariance(0), "before any batch: mean 0, variance 1 as with EMA");
    bn.forward(TestData.tensor(new float[] {1, 2, 3, 6}, 4, 1), Mode.TRAIN);
    assertEquals(3, bn.testMean(0), 1e-6);
    assertEquals(14 / 3.0, bn.testVariance(0), 1e-6);
    bn.forward(TestData.tensor(new float[] {0, 0, 2, 2}, 4, 1), Mode.TRAIN); // mean 1, unbiased variance 4/3
    assertEquals((0.5 * 3 + 1) / 1.5, bn.testMean(0), 1e-6);
    assertEquals((0.5 * 14 / 3 + 4 / 3.0) / 1.5, bn.testVariance(0), 1e-6);
    assertEquals(3, bn.state().size(), "S_mean, S_var and w");
    assertArrayEquals(new float[] {1.5f}, bn.state().get(2).data);
    Tensor y = bn.forward(TestData.tensor(new float[] {5f / 3}, 1, 1), Mode.TEST);
    assertEquals(0f, y.data[0], 1e-6f);
    assertArrayEquals(new float[] {1.5f}, bn.state().get(2).data, "TEST passes leave the statistics alone");
  }

  /** moving_average_fraction 0 and momentum 1 both keep only the last batch: the two forms agree. */
  @Test
  void caffeWithFractionZeroEqualsEmaWithMomentumOne() {
    Rng rng = new Rng(10);
    BatchNorm caffe = BatchNorm.caffe(0f, 1e-5f);
    BatchNorm ema = new BatchNorm(1f, 1e-5f);
    for (BatchNorm bn : new BatchNorm[] {caffe, ema}) {
      bn.setup(Shape.of(2, 3, 3), rng);
      TestData.initialize(bn, rng);
    }
    for (int i = 0; i < 3; i++) {
      Tensor x = TestData.gaussian(rng, 4, 2, 3, 3);
      caffe.forward(x, Mode.TRAIN);
      ema.forward(x, Mode.TRAIN);
    }
    for (int c = 0; c < 2; c++) {
      assertEquals(ema.testMean(c), caffe.testMean(c), 1e-6);
      assertEquals(ema.testVariance(c), caffe.testVariance(c), 1e-6);
    }
  }

  @Test
  void testModeUsesTheRunningStatistics() {
    BatchNorm bn = new BatchNorm(0.1f, 1e-3f);
    bn.setup(Shape.of(2), new Rng(6));
    TestData.initialize(bn, new Rng(6));
    bn.state().get(0).data[0] = 1f;
    bn.state().get(0).data[1] = -2f;
    bn.state().get(1).data[0] = 4f - 1e-3f;
    bn.state().get(1).data[1] = 0.25f - 1e-3f;
    bn.params().get(0).value.data[1] = 3f;
    bn.params().get(1).value.data[0] = 0.5f;
    Tensor y = bn.forward(TestData.tensor(new float[] {5, 0, -3, -2}, 2, 2), Mode.TEST);
    assertArrayEquals(new float[] {2.5f, 12f, -1.5f, 0f}, y.data, 1e-4f);
    assertEquals(1f, bn.state().get(0).data[0]);
  }

  @Test
  void paramsHaveNoWeightDecay() {
    BatchNorm bn = batchNorm(Shape.of(3, 2, 2), new Rng(7));
    assertEquals("gamma", bn.params().get(0).name());
    assertEquals("beta", bn.params().get(1).name());
    for (Param p : bn.params()) {
      assertEquals(Shape.of(3), p.value.shape());
      assertEquals(0f, p.decayMult());
    }
    assertArrayEquals(new float[] {1, 1, 1}, bn.params().get(0).value.data);
    assertEquals(2, bn.state().size());
  }

  @Test
  void batchSizeMayChange() {
    Rng rng = new Rng(8);
    BatchNorm bn = batchNorm(Shape.of(2, 2, 2), rng);
    bn.forward(TestData.gaussian(rng, 5, 2, 2, 2), Mode.TRAIN);
    Tensor y = bn.forward(TestData.gaussian(rng, 2, 2, 2, 2), Mode.TRAIN);
    assertEquals(Shape.of(2, 2, 2, 2), y.shape());
    assertEquals(Shape.of(2, 2, 2, 2), bn.backward(TestData.gaussian(rng, 2, 2, 2, 2)).shape());
  }
}
