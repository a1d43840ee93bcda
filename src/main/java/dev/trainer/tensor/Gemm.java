package dev.trainer.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision matrix products on row-major arrays with offsets, the three that conv and
 * fully connected layers need. Every method computes {@code C = A·B} (or with a transposed
 * operand), or adds the product into C when {@code accumulate} is true. Leading dimensions are
 * the natural ones (the number of columns of each stored matrix).
 *
 * <p>Blocked GEMM in the Goto/BLIS style with the Vector API (NR = two vectors: 32 floats with
 * AVX-512; MR = 4 rows):
 *
 * <pre>
 *   C is cut into parts (column ranges, or row ranges when C is narrow), run on {@link Parallel}
 *   (not inside a part of another parallel call: there the product runs whole on that thread).
 *   per part, for each block of NC columns, for each block of KC (256) values of k:
 *     pack B[KC × NC] into panels of KC × NR, row by row (the panel stays in L1)
 *     for each block of MC rows (A block stays in L2), each B panel, each 4 rows i:
 *       micro-kernel  C[i..i+4, panel] += A[i..i+4, block] · Bpanel
 *   micro-kernel: 8 vector accumulators (4 rows × 2 vectors); per k: 2 loads of B,
 *   4 broadcasts of A, 8 FMAs; two k per loop iteration.
 * </pre>
 *
 * A is read in place, row by row; Aᵀ is first transposed into a per-thread buffer (m·k copies
 * against m·n·k multiply-adds), and only the ragged last rows are copied into a zero-padded
 * block. Bᵀ is packed into the same panel layout as B, so one micro-kernel serves all three
 * products. Partial tiles run the same kernel on a padded copy of C.
 *
 * <p>Determinism: every C element gets the same operations whatever the part or tile it falls in
 * (start from C when accumulating or 0, FMAs over k ascending, one store per K block), so the
 * result does not depend on how C is split, hence not on the thread count. Products below
 * {@link #SMALL} multiply-adds take a plain loop (chosen by size only). Packing buffers are per
 * thread and grow on demand, so steady state allocates nothing large.
 */
public final class Gemm {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final int MR = 4;
  private static final int NR = 2 * L;
  private static final int KC = 256;
  private static final int MC = 256;
  private static final int NC = 512;
  /** Below this many multiply-adds (about 6×6×6) plain loops beat the packing overhead. */
  private static final long SMALL = 256;
  /**
   * Above this many multiply-adds (about 40 µs on one core) the product is split into parts for
   * the threads; below, waking another thread and sharing C's cache lines cost more than they save
   * (the MLP's 128×10×256 output layer, 0.3 M, ran slower on 2 threads than on 1).
   */
  private static final long SPLIT = 1L << 21;
  /**
   * Parts per thread when C is split by columns (cheap: A is read in place) or, for narrow C, by
   * rows (each part packs all of B). More parts than threads even out a busy machine.
   */
  private static final int COLUMN_PARTS = 4;
  private static final int ROW_PARTS = 2;

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
    if (transA) {
      float[] t = BUFFERS.get().transposedA(m * k);
      transpose(a, aOff, k, m, t);
      run(false, transB, m, n, k, t, 0, b, bOff, c, cOff, accumulate);
      return;
    }
    int rowPanels = ceilDiv(m, MR);
    int colPanels = ceilDiv(n, NR);
    int threads = work < SPLIT ? 1 : Parallel.available();
    boolean splitColumns = threads > 1 && colPanels >= 2 * threads;
    boolean splitRows = threads > 1 && !splitColumns;
    int colBlocks = splitColumns ? Math.min(COLUMN_PARTS * threads, colPanels / 2) : 1;
    int rowBlocks = splitRows ? Math.max(1, Math.min(ROW_PARTS * threads, rowPanels / 8)) : 1;
    if (rowBlocks * colBlocks == 1) {
      block(transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate, 0, m, 0, n);
      return;
    }
    Parallel.forEach(rowBlocks * colBlocks, part -> {
      int ib = part / colBlocks;
      int jb = part % colBlocks;
      int i0 = MR * (int) ((long) ib * rowPanels / rowBlocks);
      int i1 = Math.min(m, MR * (int) ((long) (ib + 1) * rowPanels / rowBlocks));
      int j0 = NR * (int) ((long) jb * colPanels / colBlocks);
      int j1 = Math.min(n, NR * (int) ((long) (jb + 1) * colPanels / colBlocks));
      block(transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate, i0, i1, j0, j1);
    });
  }

  /** Computes C[i0..i1, j0..j1] = A[m×k]·B (or ·Bᵀ) over all of K. */
  private static void block(boolean transB, int m, int n, int k, float[] a,
      int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate,
      int i0, int i1, int j0, int j1) {
    Buffers buf = BUFFERS.get();
    float[] pb = buf.packedB(NR * ceilDiv(Math.min(NC, j1 - j0), NR) * Math.min(k, KC));
    float[] edgeA = buf.edgeA;
    int ragged = (i1 - i0) % MR;
    int iFull = i1 - ragged;
    for (int jc = j0; jc < j1; jc += NC) {
      int jcEnd = Math.min(j1, jc + NC);
      int panels = ceilDiv(jcEnd - jc, NR);
      for (int p0 = 0; p0 < k; p0 += KC) {
        int kc = Math.min(KC, k - p0);
        boolean load = accumulate || p0 > 0;
        if (transB) packBT(b, bOff, k, p0, kc, jc, jcEnd, pb);
        else packB(b, bOff, n, p0, kc, jc, jcEnd, pb);
        if (ragged > 0) packEdgeA(a, aOff + iFull * k + p0, k, kc, ragged, edgeA);
        int aBase = aOff + p0;
        for (int ic = i0; ic < i1; ic += MC) {
          int icEnd = Math.min(i1, ic + MC);
          for (int jp = 0; jp < panels; jp++) {
            int j = jc + jp * NR;
            int cols = Math.min(NR, jcEnd - j);
            int bi = jp * NR * kc;
            for (int i = ic; i < icEnd; i += MR) {
              int ci = cOff + i * n + j;
              if (i == iFull) {
                edge(kc, edgeA, 0, kc, pb, bi, c, ci, n, ragged, cols, load, buf.tile);
              } else if (cols < NR) {
                edge(kc, a, aBase + i * k, k, pb, bi, c, ci, n, MR, cols, load, buf.tile);
              } else {
                kernel(kc, a, aBase + i * k, k, pb, bi, c, ci, n, load);
              }
            }
          }
        }
      }
    }
  }

  /**
   * The last {@code rows} (< MR) rows of a kc-column block of A (from {@code src}, row stride
   * lda), zero-padded to MR rows of kc floats.
   */
  private static void packEdgeA(float[] a, int src, int lda, int kc, int rows, float[] dst) {
    for (int r = 0; r < rows; r++) System.arraycopy(a, src + r * lda, dst, r * kc, kc);
    java.util.Arrays.fill(dst, rows * kc, MR * kc, 0f);
  }

  /**
   * dst[cols × rows] = Aᵀ for A[rows × cols] stored from {@code aOff}. In strips of 16 columns,
   * four rows at a time, so each destination row gets four adjacent floats per visit and a strip
   * touches only 16 destination rows (large power-of-two strides otherwise evict each other from
   * L1: 512×512 took 2.4 ns per float in 32×32 blocks, 0.5 ns this way).
   */
  public static void transpose(float[] a, int aOff, int rows, int cols, float[] dst) {
    int rows4 = rows - rows % 4;
    for (int c0 = 0; c0 < cols; c0 += 16) {
      int c1 = Math.min(cols, c0 + 16);
      for (int r = 0; r < rows4; r += 4) {
        int s0 = aOff + r * cols;
        for (int j = c0; j < c1; j++) {
          int d = j * rows + r;
          dst[d] = a[s0 + j];
          dst[d + 1] = a[s0 + cols + j];
          dst[d + 2] = a[s0 + 2 * cols + j];
          dst[d + 3] = a[s0 + 3 * cols + j];
        }
      }
      for (int r = rows4; r < rows; r++) {
        for (int j = c0; j < c1; j++) dst[j * rows + r] = a[aOff + r * cols + j];
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

  /**
   * A partial tile: the kernel on a zero-padded MR×NR copy of C, then copied back; only the first
   * vector of the panel when that covers the columns. Each element sees the same operations as in
   * a full tile.
   */
  private static void edge(int kc, float[] a, int ai, int lda, float[] pb, int bi,
      float[] c, int ci, int ldc, int rows, int cols, boolean load, float[] tile) {
    if (load) {
      java.util.Arrays.fill(tile, 0f);
      for (int r = 0; r < rows; r++) System.arraycopy(c, ci + r * ldc, tile, r * NR, cols);
    }
    if (cols <= L) narrowKernel(kc, a, ai, lda, pb, bi, tile, 0, NR, load);
    else kernel(kc, a, ai, lda, pb, bi, tile, 0, NR, load);
    for (int r = 0; r < rows; r++) System.arraycopy(tile, r * NR, c, ci + r * ldc, cols);
  }

  /**
   * C[4 × NR] at {@code ci} (row stride ldc) = (load ? C : 0) + Σ_p A[0..4, p] ⊗ Bpanel[p], with
   * A's 4 rows of kc floats from {@code ai} (row stride lda) and Bpanel holding NR floats per p.
   *
   * <p>The loop has one index, p, and only constant steps from it, so C2 hoists the bounds checks
   * and the loop fits in the x86 registers. With strided A (an A stride and a k stride, both
   * variables) C2 sometimes spilled the B index to the stack: a store and reload on the
   * loop-carried chain that halved the FMA rate for the life of that JVM (about 90 against 175
   * GFLOP/s on one core, in about half the JVMs). Two k steps per iteration (16 FMAs) hide what
   * spill a compilation still picks; an odd last k takes a third copy of the step (sending it
   * through {@link #narrowKernel} instead cost 10–20 % on conv1's 32×1024×75 product).
   */
  private static void kernel(int kc, float[] a, int ai, int lda, float[] pb,
      int bi, float[] c, int ci, int ldc, boolean load) {
    int a1 = ai + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
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
    int p = 0;
    for (; p < kc - 1; p += 2) {
      int b = bi + p * NR;
      FloatVector b0 = FloatVector.fromArray(S, pb, b);
      FloatVector b1 = FloatVector.fromArray(S, pb, b + L);
      FloatVector x0 = FloatVector.broadcast(S, a[ai + p]);
      FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
      FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
      FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
      c00 = x0.fma(b0, c00);
      c01 = x0.fma(b1, c01);
      c10 = x1.fma(b0, c10);
      c11 = x1.fma(b1, c11);
      c20 = x2.fma(b0, c20);
      c21 = x2.fma(b1, c21);
      c30 = x3.fma(b0, c30);
      c31 = x3.fma(b1, c31);
      b0 = FloatVector.fromArray(S, pb, b + NR);
      b1 = FloatVector.fromArray(S, pb, b + NR + L);
      x0 = FloatVector.broadcast(S, a[ai + p + 1]);
      x1 = FloatVector.broadcast(S, a[a1 + p + 1]);
      x2 = FloatVector.broadcast(S, a[a2 + p + 1]);
      x3 = FloatVector.broadcast(S, a[a3 + p + 1]);
      c00 = x0.fma(b0, c00);
      c01 = x0.fma(b1, c01);
      c10 = x1.fma(b0, c10);
      c11 = x1.fma(b1, c11);
      c20 = x2.fma(b0, c20);
      c21 = x2.fma(b1, c21);
      c30 = x3.fma(b0, c30);
      c31 = x3.fma(b1, c31);
    }
    if (p < kc) {
      FloatVector b0 = FloatVector.fromArray(S, pb, bi + p * NR);
      FloatVector b1 = FloatVector.fromArray(S, pb, bi + p * NR + L);
      FloatVector x0 = FloatVector.broadcast(S, a[ai + p]);
      FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
      FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
      FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
      c00 = x0.fma(b0, c00);
      c01 = x0.fma(b1, c01);
      c10 = x1.fma(b0, c10);
      c11 = x1.fma(b1, c11);
      c20 = x2.fma(b0, c20);
      c21 = x2.fma(b1, c21);
      c30 = x3.fma(b0, c30);
      c31 = x3.fma(b1, c31);
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

  /** {@link #kernel} for the first L columns of a panel only: C[4 × L]. */
  private static void narrowKernel(int kc, float[] a, int ai, int lda, float[] pb,
      int bi, float[] c, int ci, int ldc, boolean load) {
    int a1 = ai + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    FloatVector c0;
    FloatVector c1;
    FloatVector c2;
    FloatVector c3;
    int r1 = ci + ldc;
    int r2 = r1 + ldc;
    int r3 = r2 + ldc;
    if (load) {
      c0 = FloatVector.fromArray(S, c, ci);
      c1 = FloatVector.fromArray(S, c, r1);
      c2 = FloatVector.fromArray(S, c, r2);
      c3 = FloatVector.fromArray(S, c, r3);
    } else {
      c0 = FloatVector.zero(S);
      c1 = c0;
      c2 = c0;
      c3 = c0;
    }
    for (int p = 0; p < kc; p++) {
      FloatVector b0 = FloatVector.fromArray(S, pb, bi + p * NR);
      c0 = FloatVector.broadcast(S, a[ai + p]).fma(b0, c0);
      c1 = FloatVector.broadcast(S, a[a1 + p]).fma(b0, c1);
      c2 = FloatVector.broadcast(S, a[a2 + p]).fma(b0, c2);
      c3 = FloatVector.broadcast(S, a[a3 + p]).fma(b0, c3);
    }
    c0.intoArray(c, ci);
    c1.intoArray(c, r1);
    c2.intoArray(c, r2);
    c3.intoArray(c, r3);
  }

  private static int ceilDiv(int x, int y) {
    return (x + y - 1) / y;
  }

  /** Per-thread packing buffers, grown on demand and kept. */
  private static final class Buffers {
    final float[] tile = new float[MR * NR];
    final float[] edgeA = new float[MR * KC];
    private float[] b = new float[0];
    private float[] at = new float[0];

    float[] packedB(int size) {
      if (b.length < size) b = new float[size];
      return b;
    }

    float[] transposedA(int size) {
      if (at.length < size) at = new float[size];
      return at;
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
