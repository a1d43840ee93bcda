package dev.trainer.activation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.check.GradientChecker;
import dev.trainer.config.ConfigException;
import dev.trainer.config.Settings;
import dev.trainer.layer.Layer;
import dev.trainer.layer.Mode;
import dev.trainer.layer.Param;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Special cases that tie the activations to each other, as stated in the papers. */
class IdentitiesTest {
  private static final Shape MAPS = Shape.of(4, 3, 3);

  /** The named activation with options {@code values}, set up and initialized as a Net would. */
  static Activation make(String name, Map<String, String> values, Shape input) {
    ActivationType t = Activations.get(name, "test");
    Activation a = t.create(Settings.of(t.options(), values));
    Rng rng = new Rng(11);
    a.setup(input, rng);
    for (Param p : a.params()) p.initialize(rng);
    return a;
  }

  static Tensor input(int n) {
    return ActivationGradcheck.gridInput(MAPS.withBatch(n), new Rng(5));
  }

  static Tensor ones(Shape shape) {
    Tensor t = new Tensor(shape);
    t.fill(1f);
    return t;
  }

  static Tensor gaussian(Shape shape, long seed) {
    Rng rng = new Rng(seed);
    Tensor t = new Tensor(shape);
    for (int i = 0; i < t.size(); i++) t.data[i] = (float) rng.nextGaussian();
    return t;
  }

  /** Forward outputs and input gradients (for dL/dy = g) of a and b agree within tol. */
  static void assertSame(Layer a, Layer b, Tensor x, Tensor g, Mode mode, float tol) {
    assertArrayEquals(b.forward(x, mode).data, a.forward(x, mode).data, tol, "forward");
    assertArrayEquals(b.backward(g).data, a.backward(g).data, tol, "backward");
  }

  @Test
  void mpeluWithAlphaZeroIsReluAndItsAlphaGradientIsFinite() {
    Activation mpelu = make("mpelu", Map.of("alpha", "0"), MAPS);
    Tensor x = input(2);
    Tensor g = gaussian(x.shape(), 1);
    assertSame(mpelu, make("relu", Map.of(), MAPS), x, g, Mode.TRAIN, 0f);
    mpelu.params().forEach(Param::zeroGrad);
    mpelu.forward(x, Mode.TRAIN);
    mpelu.backward(g);
    Param alpha = mpelu.params().get(0);
    assertEquals("alpha", alpha.name());
    assertTrue(alpha.grad.isFinite());
    assertTrue(alpha.grad.sumSquares() > 0, "α=0 still learns: dα = Σ g·(e^(βx) − 1)");
  }

  @Test
  void mpeluWithAlphaOneBetaOneIsElu() {
    Tensor x = input(2);
    assertSame(make("mpelu", Map.of("alpha", "1", "beta", "1"), MAPS), make("elu", Map.of("alpha", "1"), MAPS), x,
        gaussian(x.shape(), 2), Mode.TRAIN, 1e-6f);
  }

  /** α(e^(βx) − 1) ≈ αβ·x for small β: the MPELU paper's link to PReLU (error ≈ αβ²x²/2). */
  @Test
  void mpeluWithSmallBetaApproachesPrelu() {
    Tensor x = input(2);
    assertSame(make("mpelu", Map.of("alpha", "250", "beta", "0.001"), MAPS), make("prelu", Map.of("init", "0.25"), MAPS),
        x, ones(x.shape()), Mode.TRAIN, 2e-3f);
  }

  /** MPELU_{α,β} = PReLU_α ∘ ELU_1 ∘ PReLU_β (the authors' "naive" construction). */
  @Test
  void mpeluIsPreluAfterEluAfterPrelu() {
    Tensor x = input(2);
    Layer first = make("prelu", Map.of("init", "2"), MAPS);
    Layer elu = make("elu", Map.of(), MAPS);
    Layer last = make("prelu", Map.of("init", "0.5"), MAPS);
    float[] composed = last.forward(elu.forward(first.forward(x, Mode.TRAIN), Mode.TRAIN), Mode.TRAIN).data;
    float[] mpelu = make("mpelu", Map.of("alpha", "0.5", "beta", "2"), MAPS).forward(x, Mode.TRAIN).data;
    assertArrayEquals(composed, mpelu, 1e-6f);
  }

  @Test
  void preluIsLeakyReluWithTheSameSlope() {
    Tensor x = input(2);
    assertSame(make("prelu", Map.of("init", "0.1"), MAPS), make("lrelu", Map.of("slope", "0.1"), MAPS), x,
        gaussian(x.shape(), 3), Mode.TRAIN, 0f);
  }

  @Test
  void rreluAtTestTimeIsLeakyReluWithSlopeTwoOverLowerPlusUpper() {
    Tensor x = input(2);
    Activation rrelu = make("rrelu", Map.of(), MAPS);
    assertEquals(1 / 5.5, rrelu.heSlope(), 1e-12);
    assertSame(rrelu, make("lrelu", Map.of("slope", Double.toString(2.0 / 11)), MAPS), x, gaussian(x.shape(), 4),
        Mode.TEST, 1e-7f);
  }

  @Test
  void rreluTrainingSlopesLieBetweenOneOverUpperAndOneOverLower() {
    Activation rrelu = make("rrelu", Map.of(), Shape.of(1));
    Tensor x = new Tensor(Shape.of(2000, 1));
    x.fill(-1f);
    float[] y = rrelu.forward(x, Mode.TRAIN).data;
    float min = 1;
    float max = 0;
    for (float v : y) {
      min = Math.min(min, -v);
      max = Math.max(max, -v);
    }
    assertTrue(min >= 1 / 8f && min < 0.13f, "smallest slope " + min);
    assertTrue(max <= 1 / 3f && max > 0.32f, "largest slope " + max);
  }

  @Test
  void creluIsReluOfXConcatenatedWithReluOfMinusX() {
    for (Shape shape : ActivationGradcheck.LAYOUTS.values()) {
      Tensor x = ActivationGradcheck.gridInput(shape.withBatch(2), new Rng(6));
      float[] y = make("crelu", Map.of(), shape).forward(x, Mode.TRAIN).data;
      int per = shape.size();
      for (int n = 0; n < 2; n++) {
        for (int i = 0; i < per; i++) {
          float v = x.data[n * per + i];
          assertEquals(Math.max(v, 0f), y[2 * n * per + i], 0f);
          assertEquals(Math.max(-v, 0f), y[2 * n * per + per + i], 0f);
        }
      }
    }
  }

  @Test
  void maxoutWithOnePieceIsTheIdentity() {
    Activation maxout = make("maxout", Map.of("k", "1"), MAPS);
    Tensor x = input(2);
    Tensor g = gaussian(x.shape(), 7);
    assertArrayEquals(x.data, maxout.forward(x, Mode.TRAIN).data, 0f);
    assertArrayEquals(g.data, maxout.backward(g).data, 0f);
  }

  @Test
  void maxoutTakesTheMaximumOfConsecutiveChannels() {
    Activation maxout = make("maxout", Map.of("k", "2"), Shape.of(4));
    Tensor x = new Tensor(Shape.of(1, 4), new float[] {1, -2, -3, 0.5f});
    assertArrayEquals(new float[] {1, 0.5f}, maxout.forward(x, Mode.TRAIN).data, 0f);
    assertArrayEquals(new float[] {5, 0, 0, 7}, maxout.backward(new Tensor(Shape.of(1, 2), new float[] {5, 7})).data, 0f);
  }

  @Test
  void maxoutRejectsChannelCountsNotDivisibleByK() {
    Activation maxout = Activations.get("maxout", "test").create(Settings.of(Activations.get("maxout", "t").options(),
        Map.of("k", "3")));
    ConfigException e = assertThrows(ConfigException.class, () -> maxout.setup(Shape.of(10, 4, 4), new Rng(1)));
    assertTrue(e.getMessage().contains("k = 3") && e.getMessage().contains("10 channels"), e.getMessage());
  }

  @Test
  void swishWithLargeBetaIsReluAwayFromZero() {
    Tensor x = new Tensor(MAPS.withBatch(2));
    Tensor grid = input(2);
    for (int i = 0; i < x.size(); i++) x.data[i] = grid.data[i] + Math.copySign(0.3f, grid.data[i]);
    assertSame(make("swish", Map.of("beta", "50"), MAPS), make("relu", Map.of(), MAPS), x, ones(x.shape()), Mode.TRAIN,
        1e-5f);
  }

  /**
   * With a large noise scale the p path matters, so its gradient is checked where it is not tiny; on
   * 3×3 maps (every element in the scalar loop) and on 4×5 maps (rows of 20: whole vectors, then the
   * scalar loop).
   */
  @Test
  void noisyUnitsGradientsWithStrongNoise() {
    for (String name : new String[] {"noisy_hardtanh", "noisy_hardsigmoid"}) {
      for (String halfNormal : new String[] {"true", "false"}) {
        for (Shape maps : new Shape[] {MAPS, Shape.of(2, 4, 5)}) {
          checkNoisyGradients(name, halfNormal, maps);
        }
      }
    }
  }

  private static void checkNoisyGradients(String name, String halfNormal, Shape maps) {
    Rng layerRng = new Rng(8);
    Activation a = make(name, Map.of("c", "5", "p", "3", "half_normal", halfNormal), maps);
    a.setup(maps, layerRng);
    for (Param p : a.params()) p.initialize(layerRng);
    Rng rng = new Rng(9);
    Tensor x = ActivationGradcheck.gridInput(maps.withBatch(2), rng);
    for (GradientChecker.Result r : GradientChecker.defaults().check(a, layerRng, x, Mode.TRAIN, rng)) {
      assertTrue(r.ok(), name + " half_normal=" + halfNormal + " " + maps + " " + r);
    }
  }

  /**
   * The vector loop of the noisy units computes the scalar loop's φ: the same 40 inputs and the same
   * noise as rows of 20 (whole vectors first) and as 1×1 maps (every element in the scalar loop).
   */
  @Test
  void noisyUnitsVectorLoopMatchesTheScalarLoop() {
    for (String name : new String[] {"noisy_hardtanh", "noisy_hardsigmoid"}) {
      for (String halfNormal : new String[] {"true", "false"}) {
        for (Mode mode : Mode.values()) {
          Tensor x = ActivationGradcheck.gridInput(Shape.of(2, 1, 4, 5), new Rng(9));
          float[] rows = noisyForward(name, halfNormal, Shape.of(1, 4, 5), x, mode);
          float[] single = noisyForward(name, halfNormal, Shape.of(20, 1, 1), x, mode);
          assertArrayEquals(single, rows, 1e-5f, name + " half_normal=" + halfNormal + " " + mode);
        }
      }
    }
  }

  private static float[] noisyForward(String name, String halfNormal, Shape maps, Tensor x, Mode mode) {
    Activation a = make(name, Map.of("c", "5", "half_normal", halfNormal), maps);
    Tensor input = new Tensor(maps.withBatch(2));
    System.arraycopy(x.data, 0, input.data, 0, x.size());
    return a.forward(input, mode).data.clone();
  }

  /** TEST replaces |ξ| by E|ξ| = sqrt(2/π): the mean TRAIN output at a saturated input matches. */
  @Test
  void noisyHardSigmoidTestOutputIsTheExpectedTrainOutput() {
    Activation a = make("noisy_hardsigmoid", Map.of("c", "2"), Shape.of(1));
    Tensor x = new Tensor(Shape.of(20000, 1));
    x.fill(3f);
    float test = a.forward(x, Mode.TEST).data[0];
    double mean = 0;
    for (float v : a.forward(x, Mode.TRAIN).data) mean += v / 20000.0;
    // h = 1, u = 1.25: α·h + (1 − α)·u = 0.975; σ = 2·(sigmoid(−0.25) − 0.5)² ≈ 0.0077, d = +1
    float sigma = (float) (2 * Math.pow(1 / (1 + Math.exp(0.25)) - 0.5, 2));
    assertEquals(0.975f + sigma * (float) Math.sqrt(2 / Math.PI), test, 1e-6f);
    assertEquals(test, mean, 2e-4);
  }

  @Test
  void slopesForInitialization() {
    assertEquals(0.25, make("prelu", Map.of(), MAPS).heSlope(), 1e-7);
    assertEquals(0.01, make("lrelu", Map.of(), MAPS).heSlope(), 1e-7);
    assertEquals(0.25, make("mpelu", Map.of(), MAPS).taylorSlope(), 1e-7);
    assertEquals(0.5, make("mpelu", Map.of("alpha", "1", "beta", "0.5"), MAPS).taylorSlope(), 1e-7);
    assertEquals(1, make("elu", Map.of(), MAPS).taylorSlope(), 1e-7);
    assertEquals(0, make("relu", Map.of(), MAPS).taylorSlope(), 0);
  }

  @Test
  void learnableParametersCarryTheirMultipliersAndSharing() {
    Param slope = make("prelu", Map.of(), MAPS).params().get(0);
    assertEquals(Shape.of(4), slope.value.shape());
    assertEquals(1f, slope.lrMult());
    assertEquals(0f, slope.decayMult());
    assertEquals(0.25f, slope.value.data[3]);
    Param shared = make("mpelu", Map.of("channel_shared", "true", "lr_mult", "2", "decay_mult", "5"), MAPS).params().get(1);
    assertEquals("beta", shared.name());
    assertEquals(Shape.of(1), shared.value.shape());
    assertEquals(2f, shared.lrMult());
    assertEquals(5f, shared.decayMult());
    assertEquals(0, make("swish", Map.of(), MAPS).params().size());
  }

  @Test
  void unknownNamesSuggestTheClosest() {
    ConfigException e = assertThrows(ConfigException.class, () -> Activations.get("prelu2", "a.conf:3"));
    assertTrue(e.getMessage().startsWith("a.conf:3: ") && e.getMessage().contains("did you mean 'prelu'"),
        e.getMessage());
  }
}
