package dev.trainer.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trainer.layer.NamedParam;
import dev.trainer.layer.Param;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class SgdTest {
  private static final float EPS = 1e-6f;

  private static Param param(String name, float lrMult, float decayMult, float... values) {
    Param p = new Param(name, Shape.of(values.length), lrMult, decayMult);
    System.arraycopy(values, 0, p.value.data, 0, values.length);
    return p;
  }

  private static NamedParam named(Param p) {
    return new NamedParam("l." + p.name(), "l", p);
  }

  private static void grad(Param p, float... g) {
    System.arraycopy(g, 0, p.grad.data, 0, g.length);
  }

  /**
   * base_lr 0.1, momentum 0.9, weight_decay 0.01; w1 = (1, −2) with lr_mult 1, decay_mult 1;
   * w2 = (0.5) with lr_mult 2, decay_mult 0; gradients (0.5, 0.25) and (1) at both steps.
   * <pre>
   *   step 0: w1: g = (0.51, 0.23)           h = (0.051, 0.023)            w1 = (0.949, −2.023)
   *           w2: lr 0.2                      h = 0.2                       w2 = 0.3
   *   step 1: w1: g = (0.50949, 0.22977)     h = (0.096849, 0.043677)      w1 = (0.852151, −2.066677)
   *           w2:                             h = 0.9·0.2 + 0.2 = 0.38      w2 = −0.08
   * </pre>
   */
  @Test
  void twoStepsWithMomentumDecayAndMultipliers() {
    Param w1 = param("w1", 1, 1, 1f, -2f);
    Param w2 = param("w2", 2, 0, 0.5f);
    Sgd sgd = new Sgd(List.of(named(w1), named(w2)), new LrPolicy.Fixed(0.1), 0.9, 0.01, false, 0);

    grad(w1, 0.5f, 0.25f);
    grad(w2, 1f);
    assertEquals(0.1, sgd.step(0), 0);
    assertArrayEquals(new float[] {0.949f, -2.023f}, w1.value.data, EPS);
    assertArrayEquals(new float[] {0.3f}, w2.value.data, EPS);
    assertArrayEquals(new float[] {0.051f, 0.023f}, sgd.history().get(0).data, EPS);
    assertArrayEquals(new float[] {0f, 0f}, w1.grad.data, 0f);

    grad(w1, 0.5f, 0.25f);
    grad(w2, 1f);
    sgd.step(1);
    assertArrayEquals(new float[] {0.852151f, -2.066677f}, w1.value.data, EPS);
    assertArrayEquals(new float[] {-0.08f}, w2.value.data, EPS);
    assertArrayEquals(new float[] {0.38f}, sgd.history().get(1).data, EPS);
  }

  /** w = 1, g = 0.5 twice, lr 0.1, μ 0.9: w = 1 − 1.9·0.05 = 0.905, then 0.905 − (1.9·0.095 − 0.9·0.05) = 0.7695. */
  @Test
  void nesterovInCaffesForm() {
    Param w = param("w", 1, 1, 1f);
    Sgd sgd = new Sgd(List.of(named(w)), new LrPolicy.Fixed(0.1), 0.9, 0, true, 0);
    grad(w, 0.5f);
    sgd.step(0);
    assertEquals(0.905f, w.value.data[0], EPS);
    grad(w, 0.5f);
    sgd.step(1);
    assertEquals(0.7695f, w.value.data[0], EPS);
  }

  /**
   * Raw gradients (3) and (4) have global norm 5; clip 1 scales them to (0.6) and (0.8) before
   * weight decay 0.1 adds 0.1·w = 0.1: w = 1 − (0.7, 0.9) = (0.3, 0.1). Clip 10 leaves them.
   */
  @Test
  void clipsTheGlobalNormBeforeWeightDecay() {
    Param a = param("a", 1, 1, 1f);
    Param b = param("b", 1, 1, 1f);
    Sgd sgd = new Sgd(List.of(named(a), named(b)), new LrPolicy.Fixed(1), 0, 0.1, false, 1);
    grad(a, 3f);
    grad(b, 4f);
    assertEquals(5, sgd.gradientNorm(), 1e-12);
    sgd.step(0);
    assertEquals(0.3f, a.value.data[0], EPS);
    assertEquals(0.1f, b.value.data[0], EPS);

    Param c = param("c", 1, 1, 1f);
    Sgd loose = new Sgd(List.of(named(c)), new LrPolicy.Fixed(1), 0, 0.1, false, 10);
    grad(c, 3f);
    loose.step(0);
    assertEquals(-2.1f, c.value.data[0], EPS);
  }

  /**
   * A frozen param (lr_mult 0, gradient 4) stays out of the clipping norm, as in Caffe, which
   * computes no gradient for it: the norm is 3, so clip 1 scales a's gradient to 1 and w = 1 − 1 = 0
   * (counting b would give norm 5 and w = 0.4). The frozen param itself does not move.
   */
  @Test
  void clippingLeavesOutParamsWithZeroLrMult() {
    Param a = param("a", 1, 1, 1f);
    Param frozen = param("b", 0, 1, 1f);
    Sgd sgd = new Sgd(List.of(named(a), named(frozen)), new LrPolicy.Fixed(1), 0, 0, false, 1);
    grad(a, 3f);
    grad(frozen, 4f);
    sgd.step(0);
    assertEquals(0f, a.value.data[0], EPS);
    assertEquals(1f, frozen.value.data[0], 0f);
  }

  @Test
  void theLearningRateComesFromThePolicyAtThatIteration() {
    Param w = param("w", 1, 0, 0f);
    Sgd sgd = new Sgd(List.of(named(w)), new LrPolicy.Step(1, 0.1, 10), 0, 0, false, 0);
    grad(w, 1f);
    assertEquals(0.1, sgd.step(10), 1e-15);
    assertEquals(-0.1f, w.value.data[0], EPS);
  }

  @Test
  void historyRestoresExactly() {
    Param w = param("w", 1, 1, 1f, 2f);
    Sgd sgd = new Sgd(List.of(named(w)), new LrPolicy.Fixed(0.1), 0.9, 0, false, 0);
    grad(w, 1f, -1f);
    sgd.step(0);
    List<Tensor> saved = List.of(sgd.history().get(0).copy());

    Param w2 = param("w", 1, 1, 0.9f, 2.1f);
    Sgd resumed = new Sgd(List.of(named(w2)), new LrPolicy.Fixed(0.1), 0.9, 0, false, 0);
    resumed.restore(saved);
    grad(w, 1f, -1f);
    grad(w2, 1f, -1f);
    sgd.step(1);
    resumed.step(1);
    assertArrayEquals(w.value.data, w2.value.data, 0f);
    assertThrows(IllegalArgumentException.class, () -> resumed.restore(List.of()));
  }
}
