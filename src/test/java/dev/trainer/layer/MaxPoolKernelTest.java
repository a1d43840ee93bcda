package dev.trainer.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import org.junit.jupiter.api.Test;

/** The vectorized max-pool kernel against the plain branchy loop, bit for bit, argmax included. */
class MaxPoolKernelTest {
  /** {kernel, stride, pad, height, width}. */
  private static final int[][] GEOMETRIES = {
    {3, 2, 0, 32, 32}, {3, 2, 1, 32, 32}, {2, 2, 0, 16, 16}, {3, 2, 0, 15, 13}, {3, 2, 1, 7, 9},
    {2, 3, 1, 5, 5}, {3, 1, 1, 6, 40}, {1, 1, 0, 3, 5}, {5, 3, 2, 11, 37}, {4, 4, 0, 8, 70}};

  @Test
  void matchesThePlainLoopOnRandomInputs() {
    Rng rng = new Rng(3);
    for (int[] g : GEOMETRIES) check(g, rng, 0);
  }

  @Test
  void matchesThePlainLoopOnInputsFullOfTies() {
    Rng rng = new Rng(4);
    for (int[] g : GEOMETRIES) {
      check(g, rng, 2);
      check(g, rng, 3);
    }
  }

  @Test
  void matchesThePlainLoopWithNaNsAndSignedZeros() {
    Rng rng = new Rng(5);
    for (int[] g : GEOMETRIES) check(g, rng, -1);
  }

  /** levels &gt; 0: values from {0..levels−1}; 0: Gaussian; −1: Gaussian mixed with NaN, ±0, ±inf. */
  private static void check(int[] g, Rng rng, int levels) {
    PoolGrid grid = new PoolGrid("max pool", Shape.of(2, g[3], g[4]), g[0], g[1], g[2]);
    int planes = 2;
    float[] x = new float[planes * g[3] * g[4]];
    float[] special = {Float.NaN, 0f, -0f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
    for (int i = 0; i < x.length; i++) {
      if (levels > 0) x[i] = rng.nextInt(levels);
      else if (levels < 0 && rng.nextInt(4) == 0) x[i] = special[rng.nextInt(special.length)];
      else x[i] = (float) rng.nextGaussian();
    }
    int outArea = grid.outHeight * grid.outWidth;
    float[] y = new float[planes * outArea];
    int[] argmax = new int[y.length];
    float[] expectedY = new float[y.length];
    int[] expectedArgmax = new int[y.length];
    MaxPoolKernel kernel = new MaxPoolKernel(grid);
    for (int p = 0; p < planes; p++) {
      kernel.pool(x, p * g[3] * g[4], y, argmax, p * outArea);
      plainLoop(grid, x, p * g[3] * g[4], expectedY, expectedArgmax, p * outArea);
    }
    String what = java.util.Arrays.toString(g) + " levels " + levels;
    assertArrayEquals(expectedArgmax, argmax, what);
    assertArrayEquals(expectedY, y, what);
  }

  /** The reference: MaxPool's original loop. */
  private static void plainLoop(PoolGrid grid, float[] src, int in, float[] dst, int[] argmax, int out) {
    for (int oh = 0; oh < grid.outHeight; oh++) {
      int h0 = Math.max(oh * grid.stride - grid.pad, 0);
      int h1 = Math.min(oh * grid.stride - grid.pad + grid.kernel, grid.height);
      for (int ow = 0; ow < grid.outWidth; ow++) {
        int w0 = Math.max(ow * grid.stride - grid.pad, 0);
        int w1 = Math.min(ow * grid.stride - grid.pad + grid.kernel, grid.width);
        int best = in + h0 * grid.width + w0;
        for (int h = h0; h < h1; h++) {
          for (int i = in + h * grid.width + w0, end = i + w1 - w0; i < end; i++) {
            if (src[i] > src[best]) best = i;
          }
        }
        int o = out + oh * grid.outWidth + ow;
        dst[o] = src[best];
        argmax[o] = best;
      }
    }
  }
}
