package dev.trainer.tensor;

import java.util.Arrays;

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
  private Im2Col() {}

  /** Output size along one axis: {@code (in + 2·pad − kernel) / stride + 1} (floor). */
  public static int outputSize(int in, int kernel, int stride, int pad) {
    return (in + 2 * pad - kernel) / stride + 1;
  }

  /** Writes the {@code C·k·k × Ho·Wo} column matrix of the image at {@code im[imOff..]}. */
  public static void im2col(float[] im, int imOff, int channels, int height, int width, int kernel,
      int stride, int pad, float[] col, int colOff) {
    int area = outputSize(height, kernel, stride, pad) * outputSize(width, kernel, stride, pad);
    im2col(im, imOff, channels, height, width, kernel, stride, pad, col, colOff, area);
  }

  /**
   * The same columns written into a wider matrix whose rows are {@code ld} floats apart, so the
   * columns of several images can sit side by side (image e at {@code colOff = e·Ho·Wo}) and feed
   * one matrix product.
   */
  public static void im2col(float[] im, int imOff, int channels, int height, int width, int kernel,
      int stride, int pad, float[] col, int colOff, int ld) {
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
            if (stride == 1) {
              System.arraycopy(im, src + lo, col, dst + lo, hi - lo);
            } else {
              for (int ow = lo; ow < hi; ow++) col[dst + ow] = im[src + ow * stride];
            }
          }
          row += ld;
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
    int area = outputSize(height, kernel, stride, pad) * outputSize(width, kernel, stride, pad);
    col2im(col, colOff, channels, height, width, kernel, stride, pad, im, imOff, area);
  }

  /** {@link #col2im} from a wider column matrix whose rows are {@code ld} floats apart. */
  public static void col2im(float[] col, int colOff, int channels, int height, int width, int kernel,
      int stride, int pad, float[] im, int imOff, int ld) {
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
          row += ld;
        }
      }
    }
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
}
