package dev.trainer.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.activation.ReLU;
import dev.trainer.layer.Mode;
import dev.trainer.layer.Net;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class LsuvTest {

  static Tensor gaussianBatch(Rng rng, int n, int features, double std) {
    Tensor x = Tensor.of(n, features);
    for (int i = 0; i < x.size(); i++) x.data[i] = (float) (std * rng.nextGaussian());
    return x;
  }

  private static Net net(Initializer init) {
    Net net = new Net()
        .add("fc1", new Dense(64, init)).add("relu1", new ReLU())
        .add("fc2", new Dense(48, init)).add("relu2", new ReLU())
        .add("fc3", new Dense(10, init));
    net.setup(Shape.of(32), new Rng(1), line -> { });
    return net;
  }

  @Test
  void everyWeightLayerEndsWithUnitOutputVariance() {
    Lsuv lsuv = new Lsuv(0.02, 20, 1);
    Net net = net(new Gaussian(0.01));
    Tensor batch = gaussianBatch(new Rng(2), 128, 32, 3);
    List<String> log = lsuv.apply(net, batch, new Rng(3));
    assertEquals(3, log.size(), log.toString());
    assertTrue(log.get(0).startsWith("fc1.weight: lsuv variance "), log.get(0));
    net.forward(batch, Mode.TEST);
    for (int i : new int[] {0, 2, 4}) {
      assertEquals(1, Moments.of(net.output(i)).variance(), 0.02, net.name(i) + " " + log);
    }
  }

  @Test
  void aTargetOtherThanOneAndTheRegistryPath() {
    Lsuv lsuv = (Lsuv) Initializers.get("lsuv", "test").createDefault(null);
    Net net = net(lsuv);
    Tensor batch = gaussianBatch(new Rng(4), 128, 32, 1);
    lsuv.rescale(net, batch);
    net.forward(batch, Mode.TEST);
    assertEquals(1, Moments.of(net.output(4)).variance(), 0.02);

    Lsuv quarter = new Lsuv(0.001, 20, 0.25);
    quarter.rescale(net, batch);
    net.forward(batch, Mode.TEST);
    assertEquals(0.25, Moments.of(net.output(2)).variance(), 0.001);
  }

  @Test
  void reportsALayerThatCannotReachTheTolerance() {
    Net net = net(new Gaussian(0.1));
    Tensor batch = gaussianBatch(new Rng(5), 64, 32, 1);
    List<String> log = new Lsuv(0, 2, 1).rescale(net, batch);
    assertTrue(log.get(0).contains("after 2 rescales (not within tol 0)"), log.get(0));
  }

  @Test
  void orthonormalPreInitTouchesOnlyWeights() {
    Net net = net(new Gaussian(0.01));
    net.params().forEach(p -> p.param().value.fill(0.5f));
    Lsuv.orthonormalize(net, new Rng(6));
    net.params().forEach(p -> {
      double ss = p.param().value.sumSquares();
      if (p.name().endsWith(".weight")) {
        int rows = p.param().value.shape().dim(0);
        int cols = p.param().value.size() / rows;
        assertEquals(Math.min(rows, cols), ss, 1e-3, p.name());
      } else {
        assertEquals(0.25 * p.param().value.size(), ss, 1e-6, p.name());
      }
    });
  }
}
