package dev.trainer.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A UTF-8 byte-order mark (as Windows editors write it) at the start of a sweep or CSV file is skipped. */
class ByteOrderMarkTest {
  private static final String BOM = "\uFEFF";

  @TempDir Path tmp;

  @Test
  void sweepFile() throws IOException {
    Path file = tmp.resolve("sweep.conf");
    Files.writeString(file, BOM + "[sweep]\nbase = " + Path.of("configs/mlp-deep.conf").toAbsolutePath() + "\nrepeats = 2\n");
    assertEquals(2, SweepSpec.read(file).repeats());
  }

  @Test
  void csvTableHeader() throws IOException {
    Path file = tmp.resolve("metrics.csv");
    Files.writeString(file, BOM + "iteration,test_acc\n10,0.5\n20,0.75\n");
    CsvTable t = CsvTable.read(file);
    assertEquals(List.of("iteration", "test_acc"), t.header());
    assertArrayEquals(new double[] {10, 20}, t.numbers("iteration"));
  }
}
