package dev.trainer.activation;

import dev.trainer.layer.Mode;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;

/**
 * Rectified linear unit (Nair &amp; Hinton, ICML 2010).
 *
 * <pre>
 *   y     = max(0, x)
 *   dL/dx = dL/dy · [x &gt; 0]
 * </pre>
 */
public final class ReLU implements Activation {
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
    for (int i = 0; i < in.length; i++) out[i] = Math.max(in[i], 0f);
    return y;
  }

  @Override
  public Tensor backward(Tensor dy) {
    dx = Tensor.reuse(dx, dy.shape());
    float[] in = x.data;
    float[] g = dy.data;
    float[] out = dx.data;
    for (int i = 0; i < in.length; i++) out[i] = in[i] > 0 ? g[i] : 0f;
    return dx;
  }
}
