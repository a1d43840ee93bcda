package dev.trainer.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.layer.Mode;
import dev.trainer.layer.Param;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Adaptive piecewise linear units. */
class AplTest {
  private static final Shape MAPS = Shape.of(4, 3, 3);

  @Test
  void withAllSlopesZeroItIsRelu() {
    Tensor x = IdentitiesTest.input(2);
    Activation apl = IdentitiesTest.make("apl", Map.of("a_range", "0"), MAPS);
    IdentitiesTest.assertSame(apl, IdentitiesTest.make("relu", Map.of(), MAPS), x,
        IdentitiesTest.gaussian(x.shape(), 1), Mode.TRAIN, 0f);
  }

  /** y = max(0, x) + Σ a_s·max(0, b_s − x), per channel, against the formula written out. */
  @Test
  void followsTheFormulaPerChannel() {
    Activation apl = IdentitiesTest.make("apl", Map.of("s", "3"), MAPS);
    List<Param> p = apl.params();
    assertEquals(List.of("a1", "b1", "a2", "b2", "a3", "b3"), p.stream().map(Param::name).toList());
    Tensor x = IdentitiesTest.input(2);
    float[] y = apl.forward(x, Mode.TRAIN).data;
    for (int i = 0; i < x.size(); i++) {
      int c = (i / 9) % 4;
      double v = x.data[i];
      double expected = Math.max(v, 0);
      for (int s = 0; s < 3; s++) {
        expected += p.get(2 * s).value.data[c] * Math.max(p.get(2 * s + 1).value.data[c] - v, 0);
      }
      assertEquals(expected, y[i], 1e-6, "element " + i);
    }
  }

  @Test
  void initializationAndMultipliersFollowTheAuthors() {
    Activation apl = IdentitiesTest.make("apl", Map.of(), Shape.of(400));
    List<Param> p = apl.params();
    assertEquals(10, p.size(), "S = 5 hinges: a1, b1, …, a5, b5");
    double bSquares = 0;
    for (int s = 0; s < 5; s++) {
      Param a = p.get(2 * s);
      Param b = p.get(2 * s + 1);
      assertEquals(Shape.of(400), a.value.shape());
      assertEquals(1f, a.decayMult());
      assertEquals(1f, b.lrMult());
      for (float v : a.value.data) assertTrue(Math.abs(v) <= 0.2f, "a in U(-0.2, 0.2): " + v);
      for (float v : b.value.data) bSquares += v * v;
    }
    assertEquals(0.5, Math.sqrt(bSquares / 2000), 0.03, "b ~ N(0, 0.5²)");
    assertEquals(0, apl.heSlope(), 0);
    Param shared = IdentitiesTest.make("apl", Map.of("channel_shared", "true", "s", "1"), MAPS).params().get(1);
    assertEquals(Shape.of(1), shared.value.shape());
  }
}
