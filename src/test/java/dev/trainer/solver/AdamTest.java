package dev.trainer.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trainer.layer.NamedParam;
import dev.trainer.layer.Param;
import dev.trainer.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Adam and AdamW against steps worked by hand from PyTorch's documented update rules
 * (torch.optim.Adam / AdamW): β1 0.9, β2 0.999, ε 1e-8, lr 0.1, weight decay 0.01, the same raw
 * gradients (0.5, 0.25) for w1 and (1) for w2 at both steps.
 */
class AdamTest {
  private static final float EPS = 1e-6f;

  private static Param param(String name, float lrMult, float decayMult, float... values) {
    Param p = new Param(name, Shape.of(values.length), lrMult, decayMult);
    System.arraycopy(values, 0, p.value.data, 0, values.length);
    return p;
  }

  private static NamedParam named(Param p) {
    return new NamedParam("l." + p.name(), "l", p);
  }

  private static void grads(Param w1, Param w2) {
    w1.grad.data[0] = 0.5f;
    w1.grad.data[1] = 0.25f;
    w2.grad.data[0] = 1f;
  }

  private static Adam adam(List<Param> params, double weightDecay, boolean decoupled) {
    return new Adam(params.stream().map(AdamTest::named).toList(), new LrPolicy.Fixed(0.1), 0.9, 0.999, 1e-8,
        weightDecay, decoupled, 0);
  }

  /**
   * Adam (L2 decay in the gradient). w1 = (1, −2), lr_mult 1, decay_mult 1; w2 = (0.5), lr_mult 2
   * (lr 0.2), decay_mult 0.
   * <pre>
   *   t = 1: w1: g = (0.5 + 0.01·1, 0.25 − 0.01·2) = (0.51, 0.23); m = 0.1·g = (0.051, 0.023);
   *              v = 0.001·g² = (2.601e-4, 5.29e-5); m̂ = g, √v̂ = |g|: the step is lr·sign(g)
   *              (less ε's 2e-8 share): w1 = (0.9, −2.1)
   *          w2: g = 1 (no decay), step 0.2: w2 = 0.3
   *   t = 2: w1[0]: g = 0.5 + 0.01·0.9 = 0.509; m = 0.9·0.051 + 0.1·0.509 = 0.0968;
   *              v = 0.999·2.601e-4 + 0.001·0.509² = 5.189209e-4;
   *              m̂ = 0.0968 / (1 − 0.81) = 0.509473684; √v̂ = √(5.189209e-4 / (1 − 0.998001)) = 0.509500;
   *              w = 0.9 − 0.1·0.509473684 / 0.509500 = 0.800005168
   *          w1[1]: g = 0.25 − 0.021 = 0.229; m = 0.0436; v = 1.052881e-4: w = −2.199988396
   *          w2: g = 1; m = 0.19, v = 0.001999: m̂ = √v̂ = 1, w2 = 0.3 − 0.2 = 0.1
   * </pre>
   */
  @Test
  void adamTwoStepsWithL2DecayAndMultipliers() {
    Param w1 = param("w1", 1, 1, 1f, -2f);
    Param w2 = param("w2", 2, 0, 0.5f);
    Adam adam = adam(List.of(w1, w2), 0.01, false);
    grads(w1, w2);
    assertEquals(0.1, adam.step(0), 0);
    assertArrayEquals(new float[] {0.9f, -2.1f}, w1.value.data, EPS);
    assertArrayEquals(new float[] {0.3f}, w2.value.data, EPS);
    assertArrayEquals(new float[] {0.051f, 0.023f}, adam.history().get(0).data, EPS);
    assertArrayEquals(new float[] {2.601e-4f, 5.29e-5f}, adam.history().get(2).data, 1e-9f);
    assertArrayEquals(new float[] {0f, 0f}, w1.grad.data, 0f);

    grads(w1, w2);
    adam.step(1);
    assertArrayEquals(new float[] {0.800005168f, -2.199988396f}, w1.value.data, EPS);
    assertArrayEquals(new float[] {0.1f}, w2.value.data, EPS);
    assertArrayEquals(new float[] {0.0968f, 0.0436f}, adam.history().get(0).data, EPS);
    assertArrayEquals(new float[] {5.189209e-4f, 1.052881e-4f}, adam.history().get(2).data, 1e-9f);
    assertArrayEquals(new float[] {0.19f}, adam.history().get(1).data, EPS);
    assertArrayEquals(new float[] {0.001999f}, adam.history().get(3).data, 1e-9f);
  }

  /**
   * AdamW (decay decoupled, p ← p·(1 − lr·λ) before the Adam step). w1 as above; w2 = (0.5) with
   * lr_mult 2 and decay_mult 0.5, so its decay is lr·λ = 0.2·0.005 = 0.001.
   * <pre>
   *   t = 1: w1: shrink 1 − 0.1·0.01 = 0.999 → (0.999, −1.998); raw g, step lr·sign(g): (0.899, −2.098)
   *          w2: 0.5·0.999 = 0.4995, step 0.2: 0.2995
   *   t = 2: w1[0]: 0.899·0.999 = 0.898101; m = 0.9·0.05 + 0.05 = 0.095; v = 0.999·2.5e-4 + 2.5e-4 = 4.9975e-4;
   *              m̂ = 0.5, √v̂ = 0.5: step 0.1, w = 0.798101
   *          w1[1]: −2.098·0.999 − 0.1 = −2.195902;  w2: 0.2995·0.999 − 0.2 = 0.0992005
   * </pre>
   */
  @Test
  void adamwDecaysTheWeightsByLrTimesDecayBeforeTheStep() {
    Param w1 = param("w1", 1, 1, 1f, -2f);
    Param w2 = param("w2", 2, 0.5f, 0.5f);
    Adam adamw = adam(List.of(w1, w2), 0.01, true);
    grads(w1, w2);
    adamw.step(0);
    assertArrayEquals(new float[] {0.899f, -2.098f}, w1.value.data, EPS);
    assertArrayEquals(new float[] {0.2995f}, w2.value.data, EPS);
    grads(w1, w2);
    adamw.step(1);
    assertArrayEquals(new float[] {0.798101f, -2.195902f}, w1.value.data, EPS);
    assertArrayEquals(new float[] {0.0992005f}, w2.value.data, EPS);
  }

  /** With no decay Adam and AdamW are the same update; ε dominates a zero gradient (no step, no NaN). */
  @Test
  void withoutDecayAdamEqualsAdamwAndZeroGradientsDoNotMove() {
    Param a = param("a", 1, 1, 1f, -2f);
    Param b = param("b", 1, 1, 1f, -2f);
    Adam adam = adam(List.of(a), 0, false);
    Adam adamw = adam(List.of(b), 0, true);
    for (int t = 0; t < 3; t++) {
      a.grad.data[0] = b.grad.data[0] = 0.3f * t - 0.2f;
      adam.step(t);
      adamw.step(t);
    }
    assertArrayEquals(a.value.data, b.value.data, 0f);
    assertEquals(-2f, a.value.data[1], 0f, "zero gradient: m = 0, no step");
  }

  /** The learning-rate policy drives the step: at lr_policy rate 0.05 the first step is 0.05·sign(g). */
  @Test
  void thePolicyRateIsUsed() {
    Param w = param("w", 1, 1, 1f);
    Adam adam = new Adam(List.of(named(w)), new LrPolicy.Step(0.1, 0.5, 1), 0.9, 0.999, 1e-8, 0, true, 0);
    adam.step(0);
    w.grad.data[0] = -4f;
    assertEquals(0.05, adam.step(1), 1e-12);
    // t = 2, m = 0.1·(−4) = −0.4, v = 0.001·16: m̂ = −0.4/0.19, √v̂ = √(0.016/0.001999): the step is
    // 0.05 · 2.1052632 / 2.8291345 = 0.0372068
    assertEquals(1.0372068f, w.value.data[0], EPS);
  }

  /** A copy of the state (m, v) with the iteration continues exactly; a wrong-sized state is refused. */
  @Test
  void restoredStateContinuesExactly() {
    Param a = param("a", 1, 1, 1f, -2f);
    Adam first = adam(List.of(a), 0.01, true);
    for (int t = 0; t < 3; t++) {
      a.grad.data[0] = 0.1f * t + 0.2f;
      a.grad.data[1] = -0.3f;
      first.step(t);
    }
    Param b = param("b", 1, 1, a.value.data.clone());
    Adam resumed = adam(List.of(b), 0.01, true);
    resumed.restore(first.history().stream().map(t -> t.copy()).toList());
    for (int t = 3; t < 6; t++) {
      a.grad.data[0] = b.grad.data[0] = 0.1f * t;
      a.grad.data[1] = b.grad.data[1] = -0.3f;
      first.step(t);
      resumed.step(t);
    }
    assertArrayEquals(a.value.data, b.value.data, 0f);
    assertThrows(IllegalArgumentException.class, () -> resumed.restore(List.of(first.history().get(0))));
  }
}
