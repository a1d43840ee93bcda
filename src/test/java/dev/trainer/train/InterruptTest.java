package dev.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.cli.Cli;
import dev.trainer.experiment.SweepRunner;
import dev.trainer.experiment.SweepSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
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
  static final String MLP = TrainerTest.MLP;

  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

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

  /**
   * A signal during a sweep stops the running run after its step with its checkpoint written and
   * starts no other; running the sweep again continues that run and trains the rest, to the same
   * results as a sweep that was never stopped. The signal is raised while the first run trains,
   * as soon as it has written a row.
   */
  @Test
  void aSignalStopsASweepResumably() throws Exception {
    Path file = Files.writeString(tmp.resolve("sweep.conf"), "[sweep]\nbase = " + mlp + "\n"
        + "grid.solver.base_lr = 0.05, 0.02\nset.solver.max_epochs = 0\nset.solver.max_iter = 40\n"
        + "set.solver.test_interval = 4\n");
    SweepSpec spec = SweepSpec.read(file);
    Path out = tmp.resolve("sweep");
    Path first = out.resolve(spec.runs().get(0).dirName());
    Path second = out.resolve(spec.runs().get(1).dirName());
    Thread raiser = new Thread(() -> {
      try {
        while (!(Files.exists(first.resolve("metrics.csv")) && Files.readAllLines(first.resolve("metrics.csv")).size() >= 2)) {
          Thread.sleep(1);
        }
        StopSignals.request("SIGUSR1");
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    raiser.start();
    try {
      assertThrows(RunInterrupted.class, () -> new SweepRunner(spec, out, 1, QUIET).run());
    } finally {
      raiser.join();
      StopSignals.clear();
    }
    int stopped = Checkpoint.load(first.resolve("last.ckpt")).iteration;
    assertTrue(stopped >= 4 && stopped < 40, "stopped at " + stopped);
    assertTrue(Files.readString(first.resolve("log.txt")).contains("interrupted by SIGUSR1"));
    assertFalse(Files.exists(first.resolve("result.txt")), "not marked as ended");
    assertFalse(Files.exists(second), "the next run did not start");

    StopSignals.request("SIGTERM");
    Cli.Result stoppedAtOnce = Cli.run("sweep", file.toString(), "--out", out.toString());
    assertEquals(StopSignals.EXIT_STATUS, stoppedAtOnce.status(), stoppedAtOnce.describe());
    assertTrue(stoppedAtOnce.out().contains("sweep interrupted by SIGTERM"), stoppedAtOnce.out());
    assertEquals(null, StopSignals.pending(), "the command forgets the request when it ends");

    Cli.Result resumed = Cli.run("sweep", file.toString(), "--out", out.toString());
    assertEquals(0, resumed.status(), resumed.describe());
    assertTrue(resumed.out().contains("resumed: "), resumed.out());
    Path whole = tmp.resolve("whole");
    Cli.Result uninterrupted = Cli.run("sweep", file.toString(), "--out", whole.toString());
    assertEquals(0, uninterrupted.status(), uninterrupted.describe());
    assertEquals(Files.readString(whole.resolve("summary.csv")), Files.readString(out.resolve("summary.csv")));
    for (Path run : List.of(first, second)) {
      Path same = whole.resolve(run.getFileName());
      assertArrayEquals(Files.readAllBytes(same.resolve("last.ckpt")), Files.readAllBytes(run.resolve("last.ckpt")));
      assertEquals(withoutTiming(same), withoutTiming(run));
    }
  }

  /** metrics.csv without its three timing columns (seconds, elapsed_seconds, images_per_sec). */
  static List<String> withoutTiming(Path dir) throws IOException {
    return Files.readAllLines(dir.resolve("metrics.csv")).stream().map(l -> l.replaceFirst(",[^,]*,[^,]*,[^,]*$", "")).toList();
  }
}
