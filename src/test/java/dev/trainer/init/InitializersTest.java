package dev.trainer.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.activation.Activation;
import dev.trainer.activation.ReLU;
import dev.trainer.config.ConfigException;
import dev.trainer.config.Settings;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class InitializersTest {
  private static final double TOL = 0.03;

  /** An FC weight [256, 512] and a conv weight [64, 32, 3, 3], each with every fan mode. */
  static Stream<Arguments> shapes() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (FanMode m : FanMode.values()) {
      b.add(Arguments.of(new int[] {256, 512}, Fan.fullyConnected(512, 256), m));
      b.add(Arguments.of(new int[] {64, 32, 3, 3}, Fan.conv(32, 64, 3), m));
    }
    return b.build();
  }

  private static Tensor fill(String name, Map<String, String> options, Activation act, int[] dims, Fan fan, long seed) {
    InitType t = Initializers.get(name, "test");
    Tensor w = Tensor.of(dims);
    t.create(Settings.of(t.options(), options), act).fill(w, fan, new Rng(seed));
    return w;
  }

  private static void assertClose(double expected, double actual, String what) {
    assertEquals(expected, actual, TOL * expected, what);
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void msraStdIsSqrtTwoOverN(int[] dims, Fan fan, FanMode mode) {
    String m = mode.name().toLowerCase();
    Tensor relu = fill("msra", Map.of("fan", m), new ReLU(), dims, fan, 1);
    assertClose(Math.sqrt(2 / mode.n(fan)), Moments.of(relu).std(), "msra relu " + m);
    Tensor prelu = fill("msra", Map.of("fan", m), new Slope(0.25, 0.25), dims, fan, 2);
    assertClose(Math.sqrt(2 / (1.0625 * mode.n(fan))), Moments.of(prelu).std(), "msra a=0.25 " + m);
    assertEquals(0, Moments.of(prelu).mean(), 0.01 * Math.sqrt(2 / mode.n(fan)));
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void taylorStdFollowsAlphaBeta(int[] dims, Fan fan, FanMode mode) {
    String m = mode.name().toLowerCase();
    double n = mode.n(fan);
    Tensor elu = fill("taylor", Map.of("fan", m), new Slope(0, 1), dims, fan, 3);
    assertClose(Math.sqrt(1 / n), Moments.of(elu).std(), "taylor elu(1) " + m);
    Tensor explicit = fill("taylor", Map.of("fan", m, "alpha", "0.5", "beta", "3"), new ReLU(), dims, fan, 4);
    assertClose(Math.sqrt(2 / (3.25 * n)), Moments.of(explicit).std(), "taylor alpha=0.5 beta=3 " + m);
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void xavierHasVarianceOneOverN(int[] dims, Fan fan, FanMode mode) {
    String m = mode.name().toLowerCase();
    double n = mode.n(fan);
    Tensor u = fill("xavier", Map.of("fan", m), null, dims, fan, 5);
    double bound = Math.sqrt(3 / n);
    for (float v : u.data) assertTrue(Math.abs(v) <= bound, v + " outside ±" + bound);
    assertClose(bound, max(u), "xavier uniform reaches its bound " + m);
    assertClose(Math.sqrt(1 / n), Moments.of(u).std(), "xavier uniform " + m);
    Tensor g = fill("xavier", Map.of("fan", m, "distribution", "normal"), null, dims, fan, 6);
    assertClose(Math.sqrt(1 / n), Moments.of(g).std(), "xavier normal " + m);
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void fixedGaussianAndUniform(int[] dims, Fan fan, FanMode mode) {
    Tensor g = fill("gaussian", Map.of("std", "0.05"), null, dims, fan, 7);
    assertClose(0.05, Moments.of(g).std(), "gaussian");
    Tensor u = fill("uniform", Map.of("range", "0.2"), null, dims, fan, 8);
    for (float v : u.data) assertTrue(Math.abs(v) <= 0.2f);
    assertClose(0.2 / Math.sqrt(3), Moments.of(u).std(), "uniform");
    Tensor c = fill("constant", Map.of("value", "0.25"), null, dims, fan, 9);
    for (float v : c.data) assertEquals(0.25f, v);
  }

  @Test
  void taylorWithAlphaZeroIsMsraValueForValue() {
    int[] dims = {64, 32, 3, 3};
    Fan fan = Fan.conv(32, 64, 3);
    Tensor msra = fill("msra", Map.of(), new ReLU(), dims, fan, 11);
    Tensor taylor = fill("taylor", Map.of("alpha", "0"), null, dims, fan, 11);
    Tensor taylorFromRelu = fill("taylor", Map.of(), new ReLU(), dims, fan, 11);
    assertArrayEquals(msra.data, taylor.data);
    assertArrayEquals(msra.data, taylorFromRelu.data);
  }

  @Test
  void msraWithPreluSlopeIsTaylorAlphaQuarterBetaOne() {
    int[] dims = {256, 512};
    Fan fan = Fan.fullyConnected(512, 256);
    Tensor msra = fill("msra", Map.of("fan", "out"), new Slope(0.25, 0.25), dims, fan, 12);
    Tensor taylor = fill("taylor", Map.of("fan", "out", "alpha", "0.25", "beta", "1"), null, dims, fan, 12);
    assertArrayEquals(msra.data, taylor.data);
  }

  @Test
  void describesWhatItUsed() {
    Fan fan = Fan.conv(3, 64, 5);
    Rng rng = new Rng(1);
    assertEquals("msra fan=in n=75 a=0 std=0.16330", new Msra(FanMode.IN, 0).fill(Tensor.of(64, 3, 5, 5), fan, rng));
    assertEquals("taylor fan=avg n=837.5 alpha*beta=1 std=0.034555",
        new Taylor(FanMode.AVG, 1).fill(Tensor.of(64, 3, 5, 5), fan, rng));
    assertEquals("xavier fan=out n=1600 uniform range=0.043301",
        new Xavier(FanMode.OUT, Xavier.Distribution.UNIFORM).fill(Tensor.of(64, 3, 5, 5), fan, rng));
  }

  @Test
  void registryListsEveryInitAndRejectsUnknownNames() {
    List<String> names = Initializers.all().stream().map(InitType::name).toList();
    assertTrue(names.containsAll(List.of("constant", "gaussian", "uniform", "xavier", "msra", "taylor", "lsuv")), names.toString());
    for (InitType t : Initializers.all()) {
      Tensor w = Tensor.of(16, 8, 3, 3);
      String d = t.createDefault(null).fill(w, Fan.conv(8, 16, 3), new Rng(3));
      assertTrue(d.startsWith(t.name()), d);
      assertTrue(w.isFinite());
    }
    ConfigException e = assertThrows(ConfigException.class, () -> Initializers.get("tailor", "a.conf:3"));
    assertTrue(e.getMessage().startsWith("a.conf:3: unknown initializer 'tailor' (did you mean 'taylor'?)"), e.getMessage());
    InitType xavier = Initializers.get("xavier", "test");
    assertThrows(ConfigException.class, () -> Settings.of(xavier.options(), Map.of("fan", "inn")));
  }

  @Test
  void orthonormalRowsOrColumns() {
    for (int[] dims : new int[][] {{8, 4, 3, 3}, {50, 20}, {12, 12}}) {
      Tensor w = Tensor.of(dims);
      new Orthonormal().fill(w, null, new Rng(4));
      int rows = dims[0];
      int cols = w.size() / rows;
      boolean wide = rows <= cols;
      int k = Math.min(rows, cols);
      for (int a = 0; a < k; a++) {
        for (int b = 0; b < k; b++) {
          double dot = 0;
          for (int i = 0; i < Math.max(rows, cols); i++) {
            dot += wide ? w.data[a * cols + i] * w.data[b * cols + i] : w.data[i * cols + a] * w.data[i * cols + b];
          }
          assertEquals(a == b ? 1 : 0, dot, 1e-5, "shape " + w.shape() + " (" + a + "," + b + ")");
        }
      }
    }
  }

  private static double max(Tensor t) {
    double m = 0;
    for (float v : t.data) m = Math.max(m, Math.abs(v));
    return m;
  }
}
