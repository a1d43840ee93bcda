package dev.trainer.layer;

import dev.trainer.UserError;
import dev.trainer.init.Constant;
import dev.trainer.init.Fan;
import dev.trainer.init.Initializer;
import dev.trainer.tensor.Heap;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;

/**
 * A learnable tensor as Caffe's solver sees it: value and gradient side by side, plus the
 * per-parameter multipliers of the base learning rate and of the weight decay. Conv weights,
 * biases, PReLU slopes and MPELU α/β are all just {@code Param}s.
 */
public final class Param {
  private final String name;
  public final Tensor value;
  public final Tensor grad;
  private float lrMult;
  private float decayMult;
  private Initializer init = new Constant(0f);
  private Fan fan;

  /** A zero-valued parameter named e.g. {@code weight}, {@code bias}, {@code slope}, {@code alpha}. */
  public Param(String name, Shape shape, float lrMult, float decayMult) {
    long bytes = shape.elements() > Long.MAX_VALUE / 12 ? Long.MAX_VALUE : 3 * Float.BYTES * shape.elements();
    if (!Heap.fits(bytes)) {
      throw new UserError("parameter '" + name + "' " + shape + " needs " + Heap.format(bytes)
          + " (value, gradient and momentum in float32), more than the " + Heap.format(Heap.available())
          + " left; " + Heap.hint(), 2);
    }
    this.name = name;
    this.value = new Tensor(shape);
    this.grad = new Tensor(shape);
    this.lrMult = lrMult;
    this.decayMult = decayMult;
  }

  public String name() {
    return name;
  }

  public float lrMult() {
    return lrMult;
  }

  public float decayMult() {
    return decayMult;
  }

  public void setMultipliers(float lrMult, float decayMult) {
    this.lrMult = lrMult;
    this.decayMult = decayMult;
  }

  /** Sets how {@link #initialize} fills the value (default: constant 0) and the fan it sees. */
  public void setInit(Initializer init, Fan fan) {
    this.init = init;
    this.fan = fan;
  }

  public Fan fan() {
    return fan;
  }

  /** The initializer {@link #initialize} uses (LSUV rescales only the weights that chose it). */
  public Initializer init() {
    return init;
  }

  /** Fills the value with its initializer; returns the description to log. */
  public String initialize(Rng rng) {
    return init.fill(value, fan, rng);
  }

  public void zeroGrad() {
    grad.zero();
  }

  @Override
  public String toString() {
    return name + "[" + value.shape() + ", lr_mult " + lrMult + ", decay_mult " + decayMult + "]";
  }
}
