package dev.trainer.layer;

import dev.trainer.UserError;
import dev.trainer.init.Constant;
import dev.trainer.init.Fan;
import dev.trainer.init.Initializer;
import dev.trainer.tensor.Gemm;
import dev.trainer.tensor.Im2Col;
import dev.trainer.tensor.Parallel;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * 2-D convolution with square kernels, zero padding and a per-filter bias, computed as matrix
 * products over the {@link Im2Col} column matrix (as in Caffe).
 *
 * <pre>
 *   x: [C, H, W]   W: [F, C, k, k]   b: [F]   y: [F, Ho, Wo],  Ho = (H + 2p − k) / s + 1
 *   col = im2col(x)                         [K × Ho·Wo],  K = C·k·k
 *   y   = W·col + b                         (W viewed as F × K)
 *   dWᵀ += col·dyᵀ     db += Σ_{oh,ow} dy
 *   dx  = col2im(Wᵀ·dy)
 * </pre>
 *
 * Small images give narrow products, so the columns of {@link #chunk} consecutive examples are
 * put side by side ({@code K × chunk·Ho·Wo}) and each product covers them all; y and dy of a
 * chunk pass through an {@code F × chunk·Ho·Wo} buffer. The weight gradient is computed as its
 * transpose {@code col·dyᵀ}: the product then packs dy (F rows) rather than the much larger column
 * matrix, and the transpose is added into dW at the end. Backward recomputes the columns rather
 * than storing them for the whole batch.
 *
 * <p>The batch is split into {@value #PARTS} fixed parts of consecutive examples that run in
 * parallel, each with its own buffers and its own partial dWᵀ and db; the partial sums are added
 * in part order. Neither the split nor the chunk size depends on the thread count, so neither do
 * the results.
 */
public final class Conv2d implements Layer {
  /** Fixed number of example groups processed in parallel (see the class comment). */
  private static final int PARTS = 4;
  /** A chunk holds enough examples for products about this many columns wide. */
  private static final int WIDE_COLUMNS = 512;
  private final int filters;
  private final int kernel;
  private final int stride;
  private final int pad;
  private final Initializer weightInit;
  private int channels;
  private int height;
  private int width;
  private int outHeight;
  private int outWidth;
  /** Examples per matrix product. */
  private int chunk;
  private Param weight;
  private Param bias;
  private final float[][] cols = new float[PARTS][];
  private final float[][] outs = new float[PARTS][];
  private final float[][] dwtParts = new float[PARTS][];
  private final float[][] dbParts = new float[PARTS][];
  private Tensor x;
  private Tensor y;
  private Tensor dx;

  public Conv2d(int filters, int kernel, int stride, int pad, Initializer weightInit) {
    if (filters < 1 || kernel < 1 || stride < 1 || pad < 0) {
      throw new IllegalArgumentException("conv filters=" + filters + " kernel=" + kernel
          + " stride=" + stride + " pad=" + pad);
    }
    this.filters = filters;
    this.kernel = kernel;
    this.stride = stride;
    this.pad = pad;
    this.weightInit = weightInit;
  }

  @Override
  public Shape setup(Shape input, Rng rng) {
    if (input.rank() != 3) throw new UserError("conv needs a [C,H,W] input, got " + input, 2);
    channels = input.dim(0);
    height = input.dim(1);
    width = input.dim(2);
    if (height + 2 * pad < kernel || width + 2 * pad < kernel) {
      throw new UserError("conv kernel " + kernel + " larger than the padded input " + input, 2);
    }
    outHeight = Im2Col.outputSize(height, kernel, stride, pad);
    outWidth = Im2Col.outputSize(width, kernel, stride, pad);
    chunk = Math.max(1, WIDE_COLUMNS / area());
    Fan fan = Fan.conv(channels, filters, kernel);
    weight = new Param("weight", Shape.of(filters, channels, kernel, kernel), 1, 1);
    weight.setInit(weightInit, fan);
    bias = new Param("bias", Shape.of(filters), 1, 1);
    bias.setInit(new Constant(0f), fan);
    for (int p = 0; p < PARTS; p++) {
      cols[p] = new float[rows() * chunk * area()];
      outs[p] = new float[filters * chunk * area()];
      dwtParts[p] = new float[weight.value.size()];
      dbParts[p] = new float[filters];
    }
    return Shape.of(filters, outHeight, outWidth);
  }

  /** K = C·k·k, the rows of the column matrix. */
  private int rows() {
    return channels * kernel * kernel;
  }

  /** Ho·Wo, the columns of one example. */
  private int area() {
    return outHeight * outWidth;
  }

  @Override
  public Tensor forward(Tensor x, Mode mode) {
    this.x = x;
    int n = x.batch();
    y = Tensor.reuse(y, Shape.of(n, filters, outHeight, outWidth));
    Parallel.forEach(PARTS, p -> {
      for (int e = first(p, n), end = first(p + 1, n); e < end; e += chunk) {
        forwardChunk(e, Math.min(chunk, end - e), cols[p], outs[p]);
      }
    });
    return y;
  }

  /** First example of part p of a batch of n (parts are consecutive, as equal as possible). */
  private static int first(int p, int n) {
    return (int) ((long) n * p / PARTS);
  }

  /** y of examples e0..e0+g: one product W·col, then scattered into y with the bias added. */
  private void forwardChunk(int e0, int g, float[] col, float[] out) {
    int area = area();
    int span = g * area;
    columns(e0, g, col);
    Gemm.mult(filters, span, rows(), weight.value.data, 0, col, 0, out, 0, false);
    float[] b = bias.value.data;
    for (int e = 0; e < g; e++) {
      for (int f = 0; f < filters; f++) {
        int src = f * span + e * area;
        int dst = ((e0 + e) * filters + f) * area;
        float bf = b[f];
        for (int i = 0; i < area; i++) y.data[dst + i] = out[src + i] + bf;
      }
    }
  }

  /** The column matrices of examples e0..e0+g side by side: K × g·Ho·Wo. */
  private void columns(int e0, int g, float[] col) {
    int in = channels * height * width;
    for (int e = 0; e < g; e++) {
      Im2Col.im2col(x.data, (e0 + e) * in, channels, height, width, kernel, stride, pad, col, e * area(), g * area());
    }
  }

  @Override
  public Tensor backward(Tensor dy) {
    int n = x.batch();
    dx = Tensor.reuse(dx, x.shape());
    Parallel.forEach(PARTS, p -> {
      Arrays.fill(dwtParts[p], 0f);
      Arrays.fill(dbParts[p], 0f);
      for (int e = first(p, n), end = first(p + 1, n); e < end; e += chunk) {
        backwardChunk(e, Math.min(chunk, end - e), dy.data, p);
      }
    });
    for (int p = 0; p < PARTS; p++) {
      addTransposed(weight.grad.data, dwtParts[p]);
      addInto(bias.grad.data, dbParts[p]);
    }
    return dx;
  }

  /** dWᵀ, db and dx of examples e0..e0+g, with part p's buffers. */
  private void backwardChunk(int e0, int g, float[] dy, int p) {
    float[] col = cols[p];
    float[] dyc = outs[p];
    int span = g * area();
    gatherGradient(e0, g, dy, dyc, dbParts[p]);
    columns(e0, g, col);
    Gemm.multTransB(rows(), filters, span, col, 0, dyc, 0, dwtParts[p], 0, true);
    Gemm.multTransA(rows(), span, filters, weight.value.data, 0, dyc, 0, col, 0, false);
    int in = channels * height * width;
    for (int e = 0; e < g; e++) {
      Im2Col.col2im(col, e * area(), channels, height, width, kernel, stride, pad, dx.data, (e0 + e) * in, span);
    }
  }

  /** Copies dy of examples e0..e0+g into the F × g·Ho·Wo layout of the products and adds its sums into db. */
  private void gatherGradient(int e0, int g, float[] dy, float[] dyc, float[] db) {
    int area = area();
    int span = g * area;
    for (int e = 0; e < g; e++) {
      for (int f = 0; f < filters; f++) {
        int src = ((e0 + e) * filters + f) * area;
        int dst = f * span + e * area;
        float s = 0;
        for (int i = 0; i < area; i++) {
          float v = dy[src + i];
          dyc[dst + i] = v;
          s += v;
        }
        db[f] += s;
      }
    }
  }

  /** dW[f][r] += dWᵀ[r][f] for the F × K weight gradient. */
  private void addTransposed(float[] dw, float[] dwt) {
    int k = rows();
    for (int r = 0; r < k; r++) {
      for (int f = 0; f < filters; f++) dw[f * k + r] += dwt[r * filters + f];
    }
  }

  private static void addInto(float[] sum, float[] part) {
    for (int i = 0; i < sum.length; i++) sum[i] += part[i];
  }

  @Override
  public List<Param> params() {
    return List.of(weight, bias);
  }

  /** 2·F·C·k·k·Ho·Wo (multiply-adds of the product; the bias is not counted). */
  @Override
  public long flopsPerExample() {
    return 2L * filters * channels * kernel * kernel * outHeight * outWidth;
  }
}
