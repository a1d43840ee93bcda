package dev.trainer.activation;

/**
 * Squared ReLU (So et al., "Primer: Searching for Efficient Transformers for Language Modeling",
 * NeurIPS 2021, arXiv 2109.08668), found by search for the feed-forward blocks of Transformers.
 *
 * <pre>
 *   y     = max(0, x)²
 *   dy/dx = 2·max(0, x)
 * </pre>
 *
 * <p>Initialization: none is right for it. It is homogeneous of degree 2, so E[y²] = (3/2)·Var[x]²
 * for zero-mean Gaussian x: the output scale depends on the input scale squared and no constant
 * gain keeps the variance through depth (1 is a fixed point but an unstable one). {@code msra}
 * and {@code taylor} use ReLU's (slope 0); deep plain nets of it need normalization.
 */
public final class SquaredReLU extends ElementwiseActivation {

  @Override
  protected void apply(float[] x, float[] y, int from, int to) {
    for (int i = from; i < to; i++) {
      float r = Math.max(x[i], 0f);
      y[i] = r * r;
    }
  }

  @Override
  protected void gradient(float[] x, float[] y, float[] dy, float[] dx, int from, int to) {
    for (int i = from; i < to; i++) dx[i] = dy[i] * 2f * Math.max(x[i], 0f);
  }
}
