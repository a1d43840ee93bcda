package dev.trainer.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Which data set a folder holds, read from its files ({@code trainer data info DIR} without
 * {@code --set}):
 *
 * <pre>
 * cifar10        data_batch_N.bin / test_batch.bin whose sizes are multiples of 3,073 (1 label + 3,072 pixels)
 * cifar100       train.bin / test.bin whose sizes are multiples of 3,074 (2 labels + pixels); fine labels
 * mnist,         train-images-idx3-ubyte[.gz] with the idx3 magic 0x00000803 and 28x28 images. The two
 * fashion-mnist  sets share the format, so they are told apart only by the published MD5 of the file
 *                or a folder named after the set (as 'trainer data fetch' names it); else ambiguous
 * csv            train.csv and test.csv
 * </pre>
 */
public final class DataSetDetector {
  static final int CIFAR10_RECORD = 1 + 3 * 32 * 32;
  static final int CIFAR100_RECORD = 2 + 3 * 32 * 32;

  private DataSetDetector() {}

  /** The name of the set in {@code dir}, or a {@link DataException} saying why it cannot tell. */
  public static String detect(Path dir) {
    if (!Files.isDirectory(dir)) throw new DataException(dir, "no such data folder");
    List<String> found = new ArrayList<>();
    if (cifar(dir, List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
        "data_batch_5.bin", "test_batch.bin"), CIFAR10_RECORD)) {
      found.add("cifar10");
    }
    if (cifar(dir, List.of("train.bin", "test.bin"), CIFAR100_RECORD)) found.add("cifar100");
    if (Files.isRegularFile(dir.resolve("train.csv")) && Files.isRegularFile(dir.resolve("test.csv"))) found.add("csv");
    Path images = idxImages(dir);
    if (images != null) found.add(mnistKind(dir, images));
    if (found.isEmpty()) {
      throw new DataException(dir, "no data set recognised (expected CIFAR binary batches, MNIST-style idx "
          + "files, or train.csv and test.csv); pass --set NAME");
    }
    if (found.size() > 1) {
      throw new DataException(dir, "holds the files of more than one data set (" + String.join(", ", found)
          + "); pass --set NAME");
    }
    return found.get(0);
  }

  /** True if at least one of {@code names} exists and every one present is whole records. */
  private static boolean cifar(Path dir, List<String> names, int record) {
    boolean any = false;
    for (String n : names) {
      Path f = dir.resolve(n);
      if (!Files.isRegularFile(f)) continue;
      long size = size(f);
      if (size == 0 || size % record != 0) return false;
      any = true;
    }
    return any;
  }

  /** The training images file if it is an idx3 file of 28x28 images, else null. */
  private static Path idxImages(Path dir) {
    for (String n : List.of("train-images-idx3-ubyte.gz", "train-images-idx3-ubyte")) {
      Path f = dir.resolve(n);
      if (!Files.isRegularFile(f)) continue;
      byte[] head = head(f, 16);
      if (head.length == 16 && DataFiles.u32(head, 0) == 0x803 && DataFiles.u32(head, 8) == 28
          && DataFiles.u32(head, 12) == 28) {
        return f;
      }
    }
    return null;
  }

  /** mnist or fashion-mnist: by the file's published MD5, else by the folder's name. */
  private static String mnistKind(Path dir, Path images) {
    String md5 = Fetcher.md5(images);
    for (Map.Entry<String, Fetcher.Source> e : Fetcher.official().entrySet()) {
      for (Fetcher.RemoteFile f : e.getValue().files()) {
        if (f.name().equals(images.getFileName().toString()) && f.md5().equals(md5)) return e.getKey();
      }
    }
    Path name = dir.toAbsolutePath().normalize().getFileName();
    if (name != null && (name.toString().equals("mnist") || name.toString().equals("fashion-mnist"))) {
      return name.toString();
    }
    throw new DataException(dir, "idx files of 28x28 images: MNIST and Fashion-MNIST share this format, "
        + "so the set is ambiguous; pass --set mnist or --set fashion-mnist");
  }

  private static long size(Path f) {
    try {
      return Files.size(f);
    } catch (IOException e) {
      throw new DataException(f, "cannot read: " + e.getMessage());
    }
  }

  /** The first {@code n} bytes of the (possibly gzipped) file, fewer if it is shorter or unreadable. */
  private static byte[] head(Path f, int n) {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(f))) {
      raw.mark(2);
      boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      try (InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
        return in.readNBytes(n);
      }
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
