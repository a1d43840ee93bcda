package dev.trainer.interop;

import java.util.Arrays;

/**
 * A float32 tensor under its exchange name ({@code conv1.weight}), with its shape in row-major
 * (C) order, as safetensors and .npy files hold it.
 */
public record NamedTensor(String name, int[] shape, float[] data) {

  public NamedTensor {
    long n = 1;
    for (int d : shape) n *= d;
    if (n != data.length) {
      throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds " + n + " values, not " + data.length);
    }
  }

  /** The shape as {@code [32, 3, 5, 5]}, for messages. */
  public String shapeText() {
    return Arrays.toString(shape);
  }
}
