package dev.trainer.data;

import dev.trainer.tensor.Shape;
import java.nio.file.Path;
import java.util.List;

/**
 * The idx format of MNIST and Fashion-MNIST (LeCun et al.): big-endian 32-bit header words, then
 * unsigned bytes. Images: magic 0x00000803, count, rows, cols, then count·rows·cols pixels; labels:
 * magic 0x00000801, count, then count label bytes. Files may be gzipped (detected by content).
 * Pixels become {@code byte / 255f} in [0, 1]; the shape is [1, 28, 28].
 */
public final class MnistIdx {
  static final int IMAGE_MAGIC = 0x803;
  static final int LABEL_MAGIC = 0x801;
  static final int SIDE = 28;

  private MnistIdx() {}

  public static Dataset load(String name, Path imagesFile, Path labelsFile, int classes,
      List<String> classNames) {
    byte[] img = DataFiles.readMaybeGzip(imagesFile);
    byte[] lab = DataFiles.readMaybeGzip(labelsFile);
    int n = header(imagesFile, img, IMAGE_MAGIC, 16);
    int rows = (int) DataFiles.u32(img, 8);
    int cols = (int) DataFiles.u32(img, 12);
    if (rows != SIDE || cols != SIDE) {
      throw new DataException(imagesFile, "images are " + rows + "x" + cols + ", expected 28x28");
    }
    int nLabels = header(labelsFile, lab, LABEL_MAGIC, 8);
    if (n != nLabels) {
      throw new DataException(imagesFile, n + " images but " + labelsFile + " has " + nLabels + " labels");
    }
    long pixels = (long) n * rows * cols;
    if (img.length - 16 != pixels) {
      throw new DataException(imagesFile, "header says " + n + " images of " + rows + "x" + cols
          + " (" + pixels + " bytes) but the file holds " + (img.length - 16) + " pixel bytes");
    }
    if (lab.length - 8 != n) {
      throw new DataException(labelsFile, "header says " + n + " labels but the file holds " + (lab.length - 8));
    }
    float[] x = new float[(int) pixels];
    for (int i = 0; i < x.length; i++) x[i] = (img[16 + i] & 0xff) / 255f;
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = lab[8 + i] & 0xff;
      if (y[i] >= classes) {
        throw new DataException(labelsFile, "label " + y[i] + " of example " + i + " is not in 0.." + (classes - 1));
      }
    }
    return new Dataset(name, x, y, Shape.of(1, rows, cols), classes, classNames);
  }

  /** Checks the magic number and returns the example count. */
  private static int header(Path file, byte[] b, int magic, int headerBytes) {
    if (b.length < headerBytes) {
      throw new DataException(file, b.length == 0 ? "empty file" : "too short for an idx header (" + b.length + " bytes)");
    }
    long m = DataFiles.u32(b, 0);
    if (m != magic) {
      throw new DataException(file, String.format("idx magic number 0x%x, expected 0x%x (%s)", m, magic,
          magic == IMAGE_MAGIC ? "images" : "labels"));
    }
    long n = DataFiles.u32(b, 4);
    if (n > Integer.MAX_VALUE) throw new DataException(file, "count " + n + " too large");
    return (int) n;
  }
}
