package dev.trainer.tensor;

import java.util.Arrays;

/**
 * An immutable tensor shape. Batches are row-major NCHW ({@code [N, C, H, W]}) or N×F
 * ({@code [N, F]}); a per-example shape drops the leading N ({@code [C, H, W]} or {@code [F]}).
 */
public final class Shape {
  private final int[] dims;
  private final long elements;

  private Shape(int[] dims) {
    for (int d : dims) {
      if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(dims));
    }
    this.dims = dims;
    long n = 1;
    for (int d : dims) n = n > Long.MAX_VALUE / Math.max(d, 1) ? Long.MAX_VALUE : n * d;
    this.elements = n;
  }

  public static Shape of(int... dims) {
    return new Shape(dims.clone());
  }

  public int rank() {
    return dims.length;
  }

  public int dim(int i) {
    return dims[i];
  }

  public int[] dims() {
    return dims.clone();
  }

  /** Product of all dimensions; more than an array holds (2^31 − 1) is an IllegalArgumentException. */
  public int size() {
    long n = elements();
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a tensor of shape " + this + " would have " + n
          + " elements, more than a Java array holds (2^31 - 1)");
    }
    return (int) n;
  }

  /** Product of all dimensions as a long (Long.MAX_VALUE if even that overflows). */
  public long elements() {
    return elements;
  }

  /** This per-example shape with a leading batch dimension {@code n}. */
  public Shape withBatch(int n) {
    int[] d = new int[dims.length + 1];
    d[0] = n;
    System.arraycopy(dims, 0, d, 1, dims.length);
    return new Shape(d);
  }

  /** This batch shape without its leading dimension. */
  public Shape perExample() {
    return new Shape(Arrays.copyOfRange(dims, 1, dims.length));
  }

  /** Channels of a per-example shape: C of [C,H,W], F of [F]. */
  public int channels() {
    return dims[0];
  }

  /** Elements per channel of a per-example shape: H·W of [C,H,W], 1 of [F]. */
  public int spatial() {
    return size() / dims[0];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape s && Arrays.equals(dims, s.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** E.g. {@code 192x32x32}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < dims.length; i++) b.append(i == 0 ? "" : "x").append(dims[i]);
    return b.toString();
  }
}
