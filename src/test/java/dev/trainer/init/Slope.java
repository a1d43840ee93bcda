package dev.trainer.init;

import dev.trainer.activation.Activation;
import dev.trainer.layer.Mode;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;

/** Test-local activation stub that only reports slopes to the initializers (identity otherwise). */
final class Slope implements Activation {
  private final double he;
  private final double taylor;

  Slope(double he, double taylor) {
    this.he = he;
    this.taylor = taylor;
  }

  @Override
  public double heSlope() {
    return he;
  }

  @Override
  public double taylorSlope() {
    return taylor;
  }

  @Override
  public Shape setup(Shape input, Rng rng) {
    return input;
  }

  @Override
  public Tensor forward(Tensor x, Mode mode) {
    return x;
  }

  @Override
  public Tensor backward(Tensor dy) {
    return dy;
  }
}
