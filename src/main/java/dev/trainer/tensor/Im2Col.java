package dev.trainer.tensor;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The column transform that turns a convolution into one matrix product (Caffe's
 * {@code im2col_cpu}/{@code col2im_cpu}). For one image {@code [C, H, W]}, a square kernel k,
 * stride s and zero padding p, the output grid is {@code Ho × Wo} with
 * {@code Ho = (H + 2p − k) / s + 1} and the column matrix has {@code K = C·k·k} rows and
 * {@code Ho·Wo} columns:
 *
 * <pre>
 *   col[(c·k + i)·k + j][oh·Wo + ow] = x[c][oh·s − p + i][ow·s − p + j]   (0 outside the image)
 * </pre>
 *
 * Row {@code (c·k + i)·k + j} matches the flattened weight layout {@code [F, C, k, k]}, so a
 * convolution is {@code y[F × Ho·Wo] = W[F × K] · col[K × Ho·Wo]}. {@link #col2im} is the adjoint:
 * it sums every column entry back into the pixel it was copied from, which is dL/dx given dL/dcol.
 */
public final class Im2Col {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final ThreadLocal<Scratch> PADDED = ThreadLocal.withInitial(Scratch::new);

  private Im2Col() {}

  /** Output size along one axis: {@code (in + 2·pad − kernel) / stride + 1} (floor). */
  public static int outputSize(int in, int kernel, int stride, int pad) {
    return (in + 2 * pad - kernel) / stride + 1;
  }

  /** Writes the {@code C·k·k × Ho·Wo} column matrix of the image at {@code im[imOff..]}. */
  public static void im2col(float[] im, int imOff, int channels, int height, int width, int kernel,
      int stride, int pad, float[] col, int colOff) {
    if (stride == 1) {
      im2colStride1(im, imOff, channels, height, width, kernel, pad, col, colOff);
      return;
    }
    int ho = outputSize(height, kernel, stride, pad);
    int wo = outputSize(width, kernel, stride, pad);
    int row = colOff;
    for (int c = 0; c < channels; c++) {
      for (int i = 0; i < kernel; i++) {
        for (int j = 0; j < kernel; j++) {
          int lo = firstInside(j, stride, pad, wo);
          int hi = Math.max(lo, endInside(j, stride, pad, width, wo));
          for (int oh = 0; oh < ho; oh++) {
            int dst = row + oh * wo;
            int ih = oh * stride - pad + i;
            if (ih < 0 || ih >= height) {
              Arrays.fill(col, dst, dst + wo, 0f);
              continue;
            }
            Arrays.fill(col, dst, dst + lo, 0f);
            Arrays.fill(col, dst + hi, dst + wo, 0f);
            int src = imOff + (c * height + ih) * width - pad + j;
            for (int ow = lo; ow < hi; ow++) col[dst + ow] = im[src + ow * stride];
          }
          row += ho * wo;
        }
      }
    }
  }

  /**
   * Overwrites the image at {@code im[imOff..]} with the sum of the column entries that
   * {@link #im2col} copied from each pixel (pixels no window covers become 0).
   */
  public static void col2im(float[] col, int colOff, int channels, int height, int width, int kernel,
      int stride, int pad, float[] im, int imOff) {
    if (stride == 1) {
      col2imStride1(col, colOff, channels, height, width, kernel, pad, im, imOff);
      return;
    }
    int ho = outputSize(height, kernel, stride, pad);
    int wo = outputSize(width, kernel, stride, pad);
    Arrays.fill(im, imOff, imOff + channels * height * width, 0f);
    int row = colOff;
    for (int c = 0; c < channels; c++) {
      for (int i = 0; i < kernel; i++) {
        for (int j = 0; j < kernel; j++) {
          int lo = firstInside(j, stride, pad, wo);
          int hi = Math.max(lo, endInside(j, stride, pad, width, wo));
          for (int oh = 0; oh < ho; oh++) {
            int ih = oh * stride - pad + i;
            if (ih < 0 || ih >= height) continue;
            int src = row + oh * wo;
            int dst = imOff + (c * height + ih) * width - pad + j;
            for (int ow = lo; ow < hi; ow++) im[dst + ow * stride] += col[src + ow];
          }
          row += ho * wo;
        }
      }
    }
  }

  /**
   * Stride 1 through a zero-padded copy of the image ({@code C × (H+2p) × (W+2p)}, per thread) and,
   * per channel c and kernel column j, the shifted copy {@code shifted[h][ow] = padded[c][h][ow + j]}
   * ({@code (H+2p) × Wo}). The k column rows (c, i, j), i = 0..k−1, are then the contiguous blocks
   * {@code shifted[i..i+Ho)}: one long copy each instead of Ho copies of a short feature-map row.
   */
  private static void im2colStride1(float[] im, int imOff, int channels, int height, int width,
      int kernel, int pad, float[] col, int colOff) {
    int hp = height + 2 * pad;
    int wp = width + 2 * pad;
    int ho = hp - kernel + 1;
    int wo = wp - kernel + 1;
    int area = ho * wo;
    Scratch scratch = PADDED.get();
    float[] padded = scratch.zeroed(channels * hp * wp);
    float[] shifted = scratch.shifted(hp * wo);
    for (int c = 0; c < channels; c++) {
      for (int h = 0; h < height; h++) {
        copy(im, imOff + (c * height + h) * width, padded, (c * hp + h + pad) * wp + pad, width);
      }
    }
    for (int c = 0; c < channels; c++) {
      for (int j = 0; j < kernel; j++) {
        for (int h = 0; h < hp; h++) copy(padded, (c * hp + h) * wp + j, shifted, h * wo, wo);
        for (int i = 0; i < kernel; i++) {
          System.arraycopy(shifted, i * wo, col, colOff + ((c * kernel + i) * kernel + j) * area, area);
        }
      }
    }
  }

  /**
   * The adjoint of {@link #im2colStride1}, step by step in reverse: per channel c and kernel
   * column j, the k column rows (c, i, j) are added into {@code shifted[i..i+Ho)} as whole blocks,
   * then each row of {@code shifted} is added into the padded image at column offset j; the
   * image is the padded sum's interior.
   */
  private static void col2imStride1(float[] col, int colOff, int channels, int height, int width,
      int kernel, int pad, float[] im, int imOff) {
    int hp = height + 2 * pad;
    int wp = width + 2 * pad;
    int ho = hp - kernel + 1;
    int wo = wp - kernel + 1;
    int area = ho * wo;
    Scratch scratch = PADDED.get();
    float[] padded = scratch.zeroed(channels * hp * wp);
    float[] shifted = scratch.shifted(hp * wo);
    for (int c = 0; c < channels; c++) {
      for (int j = 0; j < kernel; j++) {
        Arrays.fill(shifted, 0, hp * wo, 0f);
        for (int i = 0; i < kernel; i++) {
          addInto(col, colOff + ((c * kernel + i) * kernel + j) * area, shifted, i * wo, area);
        }
        for (int h = 0; h < hp; h++) addInto(shifted, h * wo, padded, (c * hp + h) * wp + j, wo);
      }
    }
    for (int c = 0; c < channels; c++) {
      for (int h = 0; h < height; h++) {
        copy(padded, (c * hp + h + pad) * wp + pad, im, imOff + (c * height + h) * width, width);
      }
    }
  }

  /**
   * dst[d..d+len) = src[s..s+len). Rows are short (a feature-map row, 8-32 floats), where vector
   * moves beat the call overhead of System.arraycopy.
   */
  private static void copy(float[] src, int s, float[] dst, int d, int len) {
    int q = 0;
    for (; q <= len - L; q += L) FloatVector.fromArray(S, src, s + q).intoArray(dst, d + q);
    for (; q < len; q++) dst[d + q] = src[s + q];
  }

  /** dst[d..d+len) += src[s..s+len), vectorized (short rows and whole column rows alike). */
  private static void addInto(float[] src, int s, float[] dst, int d, int len) {
    int q = 0;
    for (; q <= len - L; q += L) {
      FloatVector.fromArray(S, dst, d + q).add(FloatVector.fromArray(S, src, s + q)).intoArray(dst, d + q);
    }
    for (; q < len; q++) dst[d + q] += src[s + q];
  }

  /** First ow with {@code ow·s − p + j ≥ 0}, at most wo. */
  private static int firstInside(int j, int stride, int pad, int wo) {
    int need = pad - j;
    return need <= 0 ? 0 : Math.min(wo, (need + stride - 1) / stride);
  }

  /** One past the last ow with {@code ow·s − p + j < width}, at most wo. */
  private static int endInside(int j, int stride, int pad, int width, int wo) {
    int last = width - 1 + pad - j;
    return last < 0 ? 0 : Math.min(wo, last / stride + 1);
  }

  /** Per-thread buffers for the padded and the shifted image, grown on demand and kept. */
  private static final class Scratch {
    private float[] data = new float[0];
    private float[] shifted = new float[0];

    float[] shifted(int size) {
      if (shifted.length < size) shifted = new float[size];
      return shifted;
    }

    float[] zeroed(int size) {
      if (data.length < size) data = new float[size];
      Arrays.fill(data, 0, size, 0f);
      return data;
    }
  }
}
