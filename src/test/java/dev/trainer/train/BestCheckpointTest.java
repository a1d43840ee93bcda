package dev.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * best.ckpt is chosen on validation top-1 when data.validation holds out part of the training set;
 * without one it is chosen on test top-1, and the log says so in words.
 */
class BestCheckpointTest {
  private static final String MLP = """
      [data]
      set = fashion-mnist
      dir = %s
      batch_size = 32
      train_limit = 256
      test_limit = 100

      [solver]
      base_lr = 0.05
      max_epochs = 5
      threads = 1

      [flatten]

      [fc]
      outputs = 16

      [fc]
      outputs = 10
      activation = none
      """;

  @TempDir Path tmp;

  private Path run(String name, String... overrides) throws IOException {
    String data = Path.of("data", "fashion-mnist").toAbsolutePath().toString();
    String config = Files.writeString(tmp.resolve("mlp.conf"), MLP.formatted(data)).toString();
    Path dir = tmp.resolve(name);
    List<String> args = new java.util.ArrayList<>(List.of("run", config, "--out", dir.toString()));
    args.addAll(List.of(overrides));
    Cli.Result r = Cli.run(args.toArray(String[]::new));
    assertEquals(0, r.status(), r.describe());
    return dir;
  }

  /** The iteration of the last metrics row whose {@code column} is the largest (ties: the later row, as best.ckpt is rewritten). */
  private static int bestRow(Path dir, String column) throws IOException {
    List<String> rows = Files.readAllLines(dir.resolve("metrics.csv"));
    int col = List.of(rows.get(0).split(",")).indexOf(column);
    double best = Double.NEGATIVE_INFINITY;
    int iteration = -1;
    for (String row : rows.subList(1, rows.size())) {
      String[] cells = row.split(",", -1);
      double v = Double.parseDouble(cells[col]);
      if (v >= best) {
        best = v;
        iteration = Integer.parseInt(cells[0]);
      }
    }
    return iteration;
  }

  @Test
  void withAValidationSplitBestIsChosenOnValidation() throws IOException {
    Path dir = run("val", "data.validation=0.25", "solver.max_epochs=4");
    String log = Files.readString(dir.resolve("log.txt"));
    assertTrue(bestRow(dir, "val_acc") != bestRow(dir, "test_acc"), "a run where the two choices differ");
    assertTrue(log.contains("best.ckpt: chosen on validation top-1 (64 held-out training examples)"), log);
    assertEquals(bestRow(dir, "val_acc"), Checkpoint.load(dir.resolve("best.ckpt")).iteration);
  }

  @Test
  void withoutOneTheLogSaysItIsChosenOnTest() throws IOException {
    Path dir = run("test");
    String log = Files.readString(dir.resolve("log.txt"));
    assertTrue(log.contains("best.ckpt: chosen on TEST top-1 (no validation split), so its test accuracy is optimistic;"
        + " set data.validation to choose on held-out data"), log);
    assertEquals(bestRow(dir, "test_acc"), Checkpoint.load(dir.resolve("best.ckpt")).iteration);
  }
}
