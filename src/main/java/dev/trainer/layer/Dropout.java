package dev.trainer.layer;

import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;

/**
 * Inverted dropout (Srivastava et al., JMLR 2014, scaled at training time as in Caffe): each unit
 * is dropped with probability p and the kept ones are scaled so that the expectation is unchanged.
 *
 * <pre>
 *   TRAIN:  m ~ Bernoulli(1 − p),  y = x · m / (1 − p),  dL/dx = dL/dy · m / (1 − p)
 *   TEST:   y = x,                                       dL/dx = dL/dy
 * </pre>
 *
 * The mask is drawn from the random stream given to {@link #setup}.
 */
public final class Dropout implements Layer {
  private final float p;
  private Rng rng;
  private Mode mode;
  private Tensor mask;
  private Tensor y;
  private Tensor dx;

  public Dropout(float p) {
    if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("dropout ratio " + p + " not in [0, 1)");
    this.p = p;
  }

  @Override
  public Shape setup(Shape input, Rng rng) {
    this.rng = rng;
    return input;
  }

  @Override
  public Tensor forward(Tensor x, Mode mode) {
    this.mode = mode;
    y = Tensor.reuse(y, x.shape());
    if (mode == Mode.TEST) {
      y.copyFrom(x);
      return y;
    }
    mask = Tensor.reuse(mask, x.shape());
    float scale = 1f / (1f - p);
    float keep = 1f - p;
    for (int i = 0; i < x.size(); i++) {
      mask.data[i] = rng.nextFloat() < keep ? scale : 0f;
      y.data[i] = x.data[i] * mask.data[i];
    }
    return y;
  }

  @Override
  public Tensor backward(Tensor dy) {
    dx = Tensor.reuse(dx, dy.shape());
    if (mode == Mode.TEST) {
      dx.copyFrom(dy);
      return dx;
    }
    for (int i = 0; i < dy.size(); i++) dx.data[i] = dy.data[i] * mask.data[i];
    return dx;
  }
}
