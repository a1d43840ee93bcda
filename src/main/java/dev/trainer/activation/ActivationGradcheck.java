package dev.trainer.activation;

import dev.trainer.check.GradientChecker;
import dev.trainer.config.Option;
import dev.trainer.config.Settings;
import dev.trainer.layer.Mode;
import dev.trainer.layer.Param;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradient checks of a registered activation, shared by {@code trainer gradcheck} and the tests:
 * dL/dx and every learnable parameter, on an N×F batch ([3, 6]) and an N×C×H×W batch
 * ([2, 4, 3, 3]), in TRAIN mode with the layer's noise frozen.
 *
 * <p>Inputs are distinct values of the grid −2.975, −2.925, …, 2.975 in random order: at least
 * 0.025 away from every kink of the library (0 for the rectifiers, ±1 for hard tanh, ±2 for hard
 * sigmoid, ±3 for hard swish) and 0.05 apart, so that the ±0.01 steps never cross a kink or reorder a
 * maxout group; APL's learned hinges are moved onto multiples of 0.05, halfway between inputs.
 * Parameters start at their configured value times 1, 1.1, 1.2, … per channel, so a channel mix-up
 * cannot hide behind equal values.
 */
public final class ActivationGradcheck {
  /** Per-example shapes checked, by layout name. */
  public static final Map<String, Shape> LAYOUTS = Map.of("NxF", Shape.of(6), "NxCxHxW", Shape.of(4, 3, 3));
  private static final Map<String, Integer> BATCH = Map.of("NxF", 3, "NxCxHxW", 2);
  private static final int GRID = 120;

  /** One checked tensor: the input or a parameter, of one variant and layout. */
  public record Row(String activation, String variant, String layout, String tensor, double maxError,
      int checked, boolean ok) {}

  private ActivationGradcheck() {}

  /**
   * The option values to check: the defaults (with {@code learnable = true} and
   * {@code channel_shared = false} where those options exist) as "channel" or "default", plus
   * "shared" with {@code channel_shared = true} when
   * {@code shared} is set and the activation has that option.
   */
  public static Map<String, Map<String, String>> variants(ActivationType type, boolean shared) {
    Map<String, String> base = new LinkedHashMap<>();
    if (hasOption(type, "learnable")) base.put("learnable", "true");
    Map<String, Map<String, String>> variants = new LinkedHashMap<>();
    boolean sharable = hasOption(type, "channel_shared");
    if (sharable) base.put("channel_shared", "false");
    variants.put(sharable ? "channel" : "default", base);
    if (shared && sharable) {
      Map<String, String> s = new LinkedHashMap<>(base);
      s.put("channel_shared", "true");
      variants.put("shared", s);
    }
    return variants;
  }

  /** Checks every variant on both layouts; one row per variant × layout × tensor. */
  public static List<Row> run(ActivationType type, boolean shared, long seed) {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, Map<String, String>> v : variants(type, shared).entrySet()) {
      for (String layout : List.of("NxF", "NxCxHxW")) {
        Rng layerRng = new Rng(seed).stream(type.name());
        Rng rng = new Rng(seed + 1);
        Shape shape = LAYOUTS.get(layout);
        Activation a = build(type, v.getValue(), shape, layerRng);
        Tensor x = gridInput(shape.withBatch(BATCH.get(layout)), rng);
        for (GradientChecker.Result r : GradientChecker.defaults().check(a, layerRng, x, Mode.TRAIN, rng)) {
          rows.add(new Row(type.name(), v.getKey(), layout, r.tensor(), r.maxError(), r.checked(), r.ok()));
        }
      }
    }
    return rows;
  }

  /** Creates, sets up and initializes the activation, then spreads its parameters per channel. */
  public static Activation build(ActivationType type, Map<String, String> values, Shape input, Rng layerRng) {
    Activation a = type.create(Settings.of(type.options(), values));
    a.setup(input, layerRng);
    for (Param p : a.params()) {
      p.initialize(layerRng);
      for (int i = 0; i < p.value.size(); i++) p.value.data[i] *= 1 + 0.1f * i;
      if (a instanceof APL && p.name().startsWith("b")) snapToKinkFreeLattice(p.value.data);
    }
    return a;
  }

  /**
   * Rounds APL's random hinge positions b_s to multiples of 0.05: halfway between grid inputs, so
   * that neither a step of x nor one of b_s (±0.01) crosses a hinge.
   */
  private static void snapToKinkFreeLattice(float[] hinges) {
    for (int i = 0; i < hinges.length; i++) hinges[i] = Math.round(hinges[i] * 20) / 20f;
  }

  /** A batch of distinct grid values away from all kinks (see the class comment). */
  public static Tensor gridInput(Shape batchShape, Rng rng) {
    int n = batchShape.size();
    if (n > GRID) throw new IllegalArgumentException("at most " + GRID + " grid values, asked for " + n);
    int[] order = new int[GRID];
    for (int i = 0; i < GRID; i++) order[i] = i;
    rng.shuffle(order);
    Tensor x = new Tensor(batchShape);
    for (int i = 0; i < n; i++) x.data[i] = -2.975f + 0.05f * order[i];
    return x;
  }

  private static boolean hasOption(ActivationType type, String key) {
    for (Option o : type.options()) {
      if (o.key().equals(key)) return true;
    }
    return false;
  }
}
