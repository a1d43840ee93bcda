package dev.trainer.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.activation.ReLU;
import dev.trainer.activation.Sigmoid;
import dev.trainer.init.Dense;
import dev.trainer.init.Gaussian;
import dev.trainer.init.Moments;
import dev.trainer.layer.Layer;
import dev.trainer.layer.MaxPool;
import dev.trainer.layer.Mode;
import dev.trainer.layer.Net;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class DivergenceGuardTest {

  /** Test-local layer: identity, except that it writes NaN into its output when poisoned. */
  static final class Poison implements Layer {
    boolean poisoned;
    float value = Float.NaN;
    private Tensor y;

    @Override
    public Shape setup(Shape input, Rng rng) {
      return input;
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
      y = Tensor.reuse(y, x.shape());
      y.copyFrom(x);
      if (poisoned) y.data[1] = value;
      return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
      return dy;
    }
  }

  private final Poison poison = new Poison();
  private final Net net = new Net()
      .add("fc1", new Dense(6, new Gaussian(0.3))).add("relu1", new ReLU())
      .add("bad", poison)
      .add("fc2", new Dense(3, new Gaussian(0.3)));
  private final Tensor x = Tensor.of(2, 4);

  DivergenceGuardTest() {
    net.setup(Shape.of(4), new Rng(1), line -> { });
    for (int i = 0; i < x.size(); i++) x.data[i] = i - 3.5f;
  }

  @Test
  void namesTheFirstLayerWithANonFiniteOutput() {
    DivergenceGuard guard = new DivergenceGuard();
    net.forward(x, Mode.TRAIN);
    guard.check(net, 2.31, 1233);
    poison.poisoned = true;
    net.forward(x, Mode.TRAIN);
    DivergedException e = assertThrows(DivergedException.class, () -> guard.check(net, Double.NaN, 1234));
    assertEquals("diverged at iteration 1234: first non-finite value in output of layer 'bad' (loss = NaN); "
        + "last finite loss 2.31 at iteration 1233; try a lower solver.base_lr", e.getMessage());
    assertEquals(1, e.exitCode());
  }

  @Test
  void namesParameterValuesBeforeOutputsAndGradientsInBackwardOrder() {
    DivergenceGuard guard = new DivergenceGuard();
    net.forward(x, Mode.TRAIN);
    Dense fc2 = (Dense) net.layer(3);
    fc2.weight().grad.data[0] = Float.POSITIVE_INFINITY;
    net.params().get(0).param().grad.data[0] = Float.NaN;
    DivergedException grad = assertThrows(DivergedException.class, () -> guard.check(net, 1.5, 0));
    assertTrue(grad.getMessage().contains("gradient of parameter 'fc2.weight' (loss = 1.5); no finite loss before"),
        grad.getMessage());

    DivergedException loss = assertThrows(DivergedException.class, () -> guard.check(net, Double.POSITIVE_INFINITY, 0));
    assertTrue(loss.getMessage().contains("in the loss (loss = Infinity)"), loss.getMessage());

    net.params().get(0).param().value.data[3] = Float.NaN;
    net.forward(x, Mode.TRAIN);
    DivergedException value = assertThrows(DivergedException.class, () -> guard.check(net, Double.NaN, 0));
    assertTrue(value.getMessage().contains("value of parameter 'fc1.weight'"), value.getMessage());
  }

  /**
   * What the class comment says the guard does not see: a NaN or ∞ that a later layer absorbs. The
   * units keep NaN (sigmoid of NaN is NaN), map ±∞ to finite values, and max pooling skips a NaN
   * that is not first in its window; a net whose ∞ is absorbed so passes the check.
   */
  @Test
  void aNonFiniteActivationThatALaterLayerAbsorbsIsNotSeen() {
    float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
    Tensor in = Tensor.of(1, 3);
    System.arraycopy(special, 0, in.data, 0, 3);
    Sigmoid sigmoid = new Sigmoid();
    sigmoid.setup(Shape.of(3), new Rng(0));
    float[] s = sigmoid.forward(in, Mode.TRAIN).data;
    assertTrue(Float.isNaN(s[0]), "sigmoid(NaN) = " + s[0]);
    assertEquals(1f, s[1], 0f);
    assertTrue(s[2] >= 0 && s[2] < 1e-38, "sigmoid(-inf) = " + s[2]);
    ReLU relu = new ReLU();
    relu.setup(Shape.of(3), new Rng(0));
    assertEquals(0f, relu.forward(in, Mode.TRAIN).data[2], 0f);
    MaxPool pool = new MaxPool(2, 2, 0);
    pool.setup(Shape.of(1, 2, 2), new Rng(0));
    assertEquals(1f, pool.forward(new Tensor(Shape.of(1, 1, 2, 2), new float[] {1f, Float.NaN, 0f, 0f}), Mode.TRAIN).data[0], 0f);

    Poison infinite = new Poison();
    Net absorbing = new Net().add("fc1", new Dense(6, new Gaussian(0.3))).add("bad", infinite)
        .add("sigmoid", new Sigmoid()).add("fc2", new Dense(3, new Gaussian(0.3)));
    absorbing.setup(Shape.of(4), new Rng(1), line -> { });
    infinite.value = Float.POSITIVE_INFINITY;
    infinite.poisoned = true;
    Tensor y = absorbing.forward(x, Mode.TRAIN);
    assertTrue(!absorbing.output(1).isFinite() && y.isFinite(), "the ∞ of 'bad' is absorbed by the sigmoid");
    Tensor dy = new Tensor(y.shape());
    dy.fill(1f);
    absorbing.backward(dy);
    double loss = 0;
    for (float v : y.data) loss += v;
    new DivergenceGuard().check(absorbing, loss, 0);
  }

  @Test
  void layerStatsAfterBackward() {
    Tensor y = net.forward(x, Mode.TRAIN);
    Tensor dy = new Tensor(y.shape());
    dy.fill(1f);
    net.backward(dy);
    List<LayerStats> stats = LayerStats.of(net);
    assertEquals(4, stats.size());
    assertEquals("relu1", stats.get(1).layer());
    assertEquals(Moments.of(net.output(0)).std(), stats.get(0).outputStd(), 1e-12);
    assertEquals(Moments.of(net.output(3)).mean(), stats.get(3).outputMean(), 1e-12);
    double ss = 0;
    for (var p : net.layer(3).params()) ss += p.grad.sumSquares();
    assertEquals(Math.sqrt(ss), stats.get(3).gradNorm(), 1e-12);
    assertTrue(stats.get(3).gradNorm() > 0);
    assertEquals(0, stats.get(1).gradNorm());
  }
}
