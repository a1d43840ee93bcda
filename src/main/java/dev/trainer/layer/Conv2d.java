package dev.trainer.layer;

import dev.trainer.UserError;
import dev.trainer.init.Constant;
import dev.trainer.init.Fan;
import dev.trainer.init.Initializer;
import dev.trainer.tensor.Gemm;
import dev.trainer.tensor.Im2Col;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.List;

/**
 * 2-D convolution with square kernels, zero padding and a per-filter bias, computed per example as
 * one matrix product over the {@link Im2Col} column matrix (as in Caffe).
 *
 * <pre>
 *   x: [C, H, W]   W: [F, C, k, k]   b: [F]   y: [F, Ho, Wo],  Ho = (H + 2p − k) / s + 1
 *   col = im2col(x)                         [K × Ho·Wo],  K = C·k·k
 *   y   = W·col + b                         (W viewed as F × K)
 *   dW += dy·colᵀ      db += Σ_{oh,ow} dy
 *   dx  = col2im(Wᵀ·dy)
 * </pre>
 *
 * A 1×1 convolution with stride 1 and no padding skips im2col: the image itself is the column
 * matrix. Otherwise one column buffer is kept and reused; backward recomputes the columns rather
 * than storing them for the whole batch.
 */
public final class Conv2d implements Layer {
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
  private float[] col;
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
    col = isPointwise() ? null : new float[channels * kernel * kernel * outHeight * outWidth];
    return Shape.of(filters, outHeight, outWidth);
  }

  private boolean isPointwise() {
    return kernel == 1 && stride == 1 && pad == 0;
  }

  @Override
  public Tensor forward(Tensor x, Mode mode) {
    this.x = x;
    int n = x.batch();
    int k = channels * kernel * kernel;
    int area = outHeight * outWidth;
    int inSize = channels * height * width;
    y = Tensor.reuse(y, Shape.of(n, filters, outHeight, outWidth));
    for (int e = 0; e < n; e++) {
      int out = e * filters * area;
      if (isPointwise()) {
        Gemm.mult(filters, area, k, weight.value.data, 0, x.data, e * inSize, y.data, out, false);
      } else {
        Im2Col.im2col(x.data, e * inSize, channels, height, width, kernel, stride, pad, col, 0);
        Gemm.mult(filters, area, k, weight.value.data, 0, col, 0, y.data, out, false);
      }
      addBias(y.data, out, area);
    }
    return y;
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
    int n = x.batch();
    int k = channels * kernel * kernel;
    int area = outHeight * outWidth;
    int inSize = channels * height * width;
    dx = Tensor.reuse(dx, x.shape());
    float[] w = weight.value.data;
    float[] dw = weight.grad.data;
    for (int e = 0; e < n; e++) {
      int g = e * filters * area;
      if (isPointwise()) {
        Gemm.multTransB(filters, k, area, dy.data, g, x.data, e * inSize, dw, 0, true);
        Gemm.multTransA(k, area, filters, w, 0, dy.data, g, dx.data, e * inSize, false);
      } else {
        Im2Col.im2col(x.data, e * inSize, channels, height, width, kernel, stride, pad, col, 0);
        Gemm.multTransB(filters, k, area, dy.data, g, col, 0, dw, 0, true);
        Gemm.multTransA(k, area, filters, w, 0, dy.data, g, col, 0, false);
        Im2Col.col2im(col, 0, channels, height, width, kernel, stride, pad, dx.data, e * inSize);
      }
      accumulateBiasGrad(dy.data, g, area);
    }
    return dx;
  }

  private void accumulateBiasGrad(float[] g, int off, int area) {
    float[] db = bias.grad.data;
    for (int f = 0; f < filters; f++) {
      float s = 0;
      for (int i = off + f * area, end = i + area; i < end; i++) s += g[i];
      db[f] += s;
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
