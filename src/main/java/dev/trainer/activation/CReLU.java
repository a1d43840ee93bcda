package dev.trainer.activation;

import dev.trainer.layer.Mode;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;

/**
 * Concatenated ReLU (Shang, Sohn, Almeida &amp; Lee, ICML 2016, arXiv 1603.05201): the positive
 * and the negative part side by side along channels (features), so C inputs give 2C outputs.
 *
 * <pre>
 *   y[n, c, s]     = max(0,  x[n, c, s])        c = 0 .. C−1
 *   y[n, C + c, s] = max(0, −x[n, c, s])
 *   dL/dx[n, c, s] = dL/dy[n, c, s]      (x &gt; 0)
 *                  = −dL/dy[n, C + c, s] (x &lt; 0),  0 at x = 0
 * </pre>
 */
public final class CReLU implements Activation {
  private int block;
  private Tensor x;
  private Tensor y;
  private Tensor dx;

  @Override
  public Shape setup(Shape input, Rng rng) {
    block = input.size();
    int[] dims = input.dims();
    dims[0] *= 2;
    return Shape.of(dims);
  }

  @Override
  public Tensor forward(Tensor x, Mode mode) {
    this.x = x;
    int[] dims = x.shape().dims();
    dims[1] *= 2;
    y = Tensor.reuse(y, Shape.of(dims));
    float[] in = x.data;
    float[] out = y.data;
    forEachExample((src, pos, neg) -> {
      for (int i = 0; i < block; i++) {
        float v = in[src + i];
        out[pos + i] = Math.max(v, 0f);
        out[neg + i] = Math.max(-v, 0f);
      }
    });
    return y;
  }

  @Override
  public Tensor backward(Tensor dy) {
    dx = Tensor.reuse(dx, x.shape());
    forEachExample((src, pos, neg) -> VectorLoops.creluGradient(x.data, src, dy.data, pos, neg, dx.data, block));
    return dx;
  }

  /** The offsets of one example: its input, and its positive and negative halves in the output. */
  private interface Example {
    void run(int src, int pos, int neg);
  }

  /** Runs {@code body} for every example of the last input, examples in parallel. */
  private void forEachExample(Example body) {
    int length = x.size();
    Loops.split(length / block, length, (from, to) -> {
      for (int n = from; n < to; n++) body.run(n * block, 2 * n * block, (2 * n + 1) * block);
    });
  }
}
