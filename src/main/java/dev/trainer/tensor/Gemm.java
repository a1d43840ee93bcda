package dev.trainer.tensor;

/**
 * Single-precision matrix products on row-major arrays with offsets, the three that conv and
 * fully connected layers need. Every method computes {@code C = A·B} (or with a transposed
 * operand), or adds the product into C when {@code accumulate} is true. Leading dimensions are
 * the natural ones (the number of columns of each stored matrix).
 *
 * <p>Reference implementation; to be replaced by the blocked Vector API kernel.
 */
public final class Gemm {
  private Gemm() {}

  /** C[m×n] (+)= A[m×k] · B[k×n]. */
  public static void mult(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] c, int cOff, boolean accumulate) {
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * n;
      if (!accumulate) java.util.Arrays.fill(c, ci, ci + n, 0f);
      for (int p = 0; p < k; p++) {
        float aip = a[aOff + i * k + p];
        int bp = bOff + p * n;
        for (int j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
      }
    }
  }

  /** C[m×n] (+)= A[k×m]ᵀ · B[k×n]. */
  public static void multTransA(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] c, int cOff, boolean accumulate) {
    if (!accumulate) java.util.Arrays.fill(c, cOff, cOff + m * n, 0f);
    for (int p = 0; p < k; p++) {
      for (int i = 0; i < m; i++) {
        float api = a[aOff + p * m + i];
        int ci = cOff + i * n;
        int bp = bOff + p * n;
        for (int j = 0; j < n; j++) c[ci + j] += api * b[bp + j];
      }
    }
  }

  /** C[m×n] (+)= A[m×k] · B[n×k]ᵀ. */
  public static void multTransB(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] c, int cOff, boolean accumulate) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float s = 0;
        for (int p = 0; p < k; p++) s += a[aOff + i * k + p] * b[bOff + j * k + p];
        int idx = cOff + i * n + j;
        c[idx] = accumulate ? c[idx] + s : s;
      }
    }
  }
}
