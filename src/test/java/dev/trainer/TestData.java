package dev.trainer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.check.GradientChecker;
import dev.trainer.init.Initializer;
import dev.trainer.layer.Layer;
import dev.trainer.layer.Mode;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Tensor;
import java.util.List;

/** Shared test fixtures: seeded random tensors, a Gaussian initializer and gradient assertions. */
public final class TestData {
  private TestData() {}

  /** Standard normal entries. */
  public static Tensor gaussian(Rng rng, int... dims) {
    Tensor t = Tensor.of(dims);
    for (int i = 0; i < t.size(); i++) t.data[i] = (float) rng.nextGaussian();
    return t;
  }

  /**
   * Distinct values {@code spacing·(i − size/2)} in random order, so that a finite-difference step
   * below spacing/2 never changes which element of a window is largest.
   */
  public static Tensor distinct(Rng rng, float spacing, int... dims) {
    Tensor t = Tensor.of(dims);
    int[] order = new int[t.size()];
    for (int i = 0; i < order.length; i++) order[i] = i;
    rng.shuffle(order);
    for (int i = 0; i < order.length; i++) t.data[i] = spacing * (order[i] - order.length / 2);
    return t;
  }

  /** Tensor with the given values and shape. */
  public static Tensor tensor(float[] values, int... dims) {
    Tensor t = Tensor.of(dims);
    System.arraycopy(values, 0, t.data, 0, values.length);
    return t;
  }

  /** Zero-mean Gaussian weights with a fixed standard deviation. */
  public static Initializer gaussianInit(double std) {
    return (w, fan, rng) -> {
      for (int i = 0; i < w.size(); i++) w.data[i] = (float) (std * rng.nextGaussian());
      return "gaussian std=" + std;
    };
  }

  /** Initializes every parameter of a set-up layer from {@code rng}. */
  public static void initialize(Layer layer, Rng rng) {
    layer.params().forEach(p -> p.initialize(rng));
  }

  /**
   * Asserts that the input gradient and every parameter gradient of {@code layer} pass the default
   * gradient check, each with at least one element checked.
   */
  public static void assertGradients(Layer layer, Rng layerRng, Tensor x, Mode mode, Rng rng) {
    List<GradientChecker.Result> results = GradientChecker.defaults().check(layer, layerRng, x, mode, rng);
    assertTrue(results.size() == 1 + layer.params().size(), results.toString());
    for (GradientChecker.Result r : results) {
      assertTrue(r.ok() && r.checked() > 0, results.toString());
    }
  }

  /** Direct convolution: y[f][oh][ow] = Σ_{c,i,j} w[f][c][i][j] · x[c][oh·s − p + i][ow·s − p + j]. */
  public static float[] directConv(float[] x, int c, int h, int w, float[] wt, int f, int k, int s, int p) {
    int ho = dev.trainer.tensor.Im2Col.outputSize(h, k, s, p);
    int wo = dev.trainer.tensor.Im2Col.outputSize(w, k, s, p);
    float[] y = new float[f * ho * wo];
    for (int o = 0; o < f; o++) {
      for (int oh = 0; oh < ho; oh++) {
        for (int ow = 0; ow < wo; ow++) {
          double sum = 0;
          for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < k; i++) {
              for (int j = 0; j < k; j++) {
                int ih = oh * s - p + i;
                int iw = ow * s - p + j;
                if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                sum += wt[((o * c + ch) * k + i) * k + j] * x[(ch * h + ih) * w + iw];
              }
            }
          }
          y[(o * ho + oh) * wo + ow] = (float) sum;
        }
      }
    }
    return y;
  }
}
