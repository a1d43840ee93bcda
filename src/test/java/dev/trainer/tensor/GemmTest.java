package dev.trainer.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The blocked GEMM against EJML on awkward shapes, and bit-identical across thread counts. */
class GemmTest {
  private static final int A_OFF = 3;
  private static final int B_OFF = 5;
  private static final int C_OFF = 7;
  private final int savedThreads = Parallel.threads();

  @AfterEach
  void restoreThreads() {
    Parallel.setThreads(savedThreads);
  }

  enum Product { AB, ATB, ABT }

  @ParameterizedTest(name = "{0}x{1}x{2}")
  @CsvSource({
      "1,1,1", "2,3,2", "1,1,300", "3,1,100", "7,13,17", "31,37,41", "1000,3,5", "3,1000,7", "64,64,1", "4,32,256",
      "65,33,257", "100,300,70", "270,530,300", "5,1030,3"})
  void allProductsAgreeWithEjml(int m, int n, int k) {
    Rng rng = new Rng(m * 1_000_003L + n * 1009L + k);
    for (Product product : Product.values()) {
      for (boolean accumulate : new boolean[] {false, true}) {
        checkAgainstEjml(product, m, n, k, accumulate, rng);
      }
    }
  }

  @Test
  void zeroKClearsOrKeepsC() {
    float[] c = {1, 2, 3, 4, 5};
    Gemm.mult(2, 2, 0, new float[0], 0, new float[0], 0, c, 1, true);
    assertArrayEquals(new float[] {1, 2, 3, 4, 5}, c);
    Gemm.multTransB(2, 2, 0, new float[0], 0, new float[0], 0, c, 1, false);
    assertArrayEquals(new float[] {1, 0, 0, 0, 0}, c);
  }

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"1,1", "1,40", "33,70", "64,32"})
  void transposeSwapsRowsAndColumns(int rows, int cols) {
    Rng rng = new Rng(rows * 100L + cols);
    float[] a = withOffset(random(rows * cols, rng), A_OFF);
    float[] t = new float[rows * cols];
    Gemm.transpose(a, A_OFF, rows, cols, t);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) assertEquals(a[A_OFF + r * cols + c], t[c * rows + r]);
    }
  }

  /** Wide C is split by columns, narrow C by rows; K spans several blocks; edges everywhere. */
  @ParameterizedTest(name = "{0}x{1}x{2}")
  @CsvSource({"70,390,530", "301,40,300"})
  void oneAndTwoThreadsAreBitIdentical(int m, int n, int k) {
    Rng rng = new Rng(11);
    float[] a = random(m * k, rng);
    float[] b = random(k * n, rng);
    float[] c0 = random(m * n, rng);
    for (Product product : Product.values()) {
      float[] one = c0.clone();
      float[] two = c0.clone();
      Parallel.setThreads(1);
      apply(product, m, n, k, a, 0, b, 0, one, 0, true);
      Parallel.setThreads(2);
      apply(product, m, n, k, a, 0, b, 0, two, 0, true);
      assertArrayEquals(one, two, product.toString());
    }
  }

  private static void checkAgainstEjml(Product product, int m, int n, int k, boolean accumulate,
      Rng rng) {
    boolean transA = product == Product.ATB;
    boolean transB = product == Product.ABT;
    FMatrixRMaj a = transA ? matrix(k, m, rng) : matrix(m, k, rng);
    FMatrixRMaj b = transB ? matrix(n, k, rng) : matrix(k, n, rng);
    FMatrixRMaj c0 = matrix(m, n, rng);
    FMatrixRMaj expected = new FMatrixRMaj(m, n);
    FMatrixRMaj scale = new FMatrixRMaj(m, n);
    multiply(product, a, b, expected);
    multiply(product, abs(a), abs(b), scale);
    if (accumulate) CommonOps_FDRM.addEquals(expected, c0);

    float[] aData = withOffset(a.data, A_OFF);
    float[] bData = withOffset(b.data, B_OFF);
    float[] cData = withOffset(c0.data, C_OFF);
    Arrays.fill(cData, 0, C_OFF, 42f);
    cData[cData.length - 1] = -42f;
    apply(product, m, n, k, aData, A_OFF, bData, B_OFF, cData, C_OFF, accumulate);

    for (int i = 0; i < C_OFF; i++) assertEquals(42f, cData[i], "wrote before C");
    assertEquals(-42f, cData[cData.length - 1], "wrote after C");
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double magnitude = scale.get(i, j) + (accumulate ? Math.abs(c0.get(i, j)) : 0);
        double tolerance = 1e-4 * (1 + magnitude);
        float actual = cData[C_OFF + i * n + j];
        int row = i;
        int col = j;
        assertTrue(Math.abs(actual - expected.get(i, j)) <= tolerance, () -> product
            + " accumulate=" + accumulate + " C[" + row + "," + col + "] = " + actual + ", EJML "
            + expected.get(row, col));
      }
    }
  }

  private static void multiply(Product product, FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
    switch (product) {
      case AB -> CommonOps_FDRM.mult(a, b, c);
      case ATB -> CommonOps_FDRM.multTransA(a, b, c);
      case ABT -> CommonOps_FDRM.multTransB(a, b, c);
    }
  }

  private static FMatrixRMaj abs(FMatrixRMaj x) {
    FMatrixRMaj y = x.copy();
    CommonOps_FDRM.abs(y);
    return y;
  }

  private static void apply(Product product, int m, int n, int k, float[] a, int aOff,
      float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
    switch (product) {
      case AB -> Gemm.mult(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
      case ATB -> Gemm.multTransA(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
      case ABT -> Gemm.multTransB(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    }
  }

  private static FMatrixRMaj matrix(int rows, int cols, Rng rng) {
    return new FMatrixRMaj(rows, cols, true, random(rows * cols, rng));
  }

  private static float[] random(int size, Rng rng) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) x[i] = 2 * rng.nextFloat() - 1;
    return x;
  }

  /** The values placed at {@code off} in a larger array with one guard value after them. */
  private static float[] withOffset(float[] values, int off) {
    float[] x = new float[off + values.length + 1];
    System.arraycopy(values, 0, x, off, values.length);
    return x;
  }
}
