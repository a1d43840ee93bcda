package dev.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.cli.Cli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole runs through the command line ({@code trainer run/test}) on a few hundred Fashion-MNIST
 * images: determinism, exact resume (also after a simulated kill -9), refusals, divergence and
 * {@code trainer test}. The nets have PReLU (learned slopes: params.csv rows) and dropout (a
 * random stream per layer), so that the checkpoint must carry both to resume exactly.
 */
class TrainerTest {
  /** 256 training images in batches of 32: 8 iterations per epoch (InterruptTest uses it too). */
  static final String MLP = """
      [data]
      set = fashion-mnist
      dir = %s
      batch_size = 32
      train_limit = 256
      test_limit = 100

      [solver]
      base_lr = 0.05
      max_epochs = 4
      display = 3
      threads = 1

      [net]
      activation = prelu

      [flatten]

      [fc]
      outputs = 24

      [dropout]
      ratio = 0.3

      [fc]
      outputs = 10
      activation = none
      """;

  /** A conv net with batch norm (running statistics in the checkpoint's layer state). */
  private static final String CONV = """
      [data]
      set = fashion-mnist
      dir = %s
      batch_size = 32
      train_limit = 128
      test_limit = 100

      [solver]
      base_lr = 0.02
      max_epochs = 2
      threads = 2

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
  private String mlp;
  private String conv;

  @BeforeEach
  void writeConfigs() throws IOException {
    String data = Path.of("data", "fashion-mnist").toAbsolutePath().toString();
    mlp = Files.writeString(tmp.resolve("mlp.conf"), MLP.formatted(data)).toString();
    conv = Files.writeString(tmp.resolve("conv.conf"), CONV.formatted(data)).toString();
  }

  private Path run(String name, String config, String... overrides) {
    Path dir = tmp.resolve(name);
    Cli.Result r = Cli.run(args(List.of("run", config, "--out", dir.toString()), overrides));
    assertEquals(0, r.status(), r.describe());
    return dir;
  }

  private Cli.Result resume(Path dir, String config, String... overrides) {
    return Cli.run(args(List.of("run", config, "--out", dir.toString(), "--resume"), overrides));
  }

  private static String[] args(List<String> head, String... rest) {
    return Stream.concat(head.stream(), Stream.of(rest)).toArray(String[]::new);
  }

  /** metrics.csv without its three timing columns (seconds, elapsed_seconds, images_per_sec). */
  private static List<String> metricsWithoutTiming(Path dir) throws IOException {
    List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"));
    return lines.stream().map(l -> l.replaceFirst(",[^,]*,[^,]*,[^,]*$", "")).toList();
  }

  private static String params(Path dir) throws IOException {
    return Files.readString(dir.resolve("params.csv"));
  }

  /** Asserts that two checkpoints hold the same iteration, tensors (params, momentum, state) and RNG states. */
  private static void assertSameCheckpoint(Path a, Path b) {
    Checkpoint x = Checkpoint.load(a);
    Checkpoint y = Checkpoint.load(b);
    assertEquals(x.iteration, y.iteration);
    assertEquals(x.tensors.keySet(), y.tensors.keySet());
    for (String key : x.tensors.keySet()) {
      assertEquals(x.tensors.get(key).size(), y.tensors.get(key).size(), key);
      for (int i = 0; i < x.tensors.get(key).size(); i++) {
        assertArrayEquals(x.tensors.get(key).get(i), y.tensors.get(key).get(i), key + "[" + i + "]");
      }
    }
    assertEquals(x.longs.keySet(), y.longs.keySet());
    x.longs.forEach((k, v) -> assertArrayEquals(v, y.longs.get(k), k));
  }

  private static void assertSameRun(Path expected, Path actual) throws IOException {
    assertEquals(metricsWithoutTiming(expected), metricsWithoutTiming(actual));
    assertEquals(params(expected), params(actual));
    assertSameCheckpoint(expected.resolve("last.ckpt"), actual.resolve("last.ckpt"));
  }

  /** Every file of a directory with its bytes, to show that a command changed nothing. */
  private static Map<String, String> contents(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) files.put(p.getFileName().toString(), new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
    }
    return files;
  }

  @Test
  void sameSeedGivesIdenticalFilesAndAnotherSeedDoesNot() throws IOException {
    Path a = run("a", mlp);
    Path b = run("b", mlp);
    Path c = run("c", mlp, "solver.random_seed=2");
    assertEquals(5, metricsWithoutTiming(a).size(), "header and one row per epoch");
    assertTrue(params(a).contains("fc1.prelu.slope"), params(a));
    assertSameRun(a, b);
    assertNotEquals(metricsWithoutTiming(a), metricsWithoutTiming(c));
    assertNotEquals(params(a), params(c));
  }

  @Test
  void resumingHalfARunWithMoreEpochsEqualsTheUninterruptedRun() throws IOException {
    Path full = run("full", mlp);
    Path half = run("half", mlp, "solver.max_epochs=2");
    assertEquals(3, metricsWithoutTiming(half).size());
    Cli.Result r = resume(half, mlp, "solver.max_epochs=4");
    assertEquals(0, r.status(), r.describe());
    assertTrue(r.out().contains("resuming"), r.out());
    assertSameRun(full, half);
  }

  /** AdamW's m and v are in the checkpoint (two tensors per parameter) and its step count is the iteration. */
  @Test
  void resumingAnAdamwRunWithCosineRestartsAndWarmupEqualsTheUninterruptedRun() throws IOException {
    String[] adamw = {"solver.type=adamw", "solver.base_lr=0.005", "solver.weight_decay=0.01",
        "solver.lr_policy=cosine", "solver.cosine_period=8", "solver.cosine_mult=2", "solver.warmup_iter=4"};
    Path full = run("full", mlp, adamw);
    Path half = run("half", mlp, args(List.of(adamw), "solver.max_epochs=2"));
    Cli.Result r = resume(half, mlp, args(List.of(adamw), "solver.max_epochs=4"));
    assertEquals(0, r.status(), r.describe());
    assertSameRun(full, half);
    Checkpoint c = Checkpoint.load(full.resolve("last.ckpt"));
    assertEquals(2 * c.tensors.get("params").size(), c.tensors.get("history").size());
    assertNotEquals(metricsWithoutTiming(run("sgd", mlp)), metricsWithoutTiming(full));
  }

  /**
   * A run killed while saving the checkpoint of iteration 24: metrics.csv and params.csv already
   * have the rows of iteration 24 (the last one cut short) and last.ckpt.tmp is half written, but
   * last.ckpt is still the one of iteration 16. Resuming drops the rows after 16 and redoes them.
   */
  @Test
  void resumeAfterAKillDuringACheckpointEqualsTheUninterruptedRun() throws IOException {
    Path full = run("full", mlp);
    Path killed = run("killed", mlp, "solver.max_epochs=2");
    Path later = run("later", mlp, "solver.max_epochs=3");
    List<String> metrics = Files.readAllLines(later.resolve("metrics.csv"));
    String row24 = metrics.get(3);
    assertTrue(row24.startsWith("24,"), row24);
    append(killed.resolve("metrics.csv"), row24 + "\n" + row24.substring(0, row24.length() / 2));
    List<String> params = Files.readAllLines(later.resolve("params.csv"));
    append(killed.resolve("params.csv"), params.get(params.size() - 1) + "\n\"fc1.pre");
    byte[] ckpt = Files.readAllBytes(later.resolve("last.ckpt"));
    Files.write(killed.resolve("last.ckpt.tmp"), java.util.Arrays.copyOf(ckpt, ckpt.length / 3));

    Cli.Result r = resume(killed, mlp, "solver.max_epochs=4");
    assertEquals(0, r.status(), r.describe());
    assertSameRun(full, killed);
    assertFalse(Files.exists(killed.resolve("last.ckpt.tmp")));
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardOpenOption.APPEND);
  }

  @Test
  void resumingAFinishedRunChangesNothing() throws IOException {
    Path dir = run("done", mlp, "solver.max_epochs=1");
    Map<String, String> before = contents(dir);
    Cli.Result r = resume(dir, mlp, "solver.max_epochs=1");
    assertEquals(0, r.status(), r.describe());
    assertTrue(r.out().contains("already finished at iteration 8 of 8"), r.out());
    assertEquals(before, contents(dir));
  }

  @Test
  void resumeWithAnotherLearningRateIsRefusedNamingTheKey() throws IOException {
    Path dir = run("lr", mlp, "solver.max_epochs=1");
    Map<String, String> before = contents(dir);
    Cli.Result r = resume(dir, mlp, "solver.max_epochs=2", "solver.base_lr=0.1");
    assertEquals(2, r.status(), r.describe());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("solver.base_lr") && !r.err().contains("max_epochs"), r.err());
    assertEquals(before, contents(dir));
  }

  @Test
  void runIntoADirectoryHoldingARunIsRefused() throws IOException {
    Path dir = run("taken", mlp, "solver.max_epochs=1");
    Map<String, String> before = contents(dir);
    Cli.Result r = Cli.run("run", mlp, "--out", dir.toString(), "solver.max_epochs=1");
    assertEquals(2, r.status(), r.describe());
    assertTrue(r.err().contains("already holds a run") && r.err().contains("--resume"), r.err());
    assertEquals(before, contents(dir));
  }

  /**
   * A run killed after writing its first rows but before its first checkpoint (here: a finished
   * one-epoch run without its checkpoints) can be neither resumed nor rerun as it is; --resume
   * starts it over and ends as an uninterrupted run.
   */
  @Test
  void resumeOfARunKilledBeforeItsFirstCheckpointStartsItOver() throws IOException {
    Path full = run("full", mlp);
    Path killed = run("killed", mlp, "solver.max_epochs=1");
    Files.delete(killed.resolve("last.ckpt"));
    Files.delete(killed.resolve("best.ckpt"));
    Cli.Result plain = Cli.run("run", mlp, "--out", killed.toString());
    assertEquals(2, plain.status(), plain.describe());
    assertTrue(plain.err().contains("no checkpoint yet") && plain.err().contains("--resume"), plain.err());

    Cli.Result r = resume(killed, mlp);
    assertEquals(0, r.status(), r.describe());
    assertTrue(r.out().contains("starting from iteration 0"), r.out());
    assertSameRun(full, killed);
  }

  @Test
  void resumeInANewDirectoryStartsFromScratch() throws IOException {
    Path full = run("full", mlp);
    Path fresh = tmp.resolve("fresh");
    Cli.Result r = resume(fresh, mlp);
    assertEquals(0, r.status(), r.describe());
    assertSameRun(full, fresh);
  }

  @Test
  void aHugeLearningRateStopsWithExitOneNamingTheLayer() {
    Path dir = tmp.resolve("huge");
    Cli.Result r = Cli.run("run", mlp, "--out", dir.toString(), "solver.base_lr=1e6");
    assertEquals(1, r.status(), r.describe());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().matches("(?s)error: diverged at iteration \\d+: .*(layer|parameter) 'fc\\d[a-z.]*'.*"), r.err());
    assertFalse(r.err().contains("at dev."), r.err());
  }

  /** The learning rate jumps by 10^6 after the first epoch: the first epoch's row and checkpoint stay. */
  @Test
  void divergenceKeepsTheRowsAndTheLastGoodCheckpoint() throws IOException {
    Path dir = tmp.resolve("jump");
    Cli.Result r = Cli.run("run", mlp, "--out", dir.toString(), "solver.lr_policy=step", "solver.step_unit=epoch",
        "solver.stepsize=1", "solver.gamma=1e6");
    assertEquals(1, r.status(), r.describe());
    assertTrue(r.err().startsWith("error: diverged at iteration "), r.err());
    assertTrue(Files.readString(dir.resolve("log.txt")).contains(r.err().strip()), "log.txt records the failure");
    List<String> metrics = metricsWithoutTiming(dir);
    assertEquals(2, metrics.size(), String.join("\n", metrics));
    assertTrue(metrics.get(1).startsWith("8,"), metrics.get(1));
    assertEquals(8, Checkpoint.load(dir.resolve("last.ckpt")).iteration);
    assertTrue(params(dir).contains("\n8,fc1.prelu.slope,"), params(dir));
  }

  @Test
  void testCommandReproducesTheLastTestRowOfARun() throws IOException {
    Path dir = run("conv", conv);
    List<String> rows = Files.readAllLines(dir.resolve("metrics.csv"));
    String[] last = rows.get(rows.size() - 1).split(",", -1);
    assertEquals("8", last[0]);
    Cli.Result r = Cli.run("test", conv, "--weights", dir.resolve("last.ckpt").toString());
    assertEquals(0, r.status(), r.describe());
    List<String> header = List.of(rows.get(0).split(","));
    assertTrue(r.out().contains("at iteration 8 on 100 test examples: loss " + last[header.indexOf("test_loss")]
        + "  top-1 " + last[header.indexOf("test_acc")] + "  top-5 " + last[header.indexOf("test_top5")]),
        r.out() + " vs " + String.join(",", last));
    assertEquals("", r.err(), "the same config: no note");

    Cli.Result other = Cli.run("test", conv, "data.test_limit=50", "solver.display=3", "--weights",
        dir.resolve("last.ckpt").toString());
    assertEquals(0, other.status(), other.describe());
    assertTrue(other.err().startsWith("note: ") && other.err().contains("data.test_limit")
        && !other.err().contains("solver."), other.err());
    assertTrue(other.out().contains("on 50 test examples"), other.out());
  }
}
