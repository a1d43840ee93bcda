package dev.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreprocessingTest {
  @TempDir Path tmp;

  @Test
  void channelNormalizationUsesTrainingStatisticsOnly() {
    Rng rng = new Rng(1);
    Dataset train = images(rng, 200, 3, 4, 4, 0.5f, 2f);
    Dataset test = images(rng, 50, 3, 4, 4, 0.9f, 1f);
    ChannelNormalization norm = new ChannelNormalization();
    Preprocessor.fitAndApply(List.of(norm), train, List.of(test));
    for (int c = 0; c < 3; c++) {
      assertEquals(0, channelMean(train, c), 1e-4);
      assertEquals(1, channelStd(train, c), 1e-3);
    }
    assertTrue(Math.abs(channelMean(test, 0)) > 0.05, "test data is shifted by the training mean, not its own");
  }

  @Test
  void gcnGivesZeroMeanAndNorm55PerExample() {
    Dataset d = images(new Rng(2), 10, 3, 8, 8, 0.4f, 0.3f);
    java.util.Arrays.fill(d.images, 0, 192, 0.7f);
    GlobalContrastNormalization.maxout().apply(d);
    for (int i = 1; i < d.size(); i++) {
      double sum = 0, sq = 0;
      for (int j = 0; j < 192; j++) {
        sum += d.images[i * 192 + j];
        sq += d.images[i * 192 + j] * d.images[i * 192 + j];
      }
      assertEquals(0, sum, 1e-3);
      assertEquals(55, Math.sqrt(sq), 1e-3);
    }
    for (int j = 0; j < 192; j++) assertEquals(0f, d.images[j], "a constant image becomes 0, not NaN");
  }

  @Test
  void zcaWhitenedDataHasNearIdentityCovariance() {
    Dataset train = correlated(new Rng(3), 4000, 64);
    assertTrue(Math.abs(covariance(train)[0][1]) > 0.1, "the raw features are correlated");
    ZcaWhitening zca = new ZcaWhitening(1e-4, null);
    zca.fit(train);
    zca.apply(train);
    double[][] cov = covariance(train);
    for (int i = 0; i < 64; i++) {
      for (int j = 0; j < 64; j++) assertEquals(i == j ? 1 : 0, cov[i][j], 0.01, "cov[" + i + "][" + j + "]");
    }
  }

  @Test
  void zcaTransformIsCachedAndACorruptCacheIsRecomputed() throws IOException {
    Dataset train = correlated(new Rng(4), 500, 16);
    float[] raw = train.images.clone();
    Path cache = tmp.resolve("cache");
    ZcaWhitening first = new ZcaWhitening(0.1, cache);
    first.fit(train);
    assertFalse(first.fromCache());
    Dataset a = copy(train);
    first.apply(a);

    ZcaWhitening second = new ZcaWhitening(0.1, cache);
    second.fit(train);
    assertTrue(second.fromCache());
    Dataset b = copy(train);
    second.apply(b);
    assertArrayEquals(a.images, b.images);

    ZcaWhitening otherBias = new ZcaWhitening(0.2, cache);
    otherBias.fit(train);
    assertFalse(otherBias.fromCache(), "the key includes filter_bias");

    Path file;
    try (Stream<Path> files = Files.list(cache)) {
      file = files.filter(p -> p.toString().endsWith(".bin")).sorted().findFirst().orElseThrow();
    }
    for (Path f : Files.list(cache).toList()) {
      byte[] bytes = Files.readAllBytes(f);
      bytes[bytes.length / 2] ^= 0x55;
      Files.write(f, bytes);
    }
    ZcaWhitening third = new ZcaWhitening(0.1, cache);
    third.fit(train);
    assertFalse(third.fromCache(), "corrupt cache " + file + " is recomputed");
    Dataset c = copy(train);
    third.apply(c);
    assertArrayEquals(a.images, c.images);
    assertArrayEquals(raw, train.images, "fit does not modify the data");
  }

  /**
   * x = A·z + 3 with z standard normal and A = I + 0.6·G/√d + 0.5·(all ones)/√d: a well-conditioned
   * covariance A·Aᵀ with strong correlations (every feature shares the common component).
   */
  static Dataset correlated(Rng rng, int n, int d) {
    float[][] a = new float[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        a[i][j] = (float) ((i == j ? 1 : 0) + (0.6 * rng.nextGaussian() + 0.5) / Math.sqrt(d));
      }
    }
    float[] x = new float[n * d];
    double[] z = new double[d];
    for (int s = 0; s < n; s++) {
      for (int j = 0; j < d; j++) z[j] = rng.nextGaussian();
      for (int i = 0; i < d; i++) {
        double v = 3;
        for (int j = 0; j < d; j++) v += a[i][j] * z[j];
        x[s * d + i] = (float) v;
      }
    }
    return new Dataset("corr", x, new int[n], Shape.of(d), 1, null);
  }

  static Dataset images(Rng rng, int n, int c, int h, int w, float mean, float std) {
    float[] x = new float[n * c * h * w];
    for (int i = 0; i < x.length; i++) x[i] = (float) (mean + std * rng.nextGaussian());
    return new Dataset("img", x, new int[n], Shape.of(c, h, w), 1, null);
  }

  private static Dataset copy(Dataset d) {
    return new Dataset(d.name(), d.images.clone(), d.labels.clone(), d.shape(), d.classes(), null);
  }

  private static double[][] covariance(Dataset data) {
    int d = data.shape().size();
    int n = data.size();
    double[] m = new double[d];
    for (int s = 0; s < n; s++) for (int j = 0; j < d; j++) m[j] += data.images[s * d + j] / (double) n;
    double[][] c = new double[d][d];
    for (int s = 0; s < n; s++) {
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          c[i][j] += (data.images[s * d + i] - m[i]) * (data.images[s * d + j] - m[j]) / n;
        }
      }
    }
    return c;
  }

  private static double channelMean(Dataset d, int c) {
    int sp = d.shape().spatial(), ch = d.shape().channels();
    double s = 0;
    for (int i = 0; i < d.size(); i++) for (int p = 0; p < sp; p++) s += d.images[(i * ch + c) * sp + p];
    return s / (d.size() * sp);
  }

  private static double channelStd(Dataset d, int c) {
    int sp = d.shape().spatial(), ch = d.shape().channels();
    double m = channelMean(d, c), s = 0;
    for (int i = 0; i < d.size(); i++) {
      for (int p = 0; p < sp; p++) {
        double v = d.images[(i * ch + c) * sp + p] - m;
        s += v * v;
      }
    }
    return Math.sqrt(s / (d.size() * sp));
  }
}
