package dev.trainer.tensor;

import java.util.Arrays;
import org.ejml.data.FMatrixRMaj;

/**
 * A float32 tensor: a flat row-major {@code float[]} and a {@link Shape}. Layers keep their
 * output tensors and reuse them across iterations through {@link #reuse}, so steady-state
 * training allocates nothing.
 */
public final class Tensor {
  private Shape shape;
  public final float[] data;

  public Tensor(Shape shape) {
    this.shape = shape;
    this.data = new float[shape.size()];
  }

  public Tensor(Shape shape, float[] data) {
    if (data.length != shape.size()) {
      throw new IllegalArgumentException(data.length + " values for shape " + shape);
    }
    this.shape = shape;
    this.data = data;
  }

  public static Tensor of(int... dims) {
    return new Tensor(Shape.of(dims));
  }

  /**
   * Returns {@code t} reshaped to {@code shape} if it exists and holds exactly that many
   * elements, otherwise a new tensor. Contents are unspecified; callers overwrite them.
   */
  public static Tensor reuse(Tensor t, Shape shape) {
    if (t == null || t.data.length != shape.size()) return new Tensor(shape);
    t.shape = shape;
    return t;
  }

  public Shape shape() {
    return shape;
  }

  /** Number of elements; always {@code data.length}. */
  public int size() {
    return data.length;
  }

  /** Leading (batch) dimension. */
  public int batch() {
    return shape.dim(0);
  }

  /** A zero-copy EJML view of the storage as a {@code rows × cols} row-major matrix. */
  public FMatrixRMaj asMatrix(int rows, int cols) {
    if (rows * cols != data.length) {
      throw new IllegalArgumentException(rows + "x" + cols + " view of " + data.length + " floats");
    }
    return FMatrixRMaj.wrap(rows, cols, data);
  }

  public void fill(float v) {
    Arrays.fill(data, 0, size(), v);
  }

  public void zero() {
    fill(0f);
  }

  public void copyFrom(Tensor src) {
    if (!src.shape.equals(shape)) throw new IllegalArgumentException(src.shape + " into " + shape);
    System.arraycopy(src.data, 0, data, 0, size());
  }

  public Tensor copy() {
    return new Tensor(shape, Arrays.copyOf(data, size()));
  }

  /** True if every element is finite (not NaN or ±∞). */
  public boolean isFinite() {
    for (int i = 0, n = size(); i < n; i++) {
      if (!Float.isFinite(data[i])) return false;
    }
    return true;
  }

  /** Sum of squares in double precision. */
  public double sumSquares() {
    double s = 0;
    for (int i = 0, n = size(); i < n; i++) s += (double) data[i] * data[i];
    return s;
  }

  @Override
  public String toString() {
    return "Tensor" + "[" + shape + "]";
  }
}
