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
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * 2-D convolution with square kernels, zero padding and a per-filter bias, computed per example as
 * matrix products over the {@link Im2Col} column matrix (as in Caffe).
 *
 * <pre>
 *   x: [C, H, W]   W: [F, C, k, k]   b: [F]   y: [F, Ho, Wo],  Ho = (H + 2p − k) / s + 1
 *   col = im2col(x)                         [K × Ho·Wo],  K = C·k·k
 *   y   = W·col + b                         (W viewed as F × K)
 *   dW  += dy·colᵀ     db += Σ_{oh,ow} dy
 *   dx  = col2im(Wᵀ·dy)                     (Wᵀ transposed once per batch)
 * </pre>
 *
 * The weight-gradient product transposes one operand element by element while packing it, so it
 * is set up to transpose the smaller one: when F ≤ K it computes {@code dWᵀ += col·dyᵀ} (packing
 * dy, F rows, instead of the K-row column matrix) and adds the transpose into dW once per batch;
 * otherwise {@code dW += dy·colᵀ}. A 1×1 convolution with stride 1 and no padding skips im2col: the
 * image itself is the column matrix. Backward recomputes the columns rather than storing them for
 * the whole batch. (Putting several examples side by side in one wider product was tried: the
 * column matrix then outgrows the L2 cache and every conv of the quick CNN got slower.)
 *
 * <p>The batch is split into {@value #PARTS} fixed parts of consecutive examples that run in
 * parallel, each with its own column buffer and its own partial weight gradient and db; the partial sums are
 * added in part order. The split does not depend on the thread count, so neither do the results.
 */
public final class Conv2d implements Layer {
  /** Fixed number of example groups processed in parallel (see the class comment). */
  private static final int PARTS = 4;
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
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
  private Param weight;
  private Param bias;
  private final float[][] cols = new float[PARTS][];
  private final float[][] dwParts = new float[PARTS][];
  /** Per part, db in L lanes per filter: dbParts[p][f·L + lane] (see accumulateBiasGrad). */
  private final float[][] dbParts = new float[PARTS][];
  private float[] weightT;
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
    Fan fan = Fan.conv(channels, filters, kernel);
    weight = new Param("weight", Shape.of(filters, channels, kernel, kernel), 1, 1);
    weight.setInit(weightInit, fan);
    bias = new Param("bias", Shape.of(filters), 1, 1);
    bias.setInit(new Constant(0f), fan);
    for (int p = 0; p < PARTS; p++) {
      cols[p] = isPointwise() ? null : new float[rows() * area()];
      dwParts[p] = new float[weight.value.size()];
      dbParts[p] = new float[filters * L];
    }
    return Shape.of(filters, outHeight, outWidth);
  }

  private boolean isPointwise() {
    return kernel == 1 && stride == 1 && pad == 0;
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
      for (int e = first(p, n); e < first(p + 1, n); e++) forwardExample(e, cols[p]);
    });
    return y;
  }

  /** First example of part p of a batch of n (parts are consecutive, as equal as possible). */
  private static int first(int p, int n) {
    return (int) ((long) n * p / PARTS);
  }

  private void forwardExample(int e, float[] col) {
    int out = e * filters * area();
    Gemm.mult(filters, area(), rows(), weight.value.data, 0, columns(e, col), columnsOffset(e, col),
        y.data, out, false);
    addBias(y.data, out, area());
  }

  /** The column matrix of example e: im2col into {@code col}, or x itself for a pointwise conv. */
  private float[] columns(int e, float[] col) {
    if (col == null) return x.data;
    Im2Col.im2col(x.data, e * channels * height * width, channels, height, width, kernel, stride, pad, col, 0);
    return col;
  }

  /** Where {@link #columns} puts example e's column matrix. */
  private int columnsOffset(int e, float[] col) {
    return col == null ? e * channels * height * width : 0;
  }

  private void addBias(float[] out, int off, int area) {
    float[] b = bias.value.data;
    for (int f = 0; f < filters; f++) {
      float bf = b[f];
      for (int i = off + f * area, end = i + area; i < end; i++) out[i] += bf;
    }
  }

  @Override
  public Tensor backward(Tensor dy) {
    dx = Tensor.reuse(dx, x.shape());
    backward(dy, true);
    return dx;
  }

  /** The weight and bias gradients without dx (no col2im, one product less per example). */
  @Override
  public void backwardParams(Tensor dy) {
    backward(dy, false);
  }

  private void backward(Tensor dy, boolean inputGradient) {
    int n = x.batch();
    if (inputGradient) transposeWeights();
    Parallel.forEach(PARTS, p -> {
      Arrays.fill(dwParts[p], 0f);
      Arrays.fill(dbParts[p], 0f);
      for (int e = first(p, n); e < first(p + 1, n); e++) backwardExample(e, dy.data, p, inputGradient);
    });
    for (int p = 0; p < PARTS; p++) {
      addWeightGradient(weight.grad.data, dwParts[p]);
      addLanes(bias.grad.data, dbParts[p]);
    }
  }

  /** Adds example e's weight and bias gradients into part p's sums and, if asked, writes its dx. */
  private void backwardExample(int e, float[] g, int p, boolean inputGradient) {
    int k = rows();
    int area = area();
    int in = e * channels * height * width;
    int out = e * filters * area;
    float[] col = cols[p];
    float[] c = columns(e, col);
    int cOff = columnsOffset(e, col);
    if (transposedWeightGradient()) Gemm.multTransB(k, filters, area, c, cOff, g, out, dwParts[p], 0, true);
    else Gemm.multTransB(filters, k, area, g, out, c, cOff, dwParts[p], 0, true);
    accumulateBiasGrad(g, out, area, dbParts[p]);
    if (!inputGradient) return;
    if (col == null) {
      Gemm.mult(k, area, filters, weightT, 0, g, out, dx.data, in, false);
    } else {
      Gemm.mult(k, area, filters, weightT, 0, g, out, col, 0, false);
      Im2Col.col2im(col, 0, channels, height, width, kernel, stride, pad, dx.data, in);
    }
  }

  /** Wᵀ (K × F), which every example's input-gradient product reads. */
  private void transposeWeights() {
    if (weightT == null) weightT = new float[weight.value.data.length];
    Gemm.transpose(weight.value.data, 0, filters, rows(), weightT);
  }

  /** Whether the parts hold dWᵀ (K × F) rather than dW (F × K); see the class comment. */
  private boolean transposedWeightGradient() {
    return filters <= rows();
  }

  /** dW += a part's sum, stored as dWᵀ (dW[f][r] += part[r][f]) or as dW. */
  private void addWeightGradient(float[] dw, float[] part) {
    if (!transposedWeightGradient()) {
      addInto(dw, part);
      return;
    }
    int k = rows();
    for (int r = 0; r < k; r++) {
      for (int f = 0; f < filters; f++) dw[f * k + r] += part[r * filters + f];
    }
  }

  private static void addInto(float[] sum, float[] part) {
    for (int i = 0; i < sum.length; i++) sum[i] += part[i];
  }

  /**
   * Adds each filter's dy plane into its L lanes of {@code lanes}, one vector add per L values (a
   * serial float sum is one add latency per value: 30 µs per example on conv1's 32 × 1024).
   */
  private void accumulateBiasGrad(float[] g, int off, int area, float[] lanes) {
    for (int f = 0; f < filters; f++) {
      int i = off + f * area;
      int end = i + area;
      FloatVector acc = FloatVector.fromArray(S, lanes, f * L);
      for (; i <= end - L; i += L) acc = acc.add(FloatVector.fromArray(S, g, i));
      acc.intoArray(lanes, f * L);
      for (int j = f * L; i < end; i++, j++) lanes[j] += g[i];
    }
  }

  /** db[f] += the L lanes of filter f, in lane order. */
  private void addLanes(float[] db, float[] lanes) {
    for (int f = 0; f < filters; f++) {
      for (int j = 0; j < L; j++) db[f] += lanes[f * L + j];
    }
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
