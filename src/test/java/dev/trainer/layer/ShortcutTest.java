package dev.trainer.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.TestData;
import dev.trainer.UserError;
import dev.trainer.activation.Tanh;
import dev.trainer.tensor.Parallel;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Residual shortcuts inside a {@link Net}: gradient checks of the whole net (so the gradient the
 * shortcut sends back to its source is checked where it is added), for identity and projection
 * shortcuts, and bit-identical results on 1 and 2 threads.
 */
class ShortcutTest {

  /** A net as one layer, for the gradient checker: backward runs every layer including the first's dL/dx. */
  private static final class NetLayer implements Layer {
    final Net net;

    NetLayer(Net net) {
      this.net = net;
    }

    @Override
    public Shape setup(Shape input, Rng rng) {
      return net.setup(input, rng, line -> {});
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
      return net.forward(x, mode);
    }

    @Override
    public Tensor backward(Tensor dy) {
      for (int i = net.size() - 1; i >= 0; i--) dy = net.backwardFull(i, dy);
      return dy;
    }

    @Override
    public List<Param> params() {
      List<Param> p = new ArrayList<>();
      for (NamedParam n : net.params()) p.add(n.param());
      return p;
    }
  }

  private static Conv2d conv(int filters, int stride) {
    return new Conv2d(filters, 3, stride, 1, TestData.gaussianInit(0.3));
  }

  /**
   * Two basic blocks on a 3x5x5 input: x → conv → tanh (layer 1) → conv → [+ layer 1] → tanh → conv
   * → [+ the first shortcut's tanh] → tanh. Layer 1's output feeds both the main path and the
   * shortcut, so its gradient is the sum the net forms.
   */
  private static Net identityNet() {
    return new Net().add("c1", conv(3, 1)).add("t1", new Tanh())
        .add("c2", conv(3, 1)).add("s1", new Shortcut(1, null, false)).add("t2", new Tanh())
        .add("c3", conv(3, 1)).add("s2", new Shortcut(4, null, false)).add("t3", new Tanh());
  }

  /** x (3x6x6) → conv → tanh (layer 1) → conv stride 2 (5x3x3) → [+ 1x1 stride-2 projection of layer 1] → tanh. */
  private static Net projectionNet(boolean batchNorm) {
    return new Net().add("c1", conv(3, 1)).add("t1", new Tanh())
        .add("c2", conv(5, 2)).add("s1", new Shortcut(1, TestData.gaussianInit(0.5), batchNorm)).add("t2", new Tanh());
  }

  private static void assertGradients(Net net, Shape input, long seed) {
    Rng rng = new Rng(seed);
    NetLayer layer = new NetLayer(net);
    layer.setup(input, rng);
    TestData.assertGradients(layer, null, TestData.gaussian(rng, 4, input.dim(0), input.dim(1), input.dim(2)),
        Mode.TRAIN, rng);
  }

  @Test
  void identityShortcutsPassTheGradientCheck() {
    Net net = identityNet();
    assertGradients(net, Shape.of(3, 5, 5), 1);
    assertFalse(((Shortcut) net.layer(3)).projects());
    assertTrue(((Shortcut) net.layer(3)).params().isEmpty());
  }

  @Test
  void projectionShortcutsPassTheGradientCheck() {
    Net plain = projectionNet(false);
    assertGradients(plain, Shape.of(3, 6, 6), 2);
    Shortcut s = (Shortcut) plain.layer(3);
    assertTrue(s.projects());
    assertEquals(Shape.of(5, 3, 1, 1), s.params().get(0).value.shape(), "1x1 conv from 3 to 5 channels");
    Net normed = projectionNet(true);
    assertGradients(normed, Shape.of(3, 6, 6), 3);
    assertEquals(4, normed.layer(3).params().size(), "weight, bias, gamma, beta");
    assertEquals(2, normed.layer(3).state().size(), "running mean and variance");
  }

  /** y = x + s exactly for an identity shortcut; the net's input can be the source. */
  @Test
  void identityAddsTheSourceOutput() {
    Net net = new Net().add("c1", conv(2, 1)).add("s1", new Shortcut(-1, null, false));
    Rng rng = new Rng(4);
    net.setup(Shape.of(2, 4, 4), rng, line -> {});
    Tensor x = TestData.gaussian(rng, 3, 2, 4, 4);
    Tensor conv = net.forwardLayer(0, x, Mode.TEST).copy();
    Tensor y = net.forwardLayer(1, conv, Mode.TEST);
    for (int i = 0; i < y.size(); i++) assertEquals(conv.data[i] + x.data[i], y.data[i], 0f);
  }

  @Test
  void shapesNoOneByOneConvolutionMapsAreRefusedNamingBothEnds() {
    Net net = new Net().add("c1", conv(2, 1)).add("c2", new Conv2d(4, 2, 1, 0, TestData.gaussianInit(0.1)))
        .add("res", new Shortcut(0, TestData.gaussianInit(0.1), false));
    UserError e = assertThrows(UserError.class, () -> net.setup(Shape.of(2, 6, 6), new Rng(1), line -> {}));
    assertTrue(e.getMessage().startsWith("layer 'res': cannot add the output of c1 (2x6x6) to that of c2 (4x5x5)"),
        e.getMessage());
    Net flat = new Net().add("c1", conv(2, 1)).add("f", new Flatten()).add("res", new Shortcut(0, null, false));
    e = assertThrows(UserError.class, () -> flat.setup(Shape.of(2, 3, 3), new Rng(1), line -> {}));
    assertTrue(e.getMessage().contains("c1 (2x3x3) to that of f (18)"), e.getMessage());
  }

  private static List<float[]> trainStep(int threads) {
    int before = Parallel.threads();
    Parallel.setThreads(threads);
    try {
      Net net = projectionNet(true).add("c3", conv(5, 1)).add("s2", new Shortcut(4, null, false));
      Rng rng = new Rng(9);
      net.setup(Shape.of(3, 6, 6), rng, line -> {});
      Tensor y = net.forward(TestData.gaussian(rng, 7, 3, 6, 6), Mode.TRAIN).copy();
      net.backward(TestData.gaussian(rng, y.shape().dims()));
      List<float[]> out = new ArrayList<>(List.of(y.data));
      for (NamedParam p : net.params()) out.add(p.param().grad.data.clone());
      return out;
    } finally {
      Parallel.setThreads(before);
    }
  }

  @Test
  void oneAndTwoThreadsGiveIdenticalOutputsAndGradients() {
    List<float[]> one = trainStep(1);
    List<float[]> two = trainStep(2);
    assertEquals(one.size(), two.size());
    for (int i = 0; i < one.size(); i++) assertArrayEquals(one.get(i), two.get(i), "tensor " + i);
  }
}
