package dev.trainer.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision matrix products on row-major arrays with offsets, the three that conv and
 * fully connected layers need. Every method computes {@code C = A·B} (or with a transposed
 * operand), or adds the product into C when {@code accumulate} is true. Leading dimensions are
 * the natural ones (the number of columns of each stored matrix).
 *
 * <p>Blocked GEMM in the Goto/BLIS style with the Vector API:
 *
 * <pre>
 *   C is cut into parts (row block × column block), run on {@link Parallel}.
 *   per part, for each K block of KC:
 *     pack B[KC × nc] into panels KC × NR   (NR = two vectors, 32 floats with AVX-512)
 *     pack A[mc × KC] into panels MR × KC   (MR = 4 rows, stored column by column)
 *     for each B panel, for each A panel: micro-kernel C[4 × NR] += Apanel · Bpanel
 *   micro-kernel: 8 vector accumulators; per k: 2 loads of B, 4 broadcasts of A, 8 FMAs.
 * </pre>
 *
 * The transposed products only pack differently, so one micro-kernel serves all three. Each C
 * element is summed in the same order (k ascending, K blocks in turn, starting from C when
 * accumulating) whatever the part it falls in, so results are bit-identical for any thread
 * count. Edge tiles run the same kernel on a zero-padded copy. Very small products take a plain
 * loop instead. Packing buffers are per thread and grow on demand.
 */
public final class Gemm {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final int MR = 4;
  private static final int NR = 2 * L;
  private static final int KC = 256;
  private static final int MC = 128;
  private static final int NC = 512;
  /** Below this many multiply-adds the plain loops win over packing. */
  private static final long SMALL = 32L * 32 * 32;
  /** Above this many multiply-adds the product is cut into at least MIN_PARTS parts. */
  private static final long SPLIT = 1L << 18;
  private static final int MIN_PARTS = 4;

  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  private Gemm() {}

  /** C[m×n] (+)= A[m×k] · B[k×n]. */
  public static void mult(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] c, int cOff, boolean accumulate) {
    run(false, false, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
  }

  /** C[m×n] (+)= A[k×m]ᵀ · B[k×n]. */
  public static void multTransA(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] c, int cOff, boolean accumulate) {
    run(true, false, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
  }

  /** C[m×n] (+)= A[m×k] · B[n×k]ᵀ. */
  public static void multTransB(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] c, int cOff, boolean accumulate) {
    run(false, true, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
  }

  private static void run(boolean transA, boolean transB, int m, int n, int k, float[] a,
      int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
    if (m == 0 || n == 0) return;
    if (k == 0) {
      if (!accumulate) java.util.Arrays.fill(c, cOff, cOff + m * n, 0f);
      return;
    }
    long work = (long) m * n * k;
    if (work < SMALL) {
      Small.run(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
      return;
    }
    int rowBlocks = ceilDiv(m, MC);
    int colBlocks = ceilDiv(n, NC);
    while (work >= SPLIT && rowBlocks * colBlocks < MIN_PARTS) {
      boolean rowsSplittable = ceilDiv(m, rowBlocks) > MR;
      boolean colsSplittable = ceilDiv(n, colBlocks) > NR;
      if (colsSplittable && (!rowsSplittable || n >= m)) colBlocks *= 2;
      else if (rowsSplittable) rowBlocks *= 2;
      else break;
    }
    int mc = roundUp(ceilDiv(m, rowBlocks), MR);
    int nc = roundUp(ceilDiv(n, colBlocks), NR);
    int rb = ceilDiv(m, mc);
    int cb = ceilDiv(n, nc);
    Parallel.forEach(rb * cb, part -> {
      int i0 = (part / cb) * mc;
      int j0 = (part % cb) * nc;
      block(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate,
          i0, Math.min(m, i0 + mc), j0, Math.min(n, j0 + nc));
    });
  }

  /** Computes C[i0..i1, j0..j1] over all of K. */
  private static void block(boolean transA, boolean transB, int m, int n, int k, float[] a,
      int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate,
      int i0, int i1, int j0, int j1) {
    Buffers buf = BUFFERS.get();
    int aPanels = ceilDiv(i1 - i0, MR);
    int bPanels = ceilDiv(j1 - j0, NR);
    float[] pa = buf.packedA(aPanels * MR * Math.min(k, KC));
    float[] pb = buf.packedB(bPanels * NR * Math.min(k, KC));
    for (int p0 = 0; p0 < k; p0 += KC) {
      int kc = Math.min(KC, k - p0);
      boolean load = accumulate || p0 > 0;
      if (transA) packAT(a, aOff, m, p0, kc, i0, i1, pa);
      else packA(a, aOff, k, p0, kc, i0, i1, pa);
      if (transB) packBT(b, bOff, k, p0, kc, j0, j1, pb);
      else packB(b, bOff, n, p0, kc, j0, j1, pb);
      for (int jp = 0; jp < bPanels; jp++) {
        int j = j0 + jp * NR;
        int cols = Math.min(NR, j1 - j);
        for (int ip = 0; ip < aPanels; ip++) {
          int i = i0 + ip * MR;
          int rows = Math.min(MR, i1 - i);
          int ai = ip * MR * kc;
          int bi = jp * NR * kc;
          if (rows == MR && cols == NR) {
            kernel(kc, pa, ai, pb, bi, c, cOff + i * n + j, n, load);
          } else {
            edge(kc, pa, ai, pb, bi, c, cOff + i * n + j, n, rows, cols, load, buf.tile);
          }
        }
      }
    }
  }

  /** A[i0..i1, p0..p0+kc] (A is m×k, row-major) into MR-row panels, column by column. */
  private static void packA(float[] a, int aOff, int k, int p0, int kc, int i0, int i1,
      float[] dst) {
    int d = 0;
    for (int i = i0; i < i1; i += MR) {
      int rows = Math.min(MR, i1 - i);
      for (int r = 0; r < MR; r++) {
        int di = d + r;
        if (r < rows) {
          int src = aOff + (i + r) * k + p0;
          for (int p = 0; p < kc; p++, di += MR) dst[di] = a[src + p];
        } else {
          for (int p = 0; p < kc; p++, di += MR) dst[di] = 0f;
        }
      }
      d += MR * kc;
    }
  }

  /** Same panels for Aᵀ, where A is stored k×m. */
  private static void packAT(float[] a, int aOff, int m, int p0, int kc, int i0, int i1,
      float[] dst) {
    int d = 0;
    for (int i = i0; i < i1; i += MR) {
      int rows = Math.min(MR, i1 - i);
      for (int p = 0; p < kc; p++, d += MR) {
        int src = aOff + (p0 + p) * m + i;
        for (int r = 0; r < rows; r++) dst[d + r] = a[src + r];
        for (int r = rows; r < MR; r++) dst[d + r] = 0f;
      }
    }
  }

  /** B[p0..p0+kc, j0..j1] (B is k×n, row-major) into NR-column panels, row by row. */
  private static void packB(float[] b, int bOff, int n, int p0, int kc, int j0, int j1,
      float[] dst) {
    int d = 0;
    for (int j = j0; j < j1; j += NR) {
      int cols = Math.min(NR, j1 - j);
      for (int p = 0; p < kc; p++, d += NR) {
        int src = bOff + (p0 + p) * n + j;
        if (cols == NR) {
          FloatVector.fromArray(S, b, src).intoArray(dst, d);
          FloatVector.fromArray(S, b, src + L).intoArray(dst, d + L);
        } else {
          for (int q = 0; q < cols; q++) dst[d + q] = b[src + q];
          for (int q = cols; q < NR; q++) dst[d + q] = 0f;
        }
      }
    }
  }

  /** Same panels for Bᵀ, where B is stored n×k. */
  private static void packBT(float[] b, int bOff, int k, int p0, int kc, int j0, int j1,
      float[] dst) {
    int d = 0;
    for (int j = j0; j < j1; j += NR) {
      int cols = Math.min(NR, j1 - j);
      for (int q = 0; q < NR; q++) {
        int di = d + q;
        if (q < cols) {
          int src = bOff + (j + q) * k + p0;
          for (int p = 0; p < kc; p++, di += NR) dst[di] = b[src + p];
        } else {
          for (int p = 0; p < kc; p++, di += NR) dst[di] = 0f;
        }
      }
      d += NR * kc;
    }
  }

  /** A partial tile: the same kernel on a padded MR×NR copy of C, then copied back. */
  private static void edge(int kc, float[] pa, int ai, float[] pb, int bi, float[] c, int ci,
      int ldc, int rows, int cols, boolean load, float[] tile) {
    if (load) {
      java.util.Arrays.fill(tile, 0f);
      for (int r = 0; r < rows; r++) System.arraycopy(c, ci + r * ldc, tile, r * NR, cols);
    }
    kernel(kc, pa, ai, pb, bi, tile, 0, NR, load);
    for (int r = 0; r < rows; r++) System.arraycopy(tile, r * NR, c, ci + r * ldc, cols);
  }

  /**
   * C[4 × NR] at {@code ci} (row stride ldc) = (load ? C : 0) + Σ_p Apanel[p] ⊗ Bpanel[p], with
   * Apanel holding 4 floats per p and Bpanel NR floats per p.
   */
  private static void kernel(int kc, float[] pa, int ai, float[] pb, int bi, float[] c, int ci,
      int ldc, boolean load) {
    FloatVector c00;
    FloatVector c01;
    FloatVector c10;
    FloatVector c11;
    FloatVector c20;
    FloatVector c21;
    FloatVector c30;
    FloatVector c31;
    int r1 = ci + ldc;
    int r2 = r1 + ldc;
    int r3 = r2 + ldc;
    if (load) {
      c00 = FloatVector.fromArray(S, c, ci);
      c01 = FloatVector.fromArray(S, c, ci + L);
      c10 = FloatVector.fromArray(S, c, r1);
      c11 = FloatVector.fromArray(S, c, r1 + L);
      c20 = FloatVector.fromArray(S, c, r2);
      c21 = FloatVector.fromArray(S, c, r2 + L);
      c30 = FloatVector.fromArray(S, c, r3);
      c31 = FloatVector.fromArray(S, c, r3 + L);
    } else {
      c00 = FloatVector.zero(S);
      c01 = c00;
      c10 = c00;
      c11 = c00;
      c20 = c00;
      c21 = c00;
      c30 = c00;
      c31 = c00;
    }
    for (int p = 0; p < kc; p++, ai += MR, bi += NR) {
      FloatVector b0 = FloatVector.fromArray(S, pb, bi);
      FloatVector b1 = FloatVector.fromArray(S, pb, bi + L);
      FloatVector a0 = FloatVector.broadcast(S, pa[ai]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      FloatVector a1 = FloatVector.broadcast(S, pa[ai + 1]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      FloatVector a2 = FloatVector.broadcast(S, pa[ai + 2]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      FloatVector a3 = FloatVector.broadcast(S, pa[ai + 3]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
    }
    c00.intoArray(c, ci);
    c01.intoArray(c, ci + L);
    c10.intoArray(c, r1);
    c11.intoArray(c, r1 + L);
    c20.intoArray(c, r2);
    c21.intoArray(c, r2 + L);
    c30.intoArray(c, r3);
    c31.intoArray(c, r3 + L);
  }

  private static int ceilDiv(int x, int y) {
    return (x + y - 1) / y;
  }

  private static int roundUp(int x, int multiple) {
    return ceilDiv(x, multiple) * multiple;
  }

  /** Per-thread packing buffers, grown on demand and kept. */
  private static final class Buffers {
    final float[] tile = new float[MR * NR];
    private float[] a = new float[0];
    private float[] b = new float[0];

    float[] packedA(int size) {
      if (a.length < size) a = new float[size];
      return a;
    }

    float[] packedB(int size) {
      if (b.length < size) b = new float[size];
      return b;
    }
  }

  /** Plain loops for products too small to repay packing. */
  private static final class Small {
    private Small() {}

    static void run(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff,
        float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
      if (!accumulate) java.util.Arrays.fill(c, cOff, cOff + m * n, 0f);
      for (int i = 0; i < m; i++) {
        int ci = cOff + i * n;
        for (int p = 0; p < k; p++) {
          float aip = transA ? a[aOff + p * m + i] : a[aOff + i * k + p];
          if (transB) {
            for (int j = 0; j < n; j++) c[ci + j] += aip * b[bOff + j * k + p];
          } else {
            int bp = bOff + p * n;
            for (int j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
          }
        }
      }
    }
  }
}
