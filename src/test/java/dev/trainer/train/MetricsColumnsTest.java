package dev.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.cli.Cli;
import dev.trainer.experiment.CsvTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The columns of metrics.csv and params.csv: validation top-5 beside top-1, the per-interval
 * {@code seconds} beside the cumulative {@code elapsed_seconds} (which a resumed run continues),
 * and params.csv's iteration-0 rows with the initial values, written once also when a run starts over.
 */
class MetricsColumnsTest {
  private static final String CONFIG = """
      [data]
      set = fashion-mnist
      dir = %s
      batch_size = 32
      train_limit = 160
      test_limit = 64
      validation = 0.2

      [solver]
      base_lr = 0.05
      max_epochs = 2
      threads = 1

      [net]
      activation = prelu

      [flatten]

      [fc]
      name = fc1
      outputs = 16

      [fc]
      name = fc2
      outputs = 10
      activation = none
      """;

  @TempDir Path tmp;
  private String conf;

  @BeforeEach
  void write() throws IOException {
    conf = Files.writeString(tmp.resolve("mlp.conf"), CONFIG.formatted(Path.of("data", "fashion-mnist").toAbsolutePath())).toString();
  }

  private Cli.Result run(Path dir, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("run", conf, "--out", dir.toString()));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void metricsHaveValidationTop5AndElapsedSecondsThatSurviveResume() throws IOException {
    Path dir = tmp.resolve("run");
    assertEquals(0, run(dir).status());
    CsvTable first = CsvTable.read(dir.resolve("metrics.csv"));
    assertEquals(List.of("iteration", "epoch", "lr", "train_loss", "train_acc", "val_loss", "val_acc", "val_top5",
        "test_loss", "test_acc", "test_top5", "seconds", "elapsed_seconds", "images_per_sec"), first.header());
    assertEquals(2, first.size());
    for (int i = 0; i < first.size(); i++) {
      assertTrue(first.number(i, "val_top5") >= first.number(i, "val_acc"), "top-5 >= top-1");
      assertTrue(first.number(i, "val_top5") > 0 && first.number(i, "val_top5") <= 1);
    }
    assertTrue(first.number(0, "elapsed_seconds") >= first.number(0, "seconds"));
    assertTrue(first.number(1, "elapsed_seconds") >= first.number(0, "elapsed_seconds") + first.number(1, "seconds"),
        "cumulative: includes both intervals");

    Cli.Result resumed = run(dir, "solver.max_epochs=4", "--resume");
    assertEquals(0, resumed.status(), resumed.describe());
    CsvTable after = CsvTable.read(dir.resolve("metrics.csv"));
    assertEquals(4, after.size());
    assertEquals(first.text(1, "elapsed_seconds"), after.text(1, "elapsed_seconds"), "rows before the checkpoint kept");
    assertTrue(after.number(2, "elapsed_seconds") >= first.number(1, "elapsed_seconds") + after.number(2, "seconds"),
        "the resumed run continues the count");
  }

  @Test
  void paramsStartWithTheInitialValuesAtIterationZeroOnce() throws IOException {
    Path dir = tmp.resolve("run");
    assertEquals(0, run(dir).status());
    List<String> rows = Files.readAllLines(dir.resolve("params.csv"));
    assertEquals("0,fc1.prelu.slope,0.250000,0.00000,0.250000,0.250000", rows.get(1));
    assertEquals(1, rows.stream().filter(r -> r.startsWith("0,")).count());

    // Started over (no checkpoint left): the file is rewritten, not appended to.
    Files.delete(dir.resolve("last.ckpt"));
    assertEquals(0, run(dir, "--resume").status());
    assertEquals(rows, Files.readAllLines(dir.resolve("params.csv")));
    // Resumed from a checkpoint: the iteration-0 rows are kept and not written again.
    assertEquals(0, run(dir, "solver.max_epochs=3", "--resume").status());
    List<String> longer = Files.readAllLines(dir.resolve("params.csv"));
    assertEquals(rows, longer.subList(0, rows.size()));
    assertEquals(1, longer.stream().filter(r -> r.startsWith("0,")).count());
  }
}
