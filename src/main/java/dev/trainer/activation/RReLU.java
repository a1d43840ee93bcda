package dev.trainer.activation;

import dev.trainer.config.ConfigException;
import dev.trainer.layer.Mode;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Randomized leaky ReLU (Xu, Wang, Chen &amp; Li, "Empirical Evaluation of Rectified Activations in
 * Convolutional Network", arXiv 1505.00853, 2015), in the paper's dividing form.
 *
 * <pre>
 *   TRAIN:  y = x        (x &gt; 0)
 *             = x / a    (x ≤ 0),   a ~ U(l, u) drawn per element and per pass
 *   TEST:   a = (l + u) / 2,         i.e. slope 2/(l + u) = 1/5.5 for l = 3, u = 8
 *   dy/dx = 1 or 1/a (the a of the last forward pass)
 * </pre>
 *
 * Defaults l = 3, u = 8 are the paper's (from the Kaggle NDSB winner). PyTorch's RReLU takes the
 * slope bounds lower = 1/8, upper = 1/3 instead and uses their mean (1/8 + 1/3)/2 ≈ 0.229 at
 * test time, not 1/5.5 ≈ 0.182: the two agree in training but not in testing. The noise comes from
 * the layer's random stream given to {@link #setup}: each TRAIN pass takes one seed from it, and
 * block b of {@value LaneRng#BLOCK} elements draws its U ~ U(0, 1) from a {@link LaneRng} seeded
 * with seed + b (a = l + (u − l)·U), inside the forward loop and in parallel, so the slopes do not
 * depend on the thread count. The slopes 1/a are kept for the backward pass. {@link #heSlope()} is
 * the test slope.
 */
public final class RReLU implements Activation {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private final float lower;
  private final float upper;
  private Rng rng;
  private boolean train;
  private float[] x;
  /** 1/a per element of the last TRAIN pass. */
  private float[] slopes = new float[0];
  private Tensor output;
  private Tensor inputGrad;

  /** @param lower l and @param upper u bound the divisor a (1 ≤ l ≤ u). */
  public RReLU(float lower, float upper) {
    if (lower > upper) {
      throw new ConfigException("rrelu", "lower " + lower + " is greater than upper " + upper);
    }
    this.lower = lower;
    this.upper = upper;
  }

  @Override
  public double heSlope() {
    return 2.0 / (lower + upper);
  }

  @Override
  public Shape setup(Shape input, Rng rng) {
    this.rng = rng;
    return input;
  }

  @Override
  public Tensor forward(Tensor input, Mode mode) {
    train = mode == Mode.TRAIN;
    x = input.data;
    output = Tensor.reuse(output, input.shape());
    float[] y = output.data;
    if (train) {
      if (slopes.length != x.length) slopes = new float[x.length];
      LaneRng.forEachChunk(rng.nextLong(), x.length, LaneRng::uniforms, (u, from, to) -> forwardTrain(y, u, from, to));
    } else {
      float a = (float) heSlope();
      Loops.split(x.length, x.length, (from, to) -> {
        for (int i = from; i < to; i++) y[i] = Math.max(x[i], 0f) + a * Math.min(x[i], 0f);
      });
    }
    return output;
  }

  /** y and the slope 1/a of elements [from, to), with the U of element i at {@code u[i − from]}. */
  private void forwardTrain(float[] y, float[] u, int from, int to) {
    float range = upper - lower;
    FloatVector one = FloatVector.broadcast(SPECIES, 1f);
    int i = from;
    for (int whole = from + SPECIES.loopBound(to - from); i < whole; i += SPECIES.length()) {
      FloatVector s = one.div(FloatVector.fromArray(SPECIES, u, i - from).fma(range, lower));
      FloatVector v = FloatVector.fromArray(SPECIES, x, i);
      v.max(0f).add(s.mul(v.min(0f))).intoArray(y, i);
      s.intoArray(slopes, i);
    }
    for (; i < to; i++) {
      float s = 1f / Math.fma(u[i - from], range, lower);
      y[i] = Math.max(x[i], 0f) + s * Math.min(x[i], 0f);
      slopes[i] = s;
    }
  }

  @Override
  public Tensor backward(Tensor top) {
    inputGrad = Tensor.reuse(inputGrad, top.shape());
    float[] dy = top.data;
    float[] dx = inputGrad.data;
    float a = (float) heSlope();
    Loops.split(x.length, x.length, (from, to) -> {
      if (train) {
        VectorLoops.leakyGradient(x, slopes, dy, dx, from, to);
      } else {
        VectorLoops.leakyGradient(x, dy, dx, a, from, to);
      }
    });
    return inputGrad;
  }
}
