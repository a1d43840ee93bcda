package dev.trainer.data;

import dev.trainer.tensor.Gemm;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * ZCA whitening (Bell &amp; Sejnowski 1997) as in pylearn2's {@code ZCA} preprocessor used for the
 * Maxout/NIN CIFAR-10 data, on examples flattened to D values:
 *
 * <pre>
 *   m = mean of the training examples                       (D)
 *   C = (1/N) Σ (x − m)(x − m)ᵀ + filter_bias · I           (D×D, double precision)
 *   C = V Λ Vᵀ                                              (symmetric eigendecomposition, EJML)
 *   P = V Λ^(-1/2) Vᵀ
 *   x ← (x − m) P
 * </pre>
 *
 * The default {@code filter_bias = 0.1} is pylearn2's default, the value its
 * {@code make_cifar10_gcn_whitened.py} used. The whitened training data has covariance
 * {@code I − filter_bias·C⁻¹}, i.e. near-identity along directions whose variance is well above
 * filter_bias.
 *
 * <p>The eigendecomposition of a 3072×3072 matrix takes a while, so the fitted (m, P) are cached in
 * {@code cacheDir} under a SHA-256 of the training data, D and filter_bias. A cache file that cannot
 * be read or fails its CRC is recomputed and rewritten.
 */
public final class ZcaWhitening implements Preprocessor {
  public static final double DEFAULT_FILTER_BIAS = 0.1;
  /** Where fitted transforms are kept unless a run says otherwise (ignored by git). */
  public static final Path DEFAULT_CACHE_DIR = Path.of("data", "cache");
  private static final int MAGIC = 0x5a434131; // "ZCA1"
  private static final int CHUNK = 256;

  private final double filterBias;
  private final Path cacheDir;
  private float[] mean;
  private float[] p;
  private boolean fromCache;

  /** @param cacheDir folder for fitted transforms, or null for no cache */
  public ZcaWhitening(double filterBias, Path cacheDir) {
    this.filterBias = filterBias;
    this.cacheDir = cacheDir;
  }

  @Override
  public void fit(Dataset train) {
    int d = train.shape().size();
    String key = key(train);
    Path cache = cacheDir == null ? null : cacheDir.resolve("zca-" + key.substring(0, 24) + ".bin");
    if (cache != null && readCache(cache, d, key)) {
      fromCache = true;
      return;
    }
    compute(train.images, train.size(), d);
    fromCache = false;
    if (cache != null) writeCache(cache, key);
  }

  private void compute(float[] x, int n, int d) {
    double[] m = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) m[j] += x[i * d + j];
    }
    for (int j = 0; j < d; j++) m[j] /= n;
    DMatrixRMaj cov = new DMatrixRMaj(d, d);
    DMatrixRMaj chunk = new DMatrixRMaj(CHUNK, d);
    for (int start = 0; start < n; start += CHUNK) {
      int rows = Math.min(CHUNK, n - start);
      chunk.reshape(rows, d);
      for (int r = 0; r < rows; r++) {
        int off = (start + r) * d;
        for (int j = 0; j < d; j++) chunk.data[r * d + j] = x[off + j] - m[j];
      }
      CommonOps_DDRM.multAddTransA(chunk, chunk, cov);
    }
    CommonOps_DDRM.scale(1.0 / n, cov);
    for (int j = 0; j < d; j++) cov.add(j, j, filterBias);
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
    if (!eig.decompose(cov)) throw new IllegalStateException("ZCA: eigendecomposition failed");
    DMatrixRMaj v = new DMatrixRMaj(d, d);
    DMatrixRMaj scaled = new DMatrixRMaj(d, d);
    for (int k = 0; k < d; k++) {
      double lambda = eig.getEigenvalue(k).real;
      DMatrixRMaj vec = eig.getEigenVector(k);
      double s = 1 / Math.sqrt(lambda);
      for (int j = 0; j < d; j++) {
        v.set(j, k, vec.get(j));
        scaled.set(j, k, vec.get(j) * s);
      }
    }
    DMatrixRMaj pd = new DMatrixRMaj(d, d);
    CommonOps_DDRM.multTransB(scaled, v, pd);
    mean = new float[d];
    p = new float[d * d];
    for (int j = 0; j < d; j++) mean[j] = (float) m[j];
    for (int i = 0; i < d * d; i++) p[i] = (float) pd.data[i];
  }

  @Override
  public void apply(Dataset data) {
    if (p == null) throw new IllegalStateException("apply before fit");
    int d = data.shape().size();
    if (d != mean.length) throw new IllegalArgumentException("ZCA fitted for D=" + mean.length + ", data has D=" + d);
    float[] x = data.images;
    float[] centred = new float[CHUNK * d];
    float[] out = new float[CHUNK * d];
    for (int start = 0; start < data.size(); start += CHUNK) {
      int rows = Math.min(CHUNK, data.size() - start);
      int off = start * d;
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < d; j++) centred[r * d + j] = x[off + r * d + j] - mean[j];
      }
      Gemm.mult(rows, d, d, centred, 0, p, 0, out, 0, false);
      System.arraycopy(out, 0, x, off, rows * d);
    }
  }

  /** Whether the last {@link #fit} read the transform from the cache instead of computing it. */
  public boolean fromCache() {
    return fromCache;
  }

  @Override
  public String describe() {
    return "zca filter_bias=" + filterBias + " D=" + (mean == null ? "?" : mean.length)
        + (fromCache ? " (cached)" : "");
  }

  /** SHA-256 (hex) of the parameters and every training value. */
  private String key(Dataset train) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      ByteBuffer buf = ByteBuffer.allocate(1 << 16);
      buf.putInt(MAGIC).putInt(train.size()).putInt(train.shape().size()).putDouble(filterBias);
      for (float v : train.images) {
        if (buf.remaining() < 4) {
          sha.update(buf.array(), 0, buf.position());
          buf.clear();
        }
        buf.putFloat(v);
      }
      sha.update(buf.array(), 0, buf.position());
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private boolean readCache(Path file, int d, String key) {
    if (!Files.isRegularFile(file)) return false;
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
      CheckedInputStream checked = new CheckedInputStream(raw, new CRC32());
      DataInputStream in = new DataInputStream(checked);
      if (in.readInt() != MAGIC || !in.readUTF().equals(key) || in.readInt() != d) return false;
      float[] m = new float[d];
      float[] pp = new float[d * d];
      for (int j = 0; j < d; j++) m[j] = in.readFloat();
      for (int i = 0; i < d * d; i++) pp[i] = in.readFloat();
      long crc = checked.getChecksum().getValue();
      if (new DataInputStream(raw).readLong() != crc) return false;
      mean = m;
      p = pp;
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Writes via a temporary file and a rename, so a crash never leaves a half-written cache. */
  private void writeCache(Path file, String key) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
      try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp))) {
        CheckedOutputStream checked = new CheckedOutputStream(raw, new CRC32());
        DataOutputStream out = new DataOutputStream(checked);
        out.writeInt(MAGIC);
        out.writeUTF(key);
        out.writeInt(mean.length);
        for (float v : mean) out.writeFloat(v);
        for (float v : p) out.writeFloat(v);
        out.flush();
        new DataOutputStream(raw).writeLong(checked.getChecksum().getValue());
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new DataException(file, "cannot write the ZCA cache: " + e.getMessage());
    }
  }
}
