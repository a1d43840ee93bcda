package dev.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.UserError;
import dev.trainer.tensor.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadersTest {
  /** The subsets shipped in the repository's data/ folder (tests run from the project root). */
  static final Path SHIPPED = Path.of("data");

  @TempDir Path tmp;

  @Test
  void shippedFashionMnistSubset() {
    DataSets.Splits s = DataSets.load("fashion-mnist", SHIPPED.resolve("fashion-mnist"));
    assertEquals(5000, s.train().size());
    assertEquals(1000, s.test().size());
    assertEquals(Shape.of(1, 28, 28), s.train().shape());
    assertEquals("Ankle boot", s.train().className(9));
    assertEquals(9, s.train().labels[0], "the first Fashion-MNIST training image is an ankle boot");
    assertEquals(5000, sum(s.train().classCounts()));
    assertRange01(s.train().images);
  }

  @Test
  void shippedCifar10Subset() {
    DataSets.Splits s = DataSets.load("cifar10", SHIPPED.resolve("cifar-10-small"));
    assertEquals(500, s.train().size());
    assertEquals(100, s.test().size());
    assertEquals(Shape.of(3, 32, 32), s.train().shape());
    assertEquals(6, s.train().labels[0], "data_batch_1 starts with a frog");
    assertEquals(3, s.test().labels[0], "test_batch starts with a cat");
    assertEquals("frog", s.train().className(6));
    assertRange01(s.test().images);
  }

  @Test
  void idxReadsPlainAndGzippedFilesAlike() throws IOException {
    byte[] images = idxImages(3, 28, 28);
    byte[] labels = idxLabels(new int[] {1, 2, 9});
    Path img = write("img", images);
    Path lab = write("lab", labels);
    Path imgGz = write("img.gz", gzip(images));
    Path labGz = write("lab.gz", gzip(labels));
    Dataset plain = MnistIdx.load("t", img, lab, 10, null);
    Dataset gz = MnistIdx.load("t", imgGz, labGz, 10, null);
    assertArrayEquals(new int[] {1, 2, 9}, plain.labels);
    assertArrayEquals(plain.images, gz.images);
    assertEquals((images[16 + 5] & 0xff) / 255f, plain.images[5]);
  }

  @Test
  void idxWrongMagicNamesTheFile() throws IOException {
    byte[] images = idxImages(2, 28, 28);
    images[3] = 0x01;
    Path img = write("bad-images", images);
    Path lab = write("labels", idxLabels(new int[] {0, 1}));
    DataException e = assertThrows(DataException.class, () -> MnistIdx.load("t", img, lab, 10, null));
    assertTrue(e.getMessage().startsWith(img.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("magic number 0x801, expected 0x803"), e.getMessage());
    assertEquals(2, e.exitCode());
  }

  @Test
  void idxCountMismatchAndBadLabelsAndEmptyFiles() throws IOException {
    Path img = write("images", idxImages(3, 28, 28));
    Path lab2 = write("labels2", idxLabels(new int[] {0, 1}));
    assertMessage(() -> MnistIdx.load("t", img, lab2, 10, null), "3 images but");
    Path lab10 = write("labels10", idxLabels(new int[] {0, 10, 1}));
    assertMessage(() -> MnistIdx.load("t", img, lab10, 10, null), "label 10 of example 1");
    Path empty = write("empty", new byte[0]);
    assertMessage(() -> MnistIdx.load("t", empty, lab2, 10, null), empty + ": empty file");
    Path small = write("small", idxImages(3, 32, 32));
    assertMessage(() -> MnistIdx.load("t", small, lab2, 10, null), "expected 28x28");
    byte[] cut = idxImages(3, 28, 28);
    Path truncated = write("truncated", java.util.Arrays.copyOf(cut, cut.length - 100));
    assertMessage(() -> MnistIdx.load("t", truncated, write("l3", idxLabels(new int[] {0, 1, 2})), 10, null),
        "the file holds");
    assertMessage(() -> MnistIdx.load("t", tmp.resolve("missing"), lab2, 10, null), "file not found");
  }

  @Test
  void cifarCountsRecordsFromTheFileSize() throws IOException {
    Path f = write("data_batch_1.bin", cifar(new int[] {3, 7, 0}, 1));
    Dataset d = CifarBinary.load("c", List.of(f, f), CifarBinary.Label.CIFAR10, 10, null);
    assertEquals(6, d.size());
    assertArrayEquals(new int[] {3, 7, 0, 3, 7, 0}, d.labels);
    assertEquals(pixel(1, 5) / 255f, d.images[3072 + 5]);
  }

  @Test
  void cifar100HasCoarseAndFineLabels() throws IOException {
    byte[] b = new byte[2 * 3074];
    b[0] = 4;
    b[1] = 77;
    b[3074] = 19;
    b[3075] = 99;
    Path f = write("train.bin", b);
    assertArrayEquals(new int[] {77, 99}, CifarBinary.load("c", List.of(f), CifarBinary.Label.FINE, 100, null).labels);
    assertArrayEquals(new int[] {4, 19}, CifarBinary.load("c", List.of(f), CifarBinary.Label.COARSE, 20, null).labels);
  }

  @Test
  void cifarBadFiles() throws IOException {
    byte[] three = cifar(new int[] {1, 2, 3}, 1);
    Path truncated = write("truncated.bin", java.util.Arrays.copyOf(three, three.length - 10));
    DataException e = assertThrows(DataException.class,
        () -> CifarBinary.load("c", List.of(truncated), CifarBinary.Label.CIFAR10, 10, null));
    assertTrue(e.getMessage().startsWith(truncated.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("2 records and 3063 bytes left over"), e.getMessage());
    Path badLabel = write("label.bin", cifar(new int[] {1, 12, 3}, 1));
    assertMessage(() -> CifarBinary.load("c", List.of(badLabel), CifarBinary.Label.CIFAR10, 10, null),
        badLabel + ": record 1 has label 12");
    Path empty = write("empty.bin", new byte[0]);
    assertMessage(() -> CifarBinary.load("c", List.of(empty), CifarBinary.Label.CIFAR10, 10, null), "empty file");
  }

  @Test
  void cifar10NeedsATrainingBatch() {
    assertMessage(() -> DataSets.load("cifar10", tmp), "no CIFAR-10 training file");
    assertMessage(() -> DataSets.load("cifar", tmp), "did you mean");
    assertMessage(() -> DataSets.load("mnist", tmp.resolve("nope")), "no such data folder");
  }

  @Test
  void csvWithAndWithoutHeader() throws IOException {
    Path withHeader = Files.writeString(tmp.resolve("h.csv"), "a,label,b\n1.5,2,3\n-1,0,4e-1\n");
    Dataset d = CsvDataset.load("csv", withHeader, "label", true, 0);
    assertEquals(Shape.of(2), d.shape());
    assertEquals(3, d.classes());
    assertArrayEquals(new int[] {2, 0}, d.labels);
    assertArrayEquals(new float[] {1.5f, 3f, -1f, 0.4f}, d.images);
    Path plain = Files.writeString(tmp.resolve("p.csv"), "1,0.5\n0,0.25\n");
    Dataset p = CsvDataset.load("csv", plain, "0", false, 4);
    assertEquals(4, p.classes());
    assertArrayEquals(new float[] {0.5f, 0.25f}, p.images);
  }

  @Test
  void csvBadRowsNameTheLine() throws IOException {
    Path f = Files.writeString(tmp.resolve("bad.csv"), "x,y,label\n1,2,0\n3,4,1\n5,abc,1\n");
    assertMessage(() -> CsvDataset.load("csv", f, "label", true, 0), f + ":4: column 2 is 'abc'");
    Path short_ = Files.writeString(tmp.resolve("short.csv"), "1,2,0\n3,1\n");
    assertMessage(() -> CsvDataset.load("csv", short_, "2", false, 0), short_ + ":2: 2 columns, expected 3");
    Path label = Files.writeString(tmp.resolve("label.csv"), "1,2,0\n3,1,-1\n");
    assertMessage(() -> CsvDataset.load("csv", label, "2", false, 0), label + ":2: label -1");
    Path range = Files.writeString(tmp.resolve("range.csv"), "1,2,0\n3,1,5\n");
    assertMessage(() -> CsvDataset.load("csv", range, "2", false, 3), range + ":2: label 5 is not in 0..2");
    assertMessage(() -> CsvDataset.load("csv", f, "class", true, 0), "no column named 'class'");
    Path blank = Files.writeString(tmp.resolve("blank.csv"), "1,2,0\n\n3,x,1");
    assertMessage(() -> CsvDataset.load("csv", blank, "2", false, 0), blank + ":3: column 2 is 'x'");
  }

  static void assertMessage(org.junit.jupiter.api.function.Executable run, String fragment) {
    UserError e = assertThrows(UserError.class, run);
    assertTrue(e.getMessage().contains(fragment), () -> "'" + e.getMessage() + "' lacks '" + fragment + "'");
    assertTrue(!e.getMessage().contains("\n"), "one line");
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(tmp.resolve(name), bytes);
  }

  static byte[] idxImages(int n, int rows, int cols) {
    ByteBuffer b = ByteBuffer.allocate(16 + n * rows * cols);
    b.putInt(0x803).putInt(n).putInt(rows).putInt(cols);
    for (int i = 0; i < n * rows * cols; i++) b.put((byte) (i * 7));
    return b.array();
  }

  static byte[] idxLabels(int[] labels) {
    ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
    b.putInt(0x801).putInt(labels.length);
    for (int y : labels) b.put((byte) y);
    return b.array();
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  /** CIFAR records with the given labels and pixel bytes {@link #pixel}(record, i). */
  static byte[] cifar(int[] labels, int labelBytes) {
    int rec = labelBytes + 3072;
    byte[] b = new byte[labels.length * rec];
    for (int r = 0; r < labels.length; r++) {
      b[r * rec + labelBytes - 1] = (byte) labels[r];
      for (int i = 0; i < 3072; i++) b[r * rec + labelBytes + i] = (byte) pixel(r, i);
    }
    return b;
  }

  static int pixel(int record, int i) {
    return (record * 31 + i * 13) & 0xff;
  }

  private static int sum(int[] a) {
    int s = 0;
    for (int v : a) s += v;
    return s;
  }

  private static void assertRange01(float[] x) {
    float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
    for (float v : x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertEquals(0f, min);
    assertEquals(1f, max);
  }
}
