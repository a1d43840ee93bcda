package dev.trainer.layer;

import dev.trainer.init.Initializer;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A residual connection (He et al. 2016; Darknet's {@code [shortcut]}): adds the output s of an
 * earlier layer, the source, to this layer's input x,
 *
 * <pre>
 *   y = x + P(s)        dL/dx = dL/dy        dL/ds = Pᵀ(dL/dy)
 * </pre>
 *
 * P is the identity when s and x have the same shape (He et al.'s identity shortcut). Where the
 * shape changes, P is a 1×1 convolution with stride ⌈H_s / H_x⌉ (the "projection shortcut", option
 * B of the paper), optionally followed by batch normalization; its parameters are this layer's.
 * The source is chosen when the net is built ({@link #source()}); the {@link Net} hands its output
 * to {@link #forward(Tensor, Tensor, Mode)} and adds {@link #sourceGrad()} to the gradient flowing
 * into it, so a shortcut runs only inside a {@code Net}.
 */
public final class Shortcut implements Layer {
  private final int source;
  private final Initializer projectionInit;
  private final boolean projectionBatchNorm;
  private Shape sourceShape;
  private Conv2d projection;
  private BatchNorm norm;
  private Tensor y;
  private Tensor dx;
  private Tensor sourceGrad;

  /**
   * @param source the index in the net of the layer whose output is added; −1 for the net's input
   * @param projectionInit the weight initializer of the projection, if the shapes differ
   * @param projectionBatchNorm batch normalization after the projection
   */
  public Shortcut(int source, Initializer projectionInit, boolean projectionBatchNorm) {
    if (source < -1) throw new IllegalArgumentException("shortcut source " + source);
    this.source = source;
    this.projectionInit = projectionInit;
    this.projectionBatchNorm = projectionBatchNorm;
  }

  /** The index in the net of the layer whose output is added; −1 for the net's input. */
  public int source() {
    return source;
  }

  /** Sets the per-example shape of the source's output; the {@link Net} calls it before {@link #setup}. */
  public void bindSource(Shape shape) {
    sourceShape = shape;
  }

  /**
   * Returns the input shape; creates the projection if the source's shape differs.
   *
   * @throws IllegalArgumentException if no 1×1 convolution with one stride maps the source's shape to the input's
   */
  @Override
  public Shape setup(Shape input, Rng rng) {
    if (sourceShape == null) throw new IllegalStateException("shortcut set up outside a Net");
    projection = null;
    norm = null;
    if (sourceShape.equals(input)) return input;
    int stride = stride(sourceShape, input);
    projection = new Conv2d(input.dim(0), 1, stride, 0, projectionInit);
    Shape out = projection.setup(sourceShape, rng);
    if (projectionBatchNorm) {
      norm = new BatchNorm();
      norm.setup(out, rng);
    }
    return input;
  }

  /** The stride of a 1×1 convolution from {@code from} to {@code to}: ⌈H_from / H_to⌉, the same for W. */
  private static int stride(Shape from, Shape to) {
    if (from.rank() != 3 || to.rank() != 3) {
      throw new IllegalArgumentException("shapes differ and only [C,H,W] outputs can be projected");
    }
    int s = (from.dim(1) + to.dim(1) - 1) / to.dim(1);
    boolean fits = (from.dim(1) - 1) / s + 1 == to.dim(1) && (from.dim(2) - 1) / s + 1 == to.dim(2);
    if (!fits) throw new IllegalArgumentException("no 1x1 convolution with one stride maps one to the other");
    return s;
  }

  /** Whether the shapes differ, so that a projection was made. */
  public boolean projects() {
    return projection != null;
  }

  /** Not for direct use: the source's output comes from the {@link Net}. */
  @Override
  public Tensor forward(Tensor x, Mode mode) {
    throw new UnsupportedOperationException("a shortcut runs inside a Net, which passes its source");
  }

  /** y = x + P(s) for the input x and the source's output s. */
  public Tensor forward(Tensor x, Tensor s, Mode mode) {
    Tensor p = s;
    if (projection != null) {
      p = projection.forward(s, mode);
      if (norm != null) p = norm.forward(p, mode);
    }
    y = Tensor.reuse(y, x.shape());
    float[] a = x.data;
    float[] b = p.data;
    float[] out = y.data;
    for (int i = 0; i < out.length; i++) out[i] = a[i] + b[i];
    return y;
  }

  /** Returns dL/dx = dL/dy and keeps dL/ds = Pᵀ(dL/dy) for {@link #sourceGrad()}; adds into the projection's gradients. */
  @Override
  public Tensor backward(Tensor dy) {
    dx = Tensor.reuse(dx, dy.shape());
    dx.copyFrom(dy);
    if (projection == null) {
      sourceGrad = dx;
    } else {
      Tensor g = norm == null ? dy : norm.backward(dy);
      sourceGrad = projection.backward(g);
    }
    return dx;
  }

  /** dL/d(source output) of the last backward pass (owned by this layer or its projection). */
  public Tensor sourceGrad() {
    return sourceGrad;
  }

  @Override
  public List<Param> params() {
    List<Param> p = new ArrayList<>();
    if (projection != null) p.addAll(projection.params());
    if (norm != null) p.addAll(norm.params());
    return p;
  }

  /** The projection's weight and bias (empty for an identity shortcut), which take the section's multipliers. */
  public List<Param> projectionParams() {
    return projection == null ? List.of() : projection.params();
  }

  @Override
  public List<Tensor> state() {
    return norm == null ? List.of() : norm.state();
  }

  @Override
  public long flopsPerExample() {
    return projection == null ? 0 : projection.flopsPerExample();
  }
}
