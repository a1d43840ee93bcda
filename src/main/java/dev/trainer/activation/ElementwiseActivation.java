package dev.trainer.activation;

import dev.trainer.layer.Mode;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;

/**
 * Base of the parameter-free activations {@code y = f(x)} applied element by element: it owns the
 * buffers and the (parallel) split of the loops; a subclass writes the two loops over a range, so
 * there is no virtual call per element. Shapes are unchanged, so N×F and N×C×H×W are the same.
 */
public abstract class ElementwiseActivation implements Activation {
  private Tensor x;
  private Tensor y;
  private Tensor dx;

  @Override
  public Shape setup(Shape input, Rng rng) {
    return input;
  }

  @Override
  public Tensor forward(Tensor x, Mode mode) {
    this.x = x;
    y = Tensor.reuse(y, x.shape());
    float[] in = x.data;
    float[] out = y.data;
    Loops.split(in.length, in.length, (from, to) -> apply(in, out, from, to));
    return y;
  }

  @Override
  public Tensor backward(Tensor dy) {
    dx = Tensor.reuse(dx, dy.shape());
    float[] in = x.data;
    float[] out = y.data;
    float[] g = dy.data;
    float[] d = dx.data;
    Loops.split(in.length, in.length, (from, to) -> gradient(in, out, g, d, from, to));
    return dx;
  }

  /** {@code y[i] = f(x[i])} for i in [from, to). */
  protected abstract void apply(float[] x, float[] y, int from, int to);

  /** {@code dx[i] = dy[i] · f'(x[i])} for i in [from, to); {@code y} holds the forward output. */
  protected abstract void gradient(float[] x, float[] y, float[] dy, float[] dx, int from, int to);
}
