package dev.trainer.data;

import static dev.trainer.data.LoadersTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSetDetectorTest {
  @TempDir Path tmp;

  private Path copyOf(Path from, String name) throws IOException {
    Path to = Files.createDirectories(tmp.resolve(name));
    try (var files = Files.list(from)) {
      for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
    return to;
  }

  @Test
  void theShippedSetsAreRecognised() {
    assertEquals("cifar10", DataSetDetector.detect(Path.of("data/cifar-10-small")));
    assertEquals("fashion-mnist", DataSetDetector.detect(Path.of("data/fashion-mnist")));
    assertEquals("csv", DataSetDetector.detect(Path.of("data/spiral")));
  }

  @Test
  void mnistFormatInAFolderOfAnotherNameIsAmbiguous() throws IOException {
    Path dir = copyOf(Path.of("data/fashion-mnist"), "digits-or-clothes");
    assertMessage(() -> DataSetDetector.detect(dir), dir + ": idx files of 28x28 images: MNIST and Fashion-MNIST "
        + "share this format, so the set is ambiguous; pass --set mnist or --set fashion-mnist");
    assertEquals("mnist", DataSetDetector.detect(copyOf(dir, "mnist")));
  }

  @Test
  void cifar100ByRecordSize() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("c100"));
    Files.write(dir.resolve("train.bin"), new byte[2 * DataSetDetector.CIFAR100_RECORD]);
    Files.write(dir.resolve("test.bin"), new byte[DataSetDetector.CIFAR100_RECORD]);
    assertEquals("cifar100", DataSetDetector.detect(dir));
  }

  @Test
  void unknownMixedOrTruncatedFilesAskForSet() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertMessage(() -> DataSetDetector.detect(empty), "no data set recognised");
    Path cut = copyOf(Path.of("data/cifar-10-small"), "cut");
    Files.write(cut.resolve("test_batch.bin"), new byte[100]);
    assertMessage(() -> DataSetDetector.detect(cut), "no data set recognised");
    Path mixed = copyOf(Path.of("data/cifar-10-small"), "mixed");
    Files.copy(Path.of("data/spiral/train.csv"), mixed.resolve("train.csv"));
    Files.copy(Path.of("data/spiral/test.csv"), mixed.resolve("test.csv"));
    assertMessage(() -> DataSetDetector.detect(mixed), "more than one data set (cifar10, csv); pass --set NAME");
  }
}
