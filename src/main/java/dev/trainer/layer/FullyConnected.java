package dev.trainer.layer;

import dev.trainer.init.Constant;
import dev.trainer.init.Fan;
import dev.trainer.init.Initializer;
import dev.trainer.tensor.Gemm;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.List;

/**
 * Fully connected (inner product) layer. Any per-example input shape is read as a vector of
 * {@code F = shape.size()} values.
 *
 * <pre>
 *   x: [N, F]   W: [O, F]   b: [O]   y: [N, O]
 *   y   = x·Wᵀ + b
 *   dW += dyᵀ·x     db += Σ_n dy     dx = dy·W
 * </pre>
 */
public final class FullyConnected implements Layer {
  private final int outputs;
  private final Initializer weightInit;
  private int inputs;
  private Param weight;
  private Param bias;
  private Tensor x;
  private Tensor y;
  private Tensor dx;

  public FullyConnected(int outputs, Initializer weightInit) {
    if (outputs < 1) throw new IllegalArgumentException("fully connected outputs=" + outputs);
    this.outputs = outputs;
    this.weightInit = weightInit;
  }

  @Override
  public Shape setup(Shape input, Rng rng) {
    inputs = input.size();
    Fan fan = Fan.fullyConnected(inputs, outputs);
    weight = new Param("weight", Shape.of(outputs, inputs), 1, 1);
    weight.setInit(weightInit, fan);
    bias = new Param("bias", Shape.of(outputs), 1, 1);
    bias.setInit(new Constant(0f), fan);
    return Shape.of(outputs);
  }

  @Override
  public Tensor forward(Tensor x, Mode mode) {
    this.x = x;
    int n = x.batch();
    y = Tensor.reuse(y, Shape.of(n, outputs));
    Gemm.multTransB(n, outputs, inputs, x.data, 0, weight.value.data, 0, y.data, 0, false);
    float[] b = bias.value.data;
    for (int e = 0; e < n; e++) {
      int row = e * outputs;
      for (int o = 0; o < outputs; o++) y.data[row + o] += b[o];
    }
    return y;
  }

  @Override
  public Tensor backward(Tensor dy) {
    backwardParams(dy);
    dx = Tensor.reuse(dx, x.shape());
    Gemm.mult(x.batch(), inputs, outputs, dy.data, 0, weight.value.data, 0, dx.data, 0, false);
    return dx;
  }

  /** dW += dyᵀ·x and db += Σ dy over the batch. */
  @Override
  public void backwardParams(Tensor dy) {
    int n = x.batch();
    Gemm.multTransA(outputs, inputs, n, dy.data, 0, x.data, 0, weight.grad.data, 0, true);
    float[] db = bias.grad.data;
    for (int e = 0; e < n; e++) {
      int row = e * outputs;
      for (int o = 0; o < outputs; o++) db[o] += dy.data[row + o];
    }
  }

  @Override
  public List<Param> params() {
    return List.of(weight, bias);
  }

  /** 2·O·F (multiply-adds of the product; the bias is not counted). */
  @Override
  public long flopsPerExample() {
    return 2L * outputs * inputs;
  }
}
