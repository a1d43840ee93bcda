package dev.trainer.data;

import dev.trainer.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The binary version of CIFAR-10/100 (Krizhevsky 2009). Each record is the label byte(s) then 3072
 * pixel bytes: 1024 red, 1024 green, 1024 blue, each a row-major 32×32 plane, which is already
 * CHW. CIFAR-10 has 1 label byte; CIFAR-100 has 2 (coarse, then fine). The number of records is
 * the file size divided by the record size, so a file may hold fewer than the official 10,000.
 * Pixels become {@code byte / 255f} in [0, 1]; the shape is [3, 32, 32].
 */
public final class CifarBinary {
  static final int PIXELS = 3 * 32 * 32;

  /** Which label of a record to use. */
  public enum Label {
    /** CIFAR-10: the single label byte. */
    CIFAR10(1, 0),
    /** CIFAR-100: the first of two label bytes, 20 superclasses. */
    COARSE(2, 0),
    /** CIFAR-100: the second of two label bytes, 100 classes. */
    FINE(2, 1);

    final int labelBytes;
    final int offset;

    Label(int labelBytes, int offset) {
      this.labelBytes = labelBytes;
      this.offset = offset;
    }
  }

  private CifarBinary() {}

  /** Loads and concatenates the records of {@code files}, in order. */
  public static Dataset load(String name, List<Path> files, Label label, int classes,
      List<String> classNames) {
    int record = label.labelBytes + PIXELS;
    long total = 0;
    for (Path f : files) total += records(f, record);
    if (total * PIXELS > Integer.MAX_VALUE) throw new DataException(name, total + " records are too many");
    float[] x = new float[(int) total * PIXELS];
    int[] y = new int[(int) total];
    int at = 0;
    for (Path f : files) {
      byte[] b = read(f);
      int n = b.length / record;
      for (int r = 0; r < n; r++) {
        int base = r * record;
        int lab = b[base + label.offset] & 0xff;
        if (lab >= classes) {
          throw new DataException(f, "record " + r + " has label " + lab + ", expected 0.." + (classes - 1));
        }
        y[at] = lab;
        int px = base + label.labelBytes;
        int out = at * PIXELS;
        for (int i = 0; i < PIXELS; i++) x[out + i] = (b[px + i] & 0xff) / 255f;
        at++;
      }
    }
    return new Dataset(name, x, y, Shape.of(3, 32, 32), classes, classNames);
  }

  private static long records(Path f, int record) {
    long size;
    try {
      size = Files.size(f);
    } catch (NoSuchFileException e) {
      throw new DataException(f, "file not found");
    } catch (IOException e) {
      throw new DataException(f, "cannot read: " + e);
    }
    if (size == 0) throw new DataException(f, "empty file");
    if (size % record != 0) {
      throw new DataException(f, size + " bytes is not a whole number of " + record + "-byte records ("
          + size / record + " records and " + size % record + " bytes left over; truncated?)");
    }
    return size / record;
  }

  private static byte[] read(Path f) {
    try {
      return Files.readAllBytes(f);
    } catch (IOException e) {
      throw new DataException(f, "cannot read: " + e);
    }
  }
}
