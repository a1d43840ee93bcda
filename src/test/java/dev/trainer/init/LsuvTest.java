package dev.trainer.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.activation.ReLU;
import dev.trainer.layer.BatchNorm;
import dev.trainer.layer.Dropout;
import dev.trainer.layer.Mode;
import dev.trainer.layer.Net;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class LsuvTest {

  static Tensor gaussianBatch(Rng rng, int n, int features, double std) {
    Tensor x = Tensor.of(n, features);
    for (int i = 0; i < x.size(); i++) x.data[i] = (float) (std * rng.nextGaussian());
    return x;
  }

  /** Fresh N(0, std²) batches of 256 from one seeded stream. */
  private static Supplier<Tensor> batches(long seed, double std) {
    Rng rng = new Rng(seed);
    return () -> gaussianBatch(rng, 256, 32, std);
  }

  private static Net net(Initializer first, Initializer second, Initializer third) {
    Net net = new Net()
        .add("fc1", new Dense(64, first)).add("relu1", new ReLU())
        .add("fc2", new Dense(48, second)).add("relu2", new ReLU())
        .add("fc3", new Dense(10, third));
    net.setup(Shape.of(32), new Rng(1), line -> { });
    return net;
  }

  /** Mean variance of layer i's output over a few fresh TRAIN-mode batches. */
  private static double trainVariance(Net net, int layer, Supplier<Tensor> batches) {
    double v = 0;
    for (int k = 0; k < 4; k++) {
      net.forward(batches.get(), Mode.TRAIN);
      v += Moments.of(net.output(layer)).variance() / 4;
    }
    return v;
  }

  @Test
  void everyLsuvWeightEndsWithUnitVarianceOnFreshBatches() {
    Lsuv lsuv = new Lsuv(0.02, 20, 1);
    Net net = net(lsuv, lsuv, lsuv);
    List<String> log = Lsuv.rescale(net, batches(2, 3));
    assertEquals(3, log.size(), log.toString());
    assertTrue(log.get(0).startsWith("fc1.weight: lsuv variance "), log.get(0));
    assertTrue(log.get(0).contains("(training mode)"), log.get(0));
    for (int i : new int[] {0, 2, 4}) {
      assertEquals(1, trainVariance(net, i, batches(3, 3)), 0.05, net.name(i) + " " + log);
    }
  }

  @Test
  void eachLayerUsesItsOwnOptions() {
    Lsuv unit = (Lsuv) Initializers.get("lsuv", "test").createDefault(null);
    Net net = net(unit, unit, new Lsuv(0.001, 20, 0.25));
    Lsuv.rescale(net, batches(4, 1));
    assertEquals(1, trainVariance(net, 2, batches(5, 1)), 0.05);
    assertEquals(0.25, trainVariance(net, 4, batches(5, 1)), 0.0125);
  }

  @Test
  void reportsALayerThatCannotReachTheTolerance() {
    Lsuv lsuv = new Lsuv(0, 2, 1);
    Net net = net(lsuv, lsuv, lsuv);
    List<String> log = Lsuv.rescale(net, batches(5, 1));
    assertTrue(log.get(0).contains("after 2 rescales (training mode) (not within tol 0)"), log.get(0));
  }

  /** A layer configured with another initializer keeps its weights, and the log says so. */
  @Test
  void weightsOfOtherInitializersAreKept() {
    Lsuv lsuv = new Lsuv(0.02, 20, 1);
    Net net = net(lsuv, new Gaussian(0.01), lsuv);
    float[] before = net.layer(2).params().get(0).value.data.clone();
    List<String> log = Lsuv.rescale(net, batches(6, 1));
    assertArrayEquals(before, net.layer(2).params().get(0).value.data);
    assertEquals("fc2.weight: kept (its init is not lsuv)", log.get(1));
    assertTrue(log.get(2).startsWith("fc3.weight: lsuv variance "), log.get(2));
  }

  /**
   * Behind a dropout of ratio p the layer reaches the target at training time; measured in TEST
   * mode it would be about (1 − p)·target there. Batch-norm statistics and random streams are
   * left as they were: the passes change nothing but the LSUV weights.
   */
  @Test
  void measuresInTrainingModeAndLeavesNoOtherTrace() {
    Lsuv lsuv = new Lsuv(0.02, 20, 1);
    Net net = new Net()
        .add("fc1", new Dense(64, lsuv)).add("bn1", new BatchNorm()).add("relu1", new ReLU())
        .add("drop1", new Dropout(0.5f))
        .add("fc2", new Dense(10, lsuv));
    net.setup(Shape.of(32), new Rng(7), line -> { });
    List<long[]> rngs = net.rngs().stream().map(Rng::state).toList();
    Lsuv.rescale(net, batches(8, 1));
    assertArrayEquals(new float[64], net.layer(1).state().get(0).data, "running means untouched");
    for (int i = 0; i < rngs.size(); i++) assertArrayEquals(rngs.get(i), net.rngs().get(i).state(), net.name(i));
    assertEquals(1, trainVariance(net, 4, batches(9, 1)), 0.1);
    Tensor x = batches(9, 1).get();
    net.forward(x, Mode.TEST);
    double test = Moments.of(net.output(4)).variance();
    assertTrue(test < 0.75, "test-mode variance " + test + " is about half the training-time one");
  }

  @Test
  void theSameBatchesGiveTheSameWeights() {
    Lsuv lsuv = new Lsuv(0.02, 20, 1);
    Net a = net(lsuv, lsuv, lsuv);
    Net b = net(lsuv, lsuv, lsuv);
    Lsuv.rescale(a, batches(10, 2));
    Lsuv.rescale(b, batches(10, 2));
    for (int i = 0; i < a.params().size(); i++) {
      assertArrayEquals(a.params().get(i).param().value.data, b.params().get(i).param().value.data);
    }
  }
}
