package dev.trainer.activation;

import dev.trainer.config.ConfigException;
import dev.trainer.layer.Mode;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;

/**
 * Maxout (Goodfellow, Warde-Farley, Mirza, Courville &amp; Bengio, ICML 2013): the maximum over
 * groups of k consecutive channels (feature maps) or features; the preceding layer supplies the k
 * linear pieces, so a Maxout after a layer with C outputs has C/k units.
 *
 * <pre>
 *   y[n, j, s] = max over i in 0..k−1 of x[n, j·k + i, s]        j = 0 .. C/k − 1
 *   dL/dx[n, c, s] = dL/dy[n, j, s] if c is the arg max of its group, else 0
 * </pre>
 *
 * Ties go to the first (lowest) channel of the group, as in Caffe's max pooling.
 */
public final class Maxout implements Activation {
  private final int k;
  private int groups;
  private int spatial;
  private int[] argmax = new int[0];
  private Tensor y;
  private Tensor dx;
  private Shape inputShape;

  public Maxout(int k) {
    this.k = k;
  }

  @Override
  public Shape setup(Shape input, Rng rng) {
    int c = input.channels();
    if (c % k != 0) {
      throw new ConfigException("maxout.k", "k = " + k + " does not divide the " + c
          + " channels of the input " + input + "; maxout needs C divisible by k");
    }
    groups = c / k;
    spatial = input.spatial();
    int[] dims = input.dims();
    dims[0] = groups;
    return Shape.of(dims);
  }

  @Override
  public Tensor forward(Tensor x, Mode mode) {
    inputShape = x.shape();
    int[] dims = inputShape.dims();
    dims[1] = groups;
    y = Tensor.reuse(y, Shape.of(dims));
    if (argmax.length != y.size()) argmax = new int[y.size()];
    float[] in = x.data;
    float[] out = y.data;
    int outputs = groups * spatial;
    int batch = in.length / (outputs * k);
    Loops.split(batch, in.length, (from, to) -> {
      for (int n = from; n < to; n++) {
        for (int j = 0; j < groups; j++) {
          int o = (n * groups + j) * spatial;
          int first = (n * groups + j) * k * spatial;
          for (int s = 0; s < spatial; s++) {
            int best = first + s;
            for (int i = 1; i < k; i++) {
              int at = first + i * spatial + s;
              if (in[at] > in[best]) best = at;
            }
            out[o + s] = in[best];
            argmax[o + s] = best;
          }
        }
      }
    });
    return y;
  }

  @Override
  public Tensor backward(Tensor dy) {
    dx = Tensor.reuse(dx, inputShape);
    dx.zero();
    float[] g = dy.data;
    float[] d = dx.data;
    for (int o = 0; o < g.length; o++) d[argmax[o]] = g[o];
    return dx;
  }
}
