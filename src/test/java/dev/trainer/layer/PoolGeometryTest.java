package dev.trainer.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.TestData;
import dev.trainer.UserError;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Max and average pooling over every small geometry (H, W ≤ 7, k ≤ 4, s ≤ 5, p &lt; k) against plain
 * references written from Caffe's {@code PoolingLayer}: output size ceil((n + 2p − k)/s) + 1, minus
 * one when padded and the last window would start at or beyond n + p; max over the window clipped to
 * the input; average divided by the window clipped to the padded input. A kernel larger than the
 * padded input pools while that size is at least 1. Rejected, as Caffe cannot pool them: no output,
 * and an unpadded window that starts past the input and so covers no pixel (Caffe writes −FLT_MAX
 * and a max mask of −1 there).
 */
class PoolGeometryTest {
  private static final int MAX_SIZE = 7;

  @Test
  void strideWiderThanTheInputPoolsTheFirstWindow() {
    // The example: a 2×2 input, kernel 2, stride 3 has one window, the whole input.
    MaxPool pool = new MaxPool(2, 3, 0);
    assertEquals(Shape.of(1, 1, 1), pool.setup(Shape.of(1, 2, 2), new Rng(0)));
    Tensor y = pool.forward(TestData.tensor(new float[] {1, 4, 3, 2}, 1, 1, 2, 2), Mode.TRAIN);
    assertArrayEquals(new float[] {4}, y.data);
    assertArrayEquals(new float[] {0, 5, 0, 0}, pool.backward(TestData.tensor(new float[] {5}, 1, 1, 1, 1)).data);
  }

  @Test
  void aKernelLargerThanTheInputPoolsItWholeWhileCaffeGivesAnOutput() {
    // 3×3, kernel 4, stride 2: ceil(−1/2) + 1 = 1 window, the whole input; average divides by 3·3.
    float[] x = {1, 9, 2, 3, 4, 5, 6, 7, 8};
    MaxPool max = new MaxPool(4, 2, 0);
    assertEquals(Shape.of(1, 1, 1), max.setup(Shape.of(1, 3, 3), new Rng(0)));
    assertArrayEquals(new float[] {9}, max.forward(TestData.tensor(x, 1, 1, 3, 3), Mode.TRAIN).data);
    AvgPool avg = new AvgPool(4, 2, 0);
    assertEquals(Shape.of(1, 1, 1), avg.setup(Shape.of(1, 3, 3), new Rng(0)));
    assertArrayEquals(new float[] {5}, avg.forward(TestData.tensor(x, 1, 1, 3, 3), Mode.TRAIN).data);
    // kernel 4, stride 1: ceil(−1) + 1 = 0 outputs
    UserError e = assertThrows(UserError.class, () -> new MaxPool(4, 1, 0).setup(Shape.of(1, 3, 3), new Rng(0)));
    assertEquals("max pool kernel 4 stride 1 pad 0 gives no output for the input 1x3x3"
        + " (needs kernel < size + 2·pad + stride)", e.getMessage());
  }

  @Test
  void everySmallGeometryMatchesTheReferences() {
    Rng rng = new Rng(16);
    int pooled = 0;
    for (int[] g : geometries()) {
      int k = g[0], s = g[1], p = g[2], h = g[3], w = g[4];
      String what = "k=" + k + " s=" + s + " p=" + p + " input " + h + "x" + w;
      int ho = caffeSize(h, k, s, p);
      int wo = caffeSize(w, k, s, p);
      MaxPool max = new MaxPool(k, s, p);
      AvgPool avg = new AvgPool(k, s, p);
      if (rejected(k, s, p, h, w)) {
        assertThrows(UserError.class, () -> max.setup(Shape.of(2, h, w), new Rng(0)), what);
        assertThrows(UserError.class, () -> avg.setup(Shape.of(2, h, w), new Rng(0)), what);
        continue;
      }
      assertEquals(Shape.of(2, ho, wo), max.setup(Shape.of(2, h, w), new Rng(0)), what);
      assertEquals(Shape.of(2, ho, wo), avg.setup(Shape.of(2, h, w), new Rng(0)), what);
      for (int levels : new int[] {0, 2}) {
        Tensor x = input(rng, levels, h, w);
        Tensor dy = TestData.gaussian(rng, 2, 2, ho, wo);
        float[] expectedY = new float[dy.size()];
        int[] argmax = new int[expectedY.length];
        maxReference(x.data, 2 * 2, h, w, k, s, p, ho, wo, expectedY, argmax);
        assertArrayEquals(expectedY, max.forward(x, Mode.TRAIN).data, what + " max forward, levels " + levels);
        float[] expectedDx = new float[x.size()];
        for (int o = 0; o < argmax.length; o++) expectedDx[argmax[o]] += dy.data[o];
        assertArrayEquals(expectedDx, max.backward(dy).data, what + " max backward, levels " + levels);

        float[] avgDx = new float[x.size()];
        avgReference(x.data, dy.data, 2 * 2, h, w, k, s, p, ho, wo, expectedY, avgDx);
        // AvgPool sums separably, not in Caffe's row-major order: equal to rounding
        assertArrayEquals(expectedY, avg.forward(x, Mode.TRAIN).data, 1e-5f, what + " avg forward, levels " + levels);
        assertArrayEquals(avgDx, avg.backward(dy).data, 1e-5f, what + " avg backward, levels " + levels);
      }
      pooled++;
    }
    assertTrue(pooled > 1000, "pooled only " + pooled + " geometries");
  }

  @Test
  void everySmallGeometryPassesTheGradientCheck() {
    Rng rng = new Rng(17);
    for (int[] g : geometries()) {
      int k = g[0], s = g[1], p = g[2], h = g[3], w = g[4];
      if (rejected(k, s, p, h, w)) continue;
      for (Layer pool : List.of(new MaxPool(k, s, p), new AvgPool(k, s, p))) {
        pool.setup(Shape.of(1, h, w), new Rng(0));
        // Distinct values half a spacing off zero, so that no input sits in the checker's kink band.
        Tensor x = TestData.distinct(rng, 0.05f, 1, 1, h, w);
        for (int i = 0; i < x.size(); i++) x.data[i] += 0.025f;
        TestData.assertGradients(pool, null, x, Mode.TRAIN, rng);
      }
    }
  }

  /** {k, s, p, H, W} for k ≤ 4, s ≤ 5, p &lt; k, 1 ≤ H, W ≤ MAX_SIZE. */
  private static List<int[]> geometries() {
    List<int[]> all = new ArrayList<>();
    for (int k = 1; k <= 4; k++) {
      for (int s = 1; s <= 5; s++) {
        for (int p = 0; p < k; p++) {
          for (int h = 1; h <= MAX_SIZE; h++) {
            for (int w = 1; w <= MAX_SIZE; w++) all.add(new int[] {k, s, p, h, w});
          }
        }
      }
    }
    return all;
  }

  /** The rejected classes of the class comment. */
  private static boolean rejected(int k, int s, int p, int h, int w) {
    int ho = caffeSize(h, k, s, p);
    int wo = caffeSize(w, k, s, p);
    return ho < 1 || wo < 1 || (ho - 1) * s - p >= h || (wo - 1) * s - p >= w;
  }

  /** Caffe's PoolingLayer::Reshape along one axis. */
  private static int caffeSize(int n, int k, int s, int p) {
    int out = (int) Math.ceil((float) (n + 2 * p - k) / s) + 1;
    if (p > 0 && (out - 1) * s >= n + p) out--;
    return out;
  }

  /** levels 0: Gaussian; otherwise values from {0..levels−1}, full of ties. Shape [2, 2, h, w]. */
  private static Tensor input(Rng rng, int levels, int h, int w) {
    Tensor x = TestData.gaussian(rng, 2, 2, h, w);
    if (levels > 0) for (int i = 0; i < x.size(); i++) x.data[i] = rng.nextInt(levels);
    return x;
  }

  /** Caffe's max pooling forward, ties to the first maximum in row-major order. */
  private static void maxReference(float[] x, int planes, int h, int w, int k, int s, int p, int ho, int wo,
      float[] y, int[] argmax) {
    for (int c = 0; c < planes; c++) {
      for (int oh = 0; oh < ho; oh++) {
        for (int ow = 0; ow < wo; ow++) {
          int hs = Math.max(oh * s - p, 0), he = Math.min(oh * s - p + k, h);
          int ws = Math.max(ow * s - p, 0), we = Math.min(ow * s - p + k, w);
          int best = -1;
          for (int i = hs; i < he; i++) {
            for (int j = ws; j < we; j++) {
              int at = (c * h + i) * w + j;
              if (best < 0 || x[at] > x[best]) best = at;
            }
          }
          int o = (c * ho + oh) * wo + ow;
          y[o] = x[best];
          argmax[o] = best;
        }
      }
    }
  }

  /** Caffe's average pooling forward and backward (pool_size before clipping to the input). */
  private static void avgReference(float[] x, float[] dy, int planes, int h, int w, int k, int s, int p, int ho,
      int wo, float[] y, float[] dx) {
    for (int c = 0; c < planes; c++) {
      for (int oh = 0; oh < ho; oh++) {
        for (int ow = 0; ow < wo; ow++) {
          int hs = oh * s - p, he = Math.min(hs + k, h + p);
          int ws = ow * s - p, we = Math.min(ws + k, w + p);
          int size = (he - hs) * (we - ws);
          hs = Math.max(hs, 0);
          ws = Math.max(ws, 0);
          he = Math.min(he, h);
          we = Math.min(we, w);
          int o = (c * ho + oh) * wo + ow;
          double sum = 0;
          for (int i = hs; i < he; i++) {
            for (int j = ws; j < we; j++) {
              sum += x[(c * h + i) * w + j];
              dx[(c * h + i) * w + j] += dy[o] / size;
            }
          }
          y[o] = (float) (sum / size);
        }
      }
    }
  }
}
