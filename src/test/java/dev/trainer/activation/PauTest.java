package dev.trainer.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.layer.Mode;
import dev.trainer.layer.Param;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** Padé activation units: the shipped initial fits and the parameter layout. */
class PauTest {

  /**
   * Each shipped fit, evaluated by the layer in float on [−3, 3], is within its stated error of the
   * function it approximates (plus 2e−6 for float rounding), and not much better (so the stated
   * error is the fit's, not a loose bound).
   */
  @Test
  void initialShapesAreWithinTheirStatedFitError() {
    Map<String, DoubleUnaryOperator> targets = Map.of(
        "leaky_relu", v -> v > 0 ? v : 0.01 * v,
        "relu", v -> Math.max(v, 0),
        "tanh", Math::tanh,
        "silu", v -> v / (1 + Math.exp(-v)));
    assertEquals(targets.keySet(), PAU.FITS.keySet());
    Tensor x = RecentActivationsTest.range(-3, 3, 0.003);
    for (Map.Entry<String, DoubleUnaryOperator> t : targets.entrySet()) {
      Activation pau = RecentActivationsTest.make("pau", Map.of("init", t.getKey()));
      float[] y = pau.forward(x, Mode.TRAIN).data;
      double max = 0;
      for (int i = 0; i < x.size(); i++) max = Math.max(max, Math.abs(y[i] - t.getValue().applyAsDouble(x.data[i])));
      double stated = PAU.FITS.get(t.getKey()).maxError();
      assertTrue(max <= stated + 2e-6, t.getKey() + ": max error " + max + " > stated " + stated);
      assertTrue(max >= 0.5 * stated, t.getKey() + ": max error " + max + " far below stated " + stated);
    }
  }

  /** The leaky ReLU fit's error is largest at the kink (0.034 at 0); for |x| ≥ 0.5 it is 0.0095 (at −3). */
  @Test
  void leakyReluFitIsTightAwayFromTheKink() {
    Tensor x = RecentActivationsTest.range(-3, 3, 0.01);
    float[] y = RecentActivationsTest.make("pau", Map.of()).forward(x, Mode.TRAIN).data;
    for (int i = 0; i < x.size(); i++) {
      float v = x.data[i];
      if (Math.abs(v) >= 0.5f) assertEquals(v > 0 ? v : 0.01f * v, y[i], 0.0096f, "x = " + v);
    }
  }

  @Test
  void coefficientsAreSharedPerLayerByDefaultWithoutWeightDecay() {
    Shape maps = Shape.of(4, 3, 3);
    List<Param> shared = IdentitiesTest.make("pau", Map.of(), maps).params();
    assertEquals(List.of("a0", "a1", "a2", "a3", "a4", "a5", "b1", "b2", "b3", "b4"),
        shared.stream().map(Param::name).toList());
    for (Param p : shared) {
      assertEquals(Shape.of(1), p.value.shape());
      assertEquals(0f, p.decayMult());
      assertEquals(1f, p.lrMult());
    }
    assertEquals(0.504999998f, shared.get(1).value.data[0]);
    Param perChannel = IdentitiesTest.make("pau", Map.of("channel_shared", "false"), maps).params().get(7);
    assertEquals(Shape.of(4), perChannel.value.shape());
    assertEquals(3.97648068f, perChannel.value.data[3]);
    assertEquals(0.01, IdentitiesTest.make("pau", Map.of(), maps).heSlope(), 1e-9);
  }

  /** Q = 1 + |S| ≥ 1: finite output even where the unsafe form 1/(1 + S) would have a pole. */
  @Test
  void safeFormHasNoPoles() {
    Activation pau = RecentActivationsTest.make("pau", Map.of("init", "relu"));
    for (Param p : pau.params()) {
      if (p.name().startsWith("b")) p.value.data[0] = -p.value.data[0];
    }
    Tensor x = RecentActivationsTest.range(-5, 5, 0.001);
    assertTrue(pau.forward(x, Mode.TRAIN).isFinite());
    assertTrue(pau.backward(IdentitiesTest.ones(x.shape())).isFinite());
  }
}
