package dev.trainer.init;

import dev.trainer.layer.Layer;
import dev.trainer.layer.Mode;
import dev.trainer.layer.Param;
import dev.trainer.tensor.Gemm;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.List;

/**
 * Test-local fully connected layer, y = x·Wᵀ + b with W [out, in], so that init and solver tests
 * do not depend on the real FullyConnected layer.
 */
public final class Dense implements Layer {
  private final int outputs;
  private final Initializer init;
  private Param weight;
  private Param bias;
  private Tensor x;
  private Tensor y;
  private Tensor dx;

  public Dense(int outputs, Initializer init) {
    this.outputs = outputs;
    this.init = init;
  }

  @Override
  public Shape setup(Shape input, Rng rng) {
    int inputs = input.size();
    weight = new Param("weight", Shape.of(outputs, inputs), 1, 1);
    weight.setInit(init, Fan.fullyConnected(inputs, outputs));
    bias = new Param("bias", Shape.of(outputs), 2, 0);
    return Shape.of(outputs);
  }

  @Override
  public Tensor forward(Tensor x, Mode mode) {
    this.x = x;
    int n = x.batch();
    int in = weight.value.shape().dim(1);
    y = Tensor.reuse(y, Shape.of(n, outputs));
    Gemm.multTransB(n, outputs, in, x.data, 0, weight.value.data, 0, y.data, 0, false);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < outputs; j++) y.data[i * outputs + j] += bias.value.data[j];
    }
    return y;
  }

  @Override
  public Tensor backward(Tensor dy) {
    int n = x.batch();
    int in = weight.value.shape().dim(1);
    Gemm.multTransA(outputs, in, n, dy.data, 0, x.data, 0, weight.grad.data, 0, true);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < outputs; j++) bias.grad.data[j] += dy.data[i * outputs + j];
    }
    dx = Tensor.reuse(dx, x.shape());
    Gemm.mult(n, in, outputs, dy.data, 0, weight.value.data, 0, dx.data, 0, false);
    return dx;
  }

  @Override
  public List<Param> params() {
    return List.of(weight, bias);
  }

  public Param weight() {
    return weight;
  }
}
