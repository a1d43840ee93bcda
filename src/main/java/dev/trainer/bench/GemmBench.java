package dev.trainer.bench;

import dev.trainer.UserError;
import dev.trainer.tensor.Gemm;
import dev.trainer.tensor.Parallel;
import dev.trainer.tensor.Rng;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trainer bench gemm}: GFLOP/s (2·m·n·k flops per product) of {@link Gemm} on 1 and 2
 * threads beside EJML's single-threaded {@code CommonOps_FDRM} on the same products. Shapes:
 * square 512 and 1024, and the two large NIN conv layers (5×5×3 → 192 on 32×32 maps, and
 * 5×5×96 → 192 on 16×16 maps) as im2col products for a batch of 8 samples, forward (W·col) and
 * the two backward products (dW = dY·colᵀ, dcol = Wᵀ·dY). Each measurement warms up, then times
 * {@code --repeats} runs of enough calls to last about 50 ms and reports the median. Wall-clock
 * time: on a shared machine other processes lower the numbers.
 */
@Command(name = "gemm", mixinStandardHelpOptions = true,
    description = "GFLOP/s of the project GEMM (1 and 2 threads) and of EJML on square and "
        + "NIN conv shapes.")
public final class GemmBench implements Callable<Integer> {
  private static final int BATCH = 8;
  private static final long JIT_WARMUP_NANOS = 1_000_000_000L;
  private static final long WARMUP_NANOS = 200_000_000L;
  private static final long REPEAT_NANOS = 50_000_000L;
  /** EJML is left out on a shape where a single call takes longer than this. */
  private static final long EJML_MAX_CALL_NANOS = 1_500_000_000L;
  private static final int[] THREADS = {1, 2};

  @Option(names = "--csv", description = "Print rows shape,threads,impl,gflops instead of a table.")
  boolean csv;

  @Option(names = "--repeats", defaultValue = "5", paramLabel = "N",
      description = "Timed repeats per measurement; the median is reported (default: ${DEFAULT-VALUE}).")
  int repeats;

  enum Product { AB, ATB, ABT }

  /** One product C[m×n] = op(A)·op(B) with inner dimension k. */
  record Case(String name, String formula, Product product, int m, int n, int k) {
    double flops() {
      return 2.0 * m * n * k;
    }

    String label() {
      return name + " " + formula;
    }
  }

  static List<Case> cases() {
    int n1 = 1024 * BATCH;
    int n2 = 256 * BATCH;
    return List.of(
        new Case("square512", "A*B 512x512*512x512", Product.AB, 512, 512, 512),
        new Case("square1024", "A*B 1024x1024*1024x1024", Product.AB, 1024, 1024, 1024),
        new Case("conv1.fwd", "W*col 192x75*75x" + n1, Product.AB, 192, n1, 75),
        new Case("conv1.dW", "dY*col^T 192x" + n1 + "*(75x" + n1 + ")^T", Product.ABT,
            192, 75, n1),
        new Case("conv1.dcol", "W^T*dY (192x75)^T*192x" + n1, Product.ATB, 75, n1, 192),
        new Case("conv2.fwd", "W*col 192x2400*2400x" + n2, Product.AB, 192, n2, 2400),
        new Case("conv2.dW", "dY*col^T 192x" + n2 + "*(2400x" + n2 + ")^T", Product.ABT,
            192, 2400, n2),
        new Case("conv2.dcol", "W^T*dY (192x2400)^T*192x" + n2, Product.ATB, 2400, n2, 192));
  }

  @Override
  public Integer call() {
    if (repeats < 1) throw new UserError("bench gemm: --repeats must be >= 1, got " + repeats, 2);
    PrintStream out = System.out;
    int savedThreads = Parallel.threads();
    try {
      if (csv) {
        out.println("shape,threads,impl,gflops");
      } else {
        out.printf(Locale.ROOT, "GEMM float32, GFLOP/s = 2*m*n*k / time, median of %d repeats "
            + "after warm-up.%n", repeats);
        out.printf(Locale.ROOT, "conv shapes: NIN conv1 (5x5x3->192, 32x32) and conv2 "
            + "(5x5x96->192, 16x16) as im2col products for a batch of %d samples%n"
            + "(N = 1024*%d and 256*%d columns; a batch of 128 has 16x the columns).%n",
            BATCH, BATCH, BATCH);
        out.println("ejml = CommonOps_FDRM (single-threaded); '-' = too slow, skipped.");
        out.printf(Locale.ROOT, "%-11s %-38s %8s %8s %8s%n",
            "shape", "product", "gemm 1t", "gemm 2t", "ejml 1t");
      }
      warmUpJit();
      for (Case c : cases()) runCase(c, out);
    } finally {
      Parallel.setThreads(savedThreads);
    }
    return 0;
  }

  /**
   * Runs all three products on a mid-size shape with edges for about a second, so the Vector API
   * kernels are compiled before the first measurement (interpreted, they are ~100x slower).
   */
  private static void warmUpJit() {
    Rng rng = new Rng(2);
    int m = 130;
    int n = 300;
    int k = 270;
    float[] a = random(m * k, rng);
    float[] b = random(k * n, rng);
    float[] result = new float[m * n];
    long start = System.nanoTime();
    while (System.nanoTime() - start < JIT_WARMUP_NANOS) {
      for (Product product : Product.values()) {
        gemm(new Case("warm-up", "", product, m, n, k), a, b, result);
      }
    }
  }

  private void runCase(Case c, PrintStream out) {
    Rng rng = new Rng(1);
    int aRows = c.product == Product.ATB ? c.k : c.m;
    int aCols = c.product == Product.ATB ? c.m : c.k;
    int bRows = c.product == Product.ABT ? c.n : c.k;
    int bCols = c.product == Product.ABT ? c.k : c.n;
    float[] a = random(aRows * aCols, rng);
    float[] b = random(bRows * bCols, rng);
    float[] result = new float[c.m * c.n];
    double[] gemm = new double[THREADS.length];
    for (int t = 0; t < THREADS.length; t++) {
      Parallel.setThreads(THREADS[t]);
      gemm[t] = measure(c.flops(), Long.MAX_VALUE, () -> gemm(c, a, b, result));
      if (csv) row(out, c, THREADS[t], "gemm", gemm[t]);
    }
    FMatrixRMaj ma = FMatrixRMaj.wrap(aRows, aCols, a);
    FMatrixRMaj mb = FMatrixRMaj.wrap(bRows, bCols, b);
    FMatrixRMaj mc = FMatrixRMaj.wrap(c.m, c.n, result);
    double ejml = measure(c.flops(), EJML_MAX_CALL_NANOS, () -> ejml(c.product, ma, mb, mc));
    if (csv) {
      if (!Double.isNaN(ejml)) row(out, c, 1, "ejml", ejml);
    } else {
      out.printf(Locale.ROOT, "%-11s %-38s %8.1f %8.1f %8s%n", c.name, c.formula, gemm[0],
          gemm[1], Double.isNaN(ejml) ? "-" : String.format(Locale.ROOT, "%.1f", ejml));
    }
    out.flush();
  }

  private static void row(PrintStream out, Case c, int threads, String impl, double gflops) {
    out.printf(Locale.ROOT, "%s,%d,%s,%.2f%n", c.label(), threads, impl, gflops);
  }

  private static void gemm(Case c, float[] a, float[] b, float[] result) {
    switch (c.product) {
      case AB -> Gemm.mult(c.m, c.n, c.k, a, 0, b, 0, result, 0, false);
      case ATB -> Gemm.multTransA(c.m, c.n, c.k, a, 0, b, 0, result, 0, false);
      case ABT -> Gemm.multTransB(c.m, c.n, c.k, a, 0, b, 0, result, 0, false);
    }
  }

  private static void ejml(Product product, FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
    switch (product) {
      case AB -> CommonOps_FDRM.mult(a, b, c);
      case ATB -> CommonOps_FDRM.multTransA(a, b, c);
      case ABT -> CommonOps_FDRM.multTransB(a, b, c);
    }
  }

  /**
   * Median GFLOP/s over the repeats, or NaN when the first call takes longer than
   * {@code maxCallNanos}.
   */
  private double measure(double flops, long maxCallNanos, Runnable call) {
    long start = System.nanoTime();
    call.run();
    if (System.nanoTime() - start > maxCallNanos) return Double.NaN;
    int calls = 1;
    while (calls < 3 || System.nanoTime() - start < WARMUP_NANOS) {
      call.run();
      calls++;
    }
    double nanosPerCall = (double) (System.nanoTime() - start) / calls;
    int inner = (int) Math.max(1, Math.round(REPEAT_NANOS / nanosPerCall));
    double[] gflops = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < inner; i++) call.run();
      gflops[r] = flops * inner / (System.nanoTime() - t0);
    }
    Arrays.sort(gflops);
    return repeats % 2 == 1 ? gflops[repeats / 2]
        : (gflops[repeats / 2 - 1] + gflops[repeats / 2]) / 2;
  }

  private static float[] random(int size, Rng rng) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) x[i] = 2 * rng.nextFloat() - 1;
    return x;
  }
}
