package dev.trainer.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.TestData;
import dev.trainer.activation.ReLU;
import dev.trainer.loss.SoftmaxCrossEntropy;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layers work together: a small conv net fits a tiny random data set with plain SGD. */
class NetTest {

  private static Net smallNet() {
    return new Net()
        .add("conv1", new Conv2d(6, 3, 1, 1, TestData.gaussianInit(0.2)))
        .add("relu1", new ReLU())
        .add("pool1", new MaxPool(3, 2, 0))
        .add("flatten", new Flatten())
        .add("fc", new FullyConnected(3, TestData.gaussianInit(0.1)));
  }

  private static double step(Net net, SoftmaxCrossEntropy loss, Tensor x, int[] labels, float lr) {
    net.zeroGrads();
    double l = loss.forward(net.forward(x, Mode.TRAIN), labels);
    net.backward(loss.backward());
    for (NamedParam p : net.params()) {
      float[] v = p.param().value.data;
      float[] g = p.param().grad.data;
      for (int i = 0; i < v.length; i++) v[i] -= lr * g[i];
    }
    return l;
  }

  @Test
  void backwardParamsGivesTheSameParameterGradientsAsBackward() {
    Rng rng = new Rng(5);
    for (Layer layer : List.<Layer>of(new Conv2d(4, 3, 1, 1, TestData.gaussianInit(0.2)),
        new Conv2d(4, 1, 1, 0, TestData.gaussianInit(0.2)), new FullyConnected(5, TestData.gaussianInit(0.2)))) {
      layer.setup(Shape.of(3, 5, 5), rng);
      for (Param p : layer.params()) p.initialize(rng);
      Tensor x = TestData.gaussian(rng, 6, 3, 5, 5);
      Tensor dy = TestData.gaussian(rng, layer.forward(x, Mode.TRAIN).shape().dims());
      layer.backward(dy);
      List<float[]> full = layer.params().stream().map(p -> p.grad.data.clone()).toList();
      layer.params().forEach(p -> java.util.Arrays.fill(p.grad.data, 0f));
      layer.backwardParams(dy);
      for (int k = 0; k < full.size(); k++) {
        assertTrue(java.util.Arrays.equals(full.get(k), layer.params().get(k).grad.data), layer + " param " + k);
      }
    }
  }

  @Test
  void netBackwardSkipsTheLayersBelowTheLowestWeights() {
    Net net = new Net().add("flatten", new Flatten()).add("fc", new FullyConnected(3, TestData.gaussianInit(0.1)));
    net.setup(Shape.of(2, 2, 2), new Rng(1), line -> { });
    assertEquals(1, net.lowestWithParams());
    Net conv = smallNet();
    conv.setup(Shape.of(3, 6, 6), new Rng(1), line -> { });
    assertEquals(0, conv.lowestWithParams());
    assertEquals(-1, new Net().add("relu", new ReLU()).lowestWithParams());
  }

  @Test
  void setupReportsShapesAndInitialization() {
    Net net = smallNet();
    List<String> log = new ArrayList<>();
    assertEquals(Shape.of(3), net.setup(Shape.of(3, 6, 6), new Rng(1), log::add));
    assertEquals(Shape.of(6, 3, 3), net.outputShape(2));
    assertEquals(4, log.size());
    assertEquals("conv1.weight", net.params().get(0).name());
    assertEquals("fc.bias", net.params().get(3).name());
  }

  @Test
  void thirtySgdStepsReduceTheLoss() {
    Rng rng = new Rng(2);
    Net net = smallNet();
    net.setup(Shape.of(3, 6, 6), rng, line -> { });
    Tensor x = TestData.gaussian(rng, 12, 3, 6, 6);
    int[] labels = new int[12];
    for (int i = 0; i < labels.length; i++) labels[i] = rng.nextInt(3);
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    double first = step(net, loss, x, labels, 0.1f);
    double last = first;
    for (int i = 1; i < 30; i++) last = step(net, loss, x, labels, 0.1f);
    assertTrue(last < 0.5 * first, "loss " + first + " -> " + last);
    loss.forward(net.forward(x, Mode.TEST), labels);
    assertTrue(loss.correct(1) >= 9, "fits the training set: " + loss.correct(1) + "/12");
  }
}
