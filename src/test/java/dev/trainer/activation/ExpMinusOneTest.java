package dev.trainer.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.layer.Mode;
import dev.trainer.layer.Param;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.Map;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/**
 * e^x − 1 in ELU and MPELU keeps its relative accuracy just below 0, where computing it as e^x
 * minus 1 in float keeps only the bits of 1 (1.3 % off at x = −1e−6): the vector lanes
 * ({@link VectorMath#expm1}) and the scalar tails against Math.expm1 in double, forward and gradients.
 */
class ExpMinusOneTest {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  /** Relative error allowed: a few float ulps (2^−23 ≈ 1.2e−7). */
  private static final double TOL = 5e-7;
  /** W of the [1, 1, W] maps: not a multiple of the vector length, so rows end in a scalar or masked tail. */
  private static final int WIDTH = 1003;

  /** −1e−38 … −80 log-spaced (first −0 and −1e−6), their positive twins up to 80 (first +0). */
  private static float[] arguments() {
    float[] v = new float[2 * WIDTH];
    for (int i = 0; i < WIDTH; i++) {
      float a = (float) Math.pow(10, -38 + 39.9 * i / (WIDTH - 1));
      v[i] = -a;
      v[WIDTH + i] = Math.min(a, 80f);
    }
    v[0] = -0f;
    v[1] = -1e-6f;  // the example: e^x − 1 by subtraction in float was 1.3 % off here
    v[WIDTH] = 0f;
    return v;
  }

  private static void assertRelative(double expected, double actual, double tol, String what) {
    assertClose(expected, actual, tol, 0, what);
  }

  /** |actual − expected| ≤ tol·|expected| + absolute. */
  private static void assertClose(double expected, double actual, double tol, double absolute, String what) {
    double scale = Math.max(Math.abs(expected), Double.MIN_NORMAL);
    assertTrue(Math.abs(actual - expected) <= tol * scale + absolute, what + ": " + actual + " vs " + expected
        + " (relative error " + Math.abs(actual - expected) / scale + ")");
  }

  @Test
  void vectorLanesMatchMathExpm1() {
    float[] v = arguments();
    float[] out = new float[S.length()];
    for (float x : v) {
      VectorMath.expm1(FloatVector.broadcast(S, x)).intoArray(out, 0);
      assertRelative(Math.expm1(x), out[0], TOL, "expm1(" + x + ")");
    }
    assertEquals(-1f, VectorMath.expm1(FloatVector.broadcast(S, -200f)).lane(0), 0f, "clamped far below 0");
  }

  @Test
  void scalarTailMatchesMathExpm1() {
    for (float x : arguments()) {
      if (x > 80) continue;
      assertRelative(Math.expm1(x), ELU.expMinusOne(x), 1e-7, "expMinusOne(" + x + ")");
    }
  }

  /** The negative arguments as an [2, 1, 1, WIDTH] input (tiny ones first), scaled by {@code scale}. */
  private static Tensor negatives(float scale) {
    float[] v = arguments();
    Tensor x = new Tensor(Shape.of(2, 1, 1, WIDTH));
    for (int i = 0; i < x.size(); i++) x.data[i] = Math.min(v[i % WIDTH] * scale, 0f);
    return x;
  }

  /**
   * The input gradient is Caffe's dy·β·(y + α): relative to float accuracy near 0, and within half
   * an ulp of α absolute far below 0, where y + α = α·e^(βx) cancels.
   */
  @Test
  void eluForwardAndGradientJustBelowZero() {
    for (float alpha : new float[] {1f, 0.5f}) {
      Activation elu = IdentitiesTest.make("elu", Map.of("alpha", Float.toString(alpha)), Shape.of(1, 1, WIDTH));
      Tensor x = negatives(1f);
      float[] y = elu.forward(x, Mode.TRAIN).data.clone();
      Tensor dy = IdentitiesTest.ones(x.shape());
      float[] dx = elu.backward(dy).data;
      for (int i = 0; i < x.size(); i++) {
        double v = x.data[i];
        assertRelative(alpha * Math.expm1(v), y[i], TOL, "elu(" + v + ")");
        assertClose(alpha * Math.exp(v), dx[i], TOL, Math.ulp(alpha), "elu'(" + v + ")");
      }
    }
  }

  /** MPELU's forward, input gradient and α, β gradients, at α ≠ 0 (α's read back as y/α) and α = 0 (recomputed). */
  @Test
  void mpeluForwardAndGradientsJustBelowZero() {
    for (String alphaText : new String[] {"0.25", "0"}) {
      float alpha = Float.parseFloat(alphaText);
      float beta = 1.5f;
      Activation mpelu = IdentitiesTest.make("mpelu", Map.of("alpha", alphaText, "beta", "1.5"), Shape.of(1, 1, WIDTH));
      // the tiniest half only: the α sum of the larger arguments would swamp theirs
      Tensor x = negatives(1f);
      for (int i = 0; i < x.size(); i++) x.data[i] = i % WIDTH < WIDTH / 2 ? x.data[i] : -1e-6f;
      float[] y = mpelu.forward(x, Mode.TRAIN).data.clone();
      mpelu.params().forEach(Param::zeroGrad);
      float[] dx = mpelu.backward(IdentitiesTest.ones(x.shape())).data;
      double alphaSum = 0;
      double betaSum = 0;
      for (int i = 0; i < x.size(); i++) {
        double v = x.data[i];
        if (alpha != 0) {
          assertRelative(alpha * Math.expm1(beta * v), y[i], TOL, "mpelu(" + v + ")");
          assertClose(alpha * beta * Math.exp(beta * v), dx[i], TOL, beta * Math.ulp(alpha), "mpelu'(" + v + ")");
        }
        alphaSum += Math.expm1(beta * v);
        betaSum += alpha * v * Math.exp(beta * v);
      }
      assertRelative(alphaSum, mpelu.params().get(0).grad.data[0], 1e-5, "dL/dα at α = " + alpha);
      assertRelative(betaSum, mpelu.params().get(1).grad.data[0], 1e-5, "dL/dβ at α = " + alpha);
    }
  }
}
