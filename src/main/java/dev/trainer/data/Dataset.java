package dev.trainer.data;

import dev.trainer.tensor.Shape;
import java.util.List;

/**
 * A labelled data set held in memory: {@code images} holds N examples of {@link #shape()} one after
 * the other (NCHW for images, N×F for feature vectors), {@code labels} the class of each, in
 * {@code [0, classes)}. Loaders store pixel bytes as {@code byte / 255f}, so raw images are in
 * [0, 1]; preprocessing then rewrites {@code images} in place.
 */
public final class Dataset {
  public final float[] images;
  public final int[] labels;
  private final Shape shape;
  private final int classes;
  private final List<String> classNames;
  private final String name;

  /**
   * @param shape per-example shape ([C, H, W] or [F])
   * @param classNames one name per class, or null when the files give none
   */
  public Dataset(String name, float[] images, int[] labels, Shape shape, int classes,
      List<String> classNames) {
    if (images.length != (long) labels.length * shape.size()) {
      throw new IllegalArgumentException(images.length + " values for " + labels.length + " examples of " + shape);
    }
    if (classNames != null && classNames.size() != classes) {
      throw new IllegalArgumentException(classNames.size() + " class names for " + classes + " classes");
    }
    this.name = name;
    this.images = images;
    this.labels = labels;
    this.shape = shape;
    this.classes = classes;
    this.classNames = classNames == null ? null : List.copyOf(classNames);
  }

  public String name() {
    return name;
  }

  /** Number of examples N. */
  public int size() {
    return labels.length;
  }

  /** Per-example shape, without N. */
  public Shape shape() {
    return shape;
  }

  public int classes() {
    return classes;
  }

  /** The class names, or null if unknown. */
  public List<String> classNames() {
    return classNames;
  }

  /** Name of class {@code c}: its name if known, else its number. */
  public String className(int c) {
    return classNames == null ? Integer.toString(c) : classNames.get(c);
  }

  /** Number of examples of each class. */
  public int[] classCounts() {
    int[] counts = new int[classes];
    for (int y : labels) counts[y]++;
    return counts;
  }

  /** A new data set holding copies of the examples at {@code indices}, in that order. */
  public Dataset subset(String subsetName, int[] indices) {
    int d = shape.size();
    float[] x = new float[indices.length * d];
    int[] y = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(images, indices[i] * d, x, i * d, d);
      y[i] = labels[indices[i]];
    }
    return new Dataset(subsetName, x, y, shape, classes, classNames);
  }
}
