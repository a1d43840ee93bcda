package dev.trainer.activation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.check.GradientChecker;
import dev.trainer.layer.Mode;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GELU, SiLU, Mish, hard swish and squared ReLU against their definitions and each other. */
class RecentActivationsTest {
  private static final Shape MAPS = Shape.of(4, 3, 3);

  /** x = from, from + step, … as an N×1 batch. */
  static Tensor range(double from, double to, double step) {
    int n = (int) Math.round((to - from) / step) + 1;
    Tensor x = new Tensor(Shape.of(n, 1));
    for (int i = 0; i < n; i++) x.data[i] = (float) (from + i * step);
    return x;
  }

  static Tensor values(float... v) {
    return new Tensor(Shape.of(v.length, 1), v.clone());
  }

  static Activation make(String name, Map<String, String> values) {
    return IdentitiesTest.make(name, values, Shape.of(1));
  }

  /**
   * Φ(x) in double, independent of the erfc used by GELU: Marsaglia's series
   * Φ(x) = ½ + φ(x)·(x + x³/3 + x⁵/(3·5) + …) for |x| ≤ 5 (all terms positive), and the continued
   * fraction Φ(x) = φ(x)/(z + 1/(z + 2/(z + 3/(z + …)))), z = −x, for x &lt; −5.
   */
  static double phiReference(double x) {
    double density = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    if (x < -5) {
      double z = -x;
      double f = z;
      for (int k = 300; k >= 1; k--) f = z + k / f;
      return density / f;
    }
    double term = x;
    double sum = x;
    for (int k = 1; k < 400 && Math.abs(term) > 1e-18 * Math.abs(sum); k++) {
      term *= x * x / (2 * k + 1);
      sum += term;
    }
    return 0.5 + density * sum;
  }

  @Test
  void siluIsSwishWithBetaOne() {
    Tensor x = IdentitiesTest.input(2);
    IdentitiesTest.assertSame(IdentitiesTest.make("silu", Map.of(), MAPS),
        IdentitiesTest.make("swish", Map.of("beta", "1"), MAPS), x, IdentitiesTest.gaussian(x.shape(), 1), Mode.TRAIN,
        0f);
  }

  @Test
  void geluIsXTimesTheNormalCdfToFloatPrecision() {
    Tensor x = range(-30, 8, 0.01);
    Activation gelu = make("gelu", Map.of());
    float[] y = gelu.forward(x, Mode.TRAIN).data;
    float[] dx = gelu.backward(IdentitiesTest.ones(x.shape())).data;
    for (int i = 0; i < x.size(); i++) {
      double v = x.data[i];
      double expected = v * phiReference(v);
      assertEquals(expected, y[i], 1.5 * Math.ulp((float) expected), "gelu(" + v + ")");
      double slope = phiReference(v) + v * Math.exp(-0.5 * v * v) / Math.sqrt(2 * Math.PI);
      assertEquals(slope, dx[i], 1e-6 * Math.max(1, Math.abs(slope)), "gelu'(" + v + ")");
    }
  }

  /** The reference itself, at values in the tables: Φ(−1), Φ(1.96), Φ(−10). */
  @Test
  void normalCdfReferenceMatchesTabulatedValues() {
    assertEquals(0.15865525393145705, phiReference(-1), 1e-15);
    assertEquals(0.9750021048517795, phiReference(1.96), 1e-15);
    assertEquals(7.619853024160527e-24, phiReference(-10), 1e-36);
  }

  /** The tanh form's largest error on [−6, 6] is 4.73e−4 (near |x| ≈ 2.2; computed in double). */
  @Test
  void geluTanhApproximationIsWithinOneThousandthOfExactOnMinusSixToSix() {
    Tensor x = range(-6, 6, 0.001);
    float[] exact = make("gelu", Map.of()).forward(x, Mode.TRAIN).data.clone();
    float[] approx = make("gelu", Map.of("approximate", "tanh")).forward(x, Mode.TRAIN).data;
    double max = 0;
    for (int i = 0; i < x.size(); i++) max = Math.max(max, Math.abs(exact[i] - approx[i]));
    assertTrue(max < 1e-3, "max |tanh − exact| = " + max);
    assertTrue(max > 4e-4, "the two forms differ (max " + max + "), so the option is read");
  }

  @Test
  void geluTanhApproximationGradientsMatchFiniteDifferences() {
    for (Shape shape : ActivationGradcheck.LAYOUTS.values()) {
      Rng rng = new Rng(3);
      Activation a = IdentitiesTest.make("gelu", Map.of("approximate", "tanh"), shape);
      Tensor x = ActivationGradcheck.gridInput(shape.withBatch(2), rng);
      for (GradientChecker.Result r : GradientChecker.defaults().check(a, null, x, Mode.TRAIN, rng)) {
        assertTrue(r.ok() && r.checked() > 0, r.toString());
      }
    }
  }

  /** Reference x·tanh(ln(1 + e^x)) straight from the definition in double (fine for |x| ≤ 700). */
  @Test
  void mishMatchesDoublePrecisionIncludingLargeInputs() {
    Tensor x = range(-80, 80, 0.05);
    Tensor extra = values(-80f, -20f, 20f, 80f, -1e-6f, 1e-6f, 0f, 700f);
    Activation mish = make("mish", Map.of());
    for (Tensor t : new Tensor[] {x, extra}) {
      float[] y = mish.forward(t, Mode.TRAIN).data.clone();
      float[] dx = mish.backward(IdentitiesTest.ones(t.shape())).data;
      for (int i = 0; i < t.size(); i++) {
        double v = t.data[i];
        double sp = Math.log1p(Math.exp(v));
        double expected = v * Math.tanh(sp);
        double sech = 1 / Math.cosh(sp);
        double slope = Math.tanh(sp) + v * sech * sech / (1 + Math.exp(-v));
        assertEquals(expected, y[i], Math.ulp((float) expected), "mish(" + v + ")");
        assertEquals(slope, dx[i], 2 * Math.ulp((float) Math.max(Math.abs(slope), 1e-30)) + 1e-7 * Math.abs(slope),
            "mish'(" + v + ")");
      }
    }
    float[] y = mish.forward(values(-80f, 20f, 80f, 1e30f), Mode.TRAIN).data;
    assertTrue(y[0] < 0 && y[0] > -1e-32f, "mish(−80) = −80·e^−80 ≈ −1.44e−33, not 0: " + y[0]);
    assertEquals(20f, y[1], 0f);
    assertEquals(80f, y[2], 0f);
    assertEquals(1e30f, y[3], 0f);
  }

  @Test
  void hardSwishFollowsItsThreePieces() {
    Tensor x = values(-5f, -3f, -1.5f, 0f, 1.5f, 3f, 5f);
    Activation a = make("hardswish", Map.of());
    assertArrayEquals(new float[] {-0f, -0f, -0.375f, 0f, 1.125f, 3f, 5f}, a.forward(x, Mode.TRAIN).data, 1e-7f);
    assertArrayEquals(new float[] {0f, -0.5f, 0f, 0.5f, 1f, 1.5f, 1f},
        a.backward(IdentitiesTest.ones(x.shape())).data, 1e-7f);
  }

  /** Hard swish and SiLU agree near 0 to second order (both x/2 + x²/4 + …; hard swish has x²/6). */
  @Test
  void hardSwishIsCloseToSilu() {
    Tensor x = range(-6, 6, 0.01);
    float[] hard = make("hardswish", Map.of()).forward(x, Mode.TRAIN).data.clone();
    float[] silu = make("silu", Map.of()).forward(x, Mode.TRAIN).data;
    for (int i = 0; i < x.size(); i++) assertEquals(silu[i], hard[i], 0.15f, "x = " + x.data[i]);
  }

  @Test
  void squaredReluIsReluSquared() {
    Tensor x = IdentitiesTest.input(2);
    Activation sq = IdentitiesTest.make("squared_relu", Map.of(), MAPS);
    float[] y = sq.forward(x, Mode.TRAIN).data;
    float[] dx = sq.backward(IdentitiesTest.ones(x.shape())).data;
    for (int i = 0; i < x.size(); i++) {
      float r = Math.max(x.data[i], 0f);
      assertEquals(r * r, y[i], 0f);
      assertEquals(2 * r, dx[i], 0f);
    }
  }

  /** They have no gain of their own: msra and taylor treat them as ReLU (see each class comment). */
  @Test
  void initializationSlopes() {
    for (String name : new String[] {"gelu", "silu", "mish", "hardswish", "squared_relu"}) {
      Activation a = make(name, Map.of());
      assertEquals(0, a.heSlope(), 0, name);
      assertEquals(0, a.taylorSlope(), 0, name);
    }
  }
}
