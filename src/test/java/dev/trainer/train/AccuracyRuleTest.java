package dev.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accuracy as a run and {@code trainer test} report it: a net that cannot tell the classes apart
 * scores 0, not 1, and a checkpoint with a NaN weight has no accuracy at all.
 */
class AccuracyRuleTest {
  private static final String MLP = """
      [data]
      set = fashion-mnist
      dir = %s
      batch_size = 32
      train_limit = 64
      test_limit = 50

      [solver]
      base_lr = 0.05
      max_epochs = 1
      threads = 1

      [net]
      activation = relu

      [flatten]

      [fc]
      outputs = 8

      [fc]
      outputs = 10
      activation = none
      """;

  @TempDir Path tmp;
  private String mlp;

  @BeforeEach
  void writeConfig() throws IOException {
    String data = Path.of("data", "fashion-mnist").toAbsolutePath().toString();
    mlp = Files.writeString(tmp.resolve("mlp.conf"), MLP.formatted(data)).toString();
  }

  /** Zero weights and lr 0: every logit is 0, the loss ln 10, and every accuracy 0 (it was 1). */
  @Test
  void equalLogitsScoreZeroInTrainingAndTest() throws IOException {
    Path dir = tmp.resolve("flat");
    Cli.Result r = Cli.run("run", mlp, "--out", dir.toString(), "net.init=constant", "solver.base_lr=0");
    assertEquals(0, r.status(), r.describe());
    List<String> rows = Files.readAllLines(dir.resolve("metrics.csv"));
    List<String> header = List.of(rows.get(0).split(","));
    String[] row = rows.get(1).split(",", -1);
    assertEquals(Math.log(10), Double.parseDouble(row[header.indexOf("test_loss")]), 1e-5);
    for (String column : List.of("train_acc", "test_acc", "test_top5")) {
      assertEquals(0.0, Double.parseDouble(row[header.indexOf(column)]), column + " in " + rows);
    }
    assertTrue(r.out().contains("top-1 0.0000  top-5 0.0000"), r.out());
  }

  @Test
  void testingANaNWeightIsAnErrorNamingTheParameter() throws IOException {
    Path dir = tmp.resolve("run");
    Cli.Result r = Cli.run("run", mlp, "--out", dir.toString());
    assertEquals(0, r.status(), r.describe());
    Checkpoint c = Checkpoint.load(dir.resolve("last.ckpt"));
    c.tensors.get("params").get(2)[5] = Float.NaN; // fc2.weight (fc1.weight, fc1.bias come first)
    Path bad = tmp.resolve("nan.ckpt");
    c.save(bad);

    Cli.Result t = Cli.run("test", mlp, "--weights", bad.toString());
    assertEquals(1, t.status(), t.describe());
    assertEquals(1, t.err().lines().count(), t.err());
    assertTrue(t.err().contains(bad.toString()) && t.err().contains("'fc2.weight' holds NaN (value 6 of 80)"), t.err());
    assertFalse(t.out().contains("top-1"), t.out());
  }
}
