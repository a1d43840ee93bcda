package dev.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGTERM and SIGUSR1 (what Slurm sends before a time limit) stop a run after its current step
 * with {@code last.ckpt} written and exit status 75; {@code --resume} then ends with the very bytes
 * of an uninterrupted run. The signal is sent to a child JVM at whatever iteration it has reached,
 * usually in the middle of a test interval, so the checkpoint must carry the interval's training sums.
 */
class InterruptTest {
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

  @TempDir Path tmp;
  private String mlp;

  @BeforeEach
  void writeConfig() throws IOException {
    String data = Path.of("data", "fashion-mnist").toAbsolutePath().toString();
    mlp = Files.writeString(tmp.resolve("mlp.conf"), MLP.formatted(data)).toString();
  }

  /** Waits until {@code file} has at least {@code lines} lines (the child has written a metrics row). */
  static void awaitLines(Path file, int lines, Process p) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!(Files.exists(file) && Files.readAllLines(file).size() >= lines)) {
      assertTrue(p.isAlive(), "the child ended before writing " + file);
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + file);
      Thread.sleep(20);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"TERM", "USR1"})
  void aSignalSavesTheCheckpointAndTheResumedRunEqualsAnUninterruptedOne(String signal) throws Exception {
    Path dir = tmp.resolve("signalled");
    Path console = tmp.resolve("console.txt");
    Process p = Subprocess.start(console, "run", mlp, "--out", dir.toString(), "solver.max_epochs=1000");
    awaitLines(dir.resolve("metrics.csv"), 2, p);
    Subprocess.signal(p, signal);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child did not stop");
    String out = Files.readString(console);
    assertEquals(StopSignals.EXIT_STATUS, p.exitValue(), out);
    assertTrue(out.contains("interrupted by SIG" + signal + " after iteration"), out);
    assertTrue(out.contains("--resume"), out);
    int stopped = Checkpoint.load(dir.resolve("last.ckpt")).iteration;
    assertTrue(stopped >= 8 && stopped < 8000, "stopped at " + stopped);

    String maxIter = "solver.max_iter=" + (stopped + 13);
    Cli.Result r = Cli.run("run", mlp, "--out", dir.toString(), "solver.max_epochs=0", maxIter, "--resume");
    assertEquals(0, r.status(), r.describe());
    Path whole = tmp.resolve("whole");
    Cli.Result w = Cli.run("run", mlp, "--out", whole.toString(), "solver.max_epochs=0", maxIter);
    assertEquals(0, w.status(), w.describe());

    assertEquals(withoutTiming(whole), withoutTiming(dir));
    assertEquals(Files.readString(whole.resolve("params.csv")), Files.readString(dir.resolve("params.csv")));
    assertArrayEquals(Files.readAllBytes(whole.resolve("last.ckpt")), Files.readAllBytes(dir.resolve("last.ckpt")));
  }

  /** metrics.csv without its two timing columns (seconds, images_per_sec). */
  static List<String> withoutTiming(Path dir) throws IOException {
    return Files.readAllLines(dir.resolve("metrics.csv")).stream().map(l -> l.replaceFirst(",[^,]*,[^,]*$", "")).toList();
  }
}
