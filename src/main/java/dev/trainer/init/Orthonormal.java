package dev.trainer.init;

import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Tensor;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_FDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * Random orthonormal weights (Saxe, McClelland, Ganguli, ICLR 2014), the first step of LSUV. The
 * weight tensor is viewed as a matrix W with rows = output units / channels and cols = fan-in
 * (C_in·k·k for a convolution):
 *
 * <pre>
 *   G ~ N(0, 1)^{m×k} with m = max(rows, cols), k = min(rows, cols);  G = Q R  (thin QR)
 *   Q ← Q · diag(sign(R_jj))       (makes Q Haar-distributed, Mezzadri 2007)
 *   W = Qᵀ if rows ≤ cols (orthonormal rows),  W = Q if rows &gt; cols (orthonormal columns)
 * </pre>
 *
 * Mishkin &amp; Matas take U or V of the SVD of a Gaussian matrix; the thin QR gives the same
 * distribution at lower cost.
 */
public final class Orthonormal implements Initializer {

  @Override
  public String fill(Tensor w, Fan fan, Rng rng) {
    fill(w, rng);
    return "orthonormal " + w.shape().dim(0) + "x" + (w.size() / w.shape().dim(0));
  }

  /** Overwrites {@code w} with a random matrix whose rows (or columns, if taller than wide) are orthonormal. */
  public static void fill(Tensor w, Rng rng) {
    int rows = w.shape().dim(0);
    int cols = w.size() / rows;
    boolean wide = rows <= cols;
    int m = Math.max(rows, cols);
    int k = Math.min(rows, cols);
    FMatrixRMaj g = new FMatrixRMaj(m, k);
    for (int i = 0; i < g.data.length; i++) g.data[i] = (float) rng.nextGaussian();
    QRDecomposition<FMatrixRMaj> qr = DecompositionFactory_FDRM.qr(m, k);
    if (!qr.decompose(g)) throw new IllegalStateException("QR of a Gaussian " + m + "x" + k + " matrix failed");
    FMatrixRMaj q = qr.getQ(null, true);
    FMatrixRMaj r = qr.getR(null, true);
    for (int j = 0; j < k; j++) {
      float sign = r.get(j, j) < 0 ? -1f : 1f;
      for (int i = 0; i < m; i++) {
        float v = sign * q.get(i, j);
        if (wide) w.data[j * cols + i] = v;
        else w.data[i * cols + j] = v;
      }
    }
  }
}
