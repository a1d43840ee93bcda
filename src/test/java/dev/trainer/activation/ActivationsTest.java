package dev.trainer.activation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.layer.Mode;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties every registered activation must have, on N×F and N×C×H×W inputs. */
class ActivationsTest {

  static List<ActivationType> types() {
    return List.copyOf(Activations.all());
  }

  /** Input and every learnable parameter, channel-wise and shared, on both layouts. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void gradientsMatchFiniteDifferences(ActivationType type) {
    List<ActivationGradcheck.Row> rows = ActivationGradcheck.run(type, true, 7);
    for (ActivationGradcheck.Row r : rows) {
      assertTrue(r.ok(), r.toString());
      assertTrue(r.checked() > 0, r.toString());
    }
    for (Map.Entry<String, Map<String, String>> v : ActivationGradcheck.variants(type, true).entrySet()) {
      Activation a = ActivationGradcheck.build(type, v.getValue(), Shape.of(4, 3, 3), new Rng(1));
      Set<String> expected = a.params().stream().map(p -> p.name()).collect(Collectors.toSet());
      Set<String> checked = rows.stream().filter(r -> r.variant().equals(v.getKey()) && !r.tensor().equals("input"))
          .map(ActivationGradcheck.Row::tensor).collect(Collectors.toSet());
      assertEquals(expected, checked, "every parameter of " + type.name() + " " + v.getKey() + " is checked");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void testModeIsDeterministic(ActivationType type) {
    for (Shape shape : ActivationGradcheck.LAYOUTS.values()) {
      Rng rng = new Rng(3);
      Activation a = ActivationGradcheck.build(type, Map.of(), shape, rng.stream("layer"));
      Tensor x = ActivationGradcheck.gridInput(shape.withBatch(2), rng);
      float[] first = a.forward(x, Mode.TEST).data.clone();
      a.forward(x, Mode.TRAIN);
      float[] second = a.forward(x, Mode.TEST).data.clone();
      assertArrayEquals(first, second, 0f, type.name() + " " + shape);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void outputShapesFollowSetupInBothModesAndBatchSizes(ActivationType type) {
    for (Shape shape : ActivationGradcheck.LAYOUTS.values()) {
      Rng rng = new Rng(4);
      Activation a = type.createDefault();
      Shape out = a.setup(shape, rng.stream("layer"));
      int c = shape.channels();
      int expectedChannels = switch (type.name()) {
        case "maxout" -> c / 2;
        case "crelu" -> 2 * c;
        default -> c;
      };
      assertEquals(expectedChannels, out.channels(), type.name() + " " + shape);
      assertEquals(shape.spatial(), out.spatial(), type.name() + " " + shape);
      for (Mode mode : Mode.values()) {
        for (int n : new int[] {3, 1, 2}) {
          Tensor x = ActivationGradcheck.gridInput(shape.withBatch(n), rng);
          Tensor y = a.forward(x, mode);
          assertEquals(out.withBatch(n), y.shape(), type.name() + " " + mode);
          assertTrue(y.isFinite());
          Tensor dx = a.backward(y);
          assertEquals(x.shape(), dx.shape(), type.name() + " " + mode);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void namesAreLowerCaseAndDocumented(ActivationType type) {
    assertEquals(type.name().toLowerCase(), type.name());
    assertFalse(type.summary().isBlank());
    type.options().forEach(o -> assertFalse(o.doc().isBlank(), type.name() + "." + o.key()));
  }
}
