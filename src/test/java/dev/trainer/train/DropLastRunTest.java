package dev.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code data.drop_last = false}: 130 training images in batches of 32 are 5 iterations per epoch
 * (the fifth of 2 images) instead of 4, through a conv net with batch norm and dropout, and a run
 * resumed across the partial batch equals the uninterrupted run.
 */
class DropLastRunTest {
  private static final String CONV = """
      [data]
      set = fashion-mnist
      dir = %s
      batch_size = 32
      train_limit = 130
      test_limit = 50

      [solver]
      base_lr = 0.02
      max_epochs = 2
      threads = 1

      [net]
      activation = prelu

      [conv]
      filters = 4
      size = 5
      stride = 2

      [batchnorm]

      [maxpool]

      [flatten]

      [dropout]
      ratio = 0.2

      [fc]
      outputs = 10
      activation = none
      """;

  @TempDir Path tmp;
  private String conv;

  @BeforeEach
  void writeConfig() throws IOException {
    String data = Path.of("data", "fashion-mnist").toAbsolutePath().toString();
    conv = Files.writeString(tmp.resolve("conv.conf"), CONV.formatted(data)).toString();
  }

  private Path run(String name, String... overrides) {
    Path dir = tmp.resolve(name);
    Cli.Result r = Cli.run(Stream.concat(Stream.of("run", conv, "--out", dir.toString()), Stream.of(overrides))
        .toArray(String[]::new));
    assertEquals(0, r.status(), r.describe());
    return dir;
  }

  /** metrics.csv rows without the timing columns (seconds, elapsed_seconds, images/s: the last three). */
  private static List<String> metrics(Path dir) throws IOException {
    return Files.readAllLines(dir.resolve("metrics.csv")).stream().map(l -> l.replaceFirst(",[^,]*,[^,]*,[^,]*$", "")).toList();
  }

  private static String log(Path dir) throws IOException {
    return Files.readString(dir.resolve("log.txt"));
  }

  @Test
  void theDefaultDropsThePartialBatch() throws IOException {
    Path dir = run("drop");
    assertTrue(log(dir).contains("training 8 iterations (4 per epoch)"), log(dir));
    assertTrue(metrics(dir).get(2).startsWith("8,2.00000,"), metrics(dir).toString());
  }

  @Test
  void keepingItAddsOneIterationPerEpoch() throws IOException {
    Path dir = run("keep", "data.drop_last=false");
    assertTrue(log(dir).contains("training 10 iterations (5 per epoch)"), log(dir));
    List<String> rows = metrics(dir);
    assertEquals(3, rows.size(), rows.toString());
    assertTrue(rows.get(1).startsWith("5,1.00000,") && rows.get(2).startsWith("10,2.00000,"), rows.toString());
  }

  @Test
  void aRunResumedAfterAnEpochWithAPartialBatchEqualsTheUninterruptedRun() throws IOException {
    Path full = run("full", "data.drop_last=false");
    Path half = run("half", "data.drop_last=false", "solver.max_epochs=1");
    Cli.Result r = Cli.run("run", conv, "--out", half.toString(), "--resume", "data.drop_last=false", "solver.max_epochs=2");
    assertEquals(0, r.status(), r.describe());
    assertEquals(metrics(full), metrics(half));
    Checkpoint a = Checkpoint.load(full.resolve("last.ckpt"));
    Checkpoint b = Checkpoint.load(half.resolve("last.ckpt"));
    assertEquals(a.iteration, b.iteration);
    for (int i = 0; i < a.tensors.get("params").size(); i++) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(a.tensors.get("params").get(i), b.tensors.get("params").get(i));
    }
  }
}
