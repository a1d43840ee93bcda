package dev.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trainer sweep --slurm} against a real Slurm: {@code .ci/slurm-up} starts a single-node
 * one, and {@code .ci/run} sets {@code TRAINER_REQUIRE_SLURM=1} so that a missing {@code sbatch}
 * fails these tests there instead of skipping them (they are skipped, with the reason printed,
 * where there is no Slurm).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SlurmSweepTest {
  private static final Path MLP = Path.of("configs/mlp-deep.conf").toAbsolutePath();
  private static final Pattern SUBMITTED = Pattern.compile("submitted array job (\\d+) \\(.*\\) and summary job (\\d+) ");

  @TempDir Path tmp;

  @BeforeAll
  static void needsSlurm() {
    if (Sbatch.path() != null) return;
    String reason = "sbatch is not on PATH (.ci/slurm-up starts a single-node Slurm)";
    if ("1".equals(System.getenv("TRAINER_REQUIRE_SLURM"))) fail("TRAINER_REQUIRE_SLURM=1 but " + reason);
    System.out.println("SlurmSweepTest skipped: " + reason);
    Assumptions.abort(reason);
  }

  @Test
  void tinySweepOnSlurmGivesTheSummaryOfALocalSweep() throws Exception {
    Path local = tmp.resolve("local");
    Path slurm = tmp.resolve("slurm");
    Cli.Result l = Cli.run("sweep", "configs/sweeps/tiny.conf", "--out", local.toString(), "--jobs", "1");
    assertEquals(0, l.status(), l.describe());

    String[] jobs = submit("configs/sweeps/tiny.conf", slurm);
    waitUntilGone(jobs, false);
    String summaryLog = Files.readString(slurm.resolve("slurm/summary.log"));
    assertTrue(summaryLog.contains("wrote " + slurm.resolve("summary.csv")), summaryLog);
    assertEquals(untimed(local.resolve("summary.csv")), untimed(slurm.resolve("summary.csv")));
    for (int i = 0; i < 8; i++) {
      String log = Files.readString(slurm.resolve("slurm/task-" + i + ".log"));
      assertTrue(log.contains("== task " + i + " of job " + jobs[0] + ", attempt 1,"), log);
    }
  }

  /**
   * Task 0 gets USR1 as before its time limit ({@code scancel --batch}: the batch shell only, as
   * {@code --signal=B:USR1@120} does) and requeues itself; task 1 is requeued by {@code scontrol
   * requeue} (TERM). Slurm holds a requeued job for two minutes; the test releases it at once.
   */
  @Test
  void requeuedTasksResumeToTheBitsOfAnUninterruptedSweep() throws Exception {
    Path file = tmp.resolve("two.conf");
    Files.writeString(file, """
        [sweep]
        base = %s
        grid.net.activation = relu, tanh
        set.data.train_limit = 640
        set.data.test_limit = 200
        set.solver.max_epochs = 30
        set.solver.display = 0
        """.formatted(MLP));
    Path slurm = tmp.resolve("slurm");
    String[] jobs = submit(file.toString(), slurm);
    List<Path> runs = List.of(slurm.resolve("net.activation=relu-s1"), slurm.resolve("net.activation=tanh-s1"));
    List<List<String>> signals = List.of(List.of("scancel", "--batch", "--signal=USR1", jobs[0] + "_0"),
        List.of("scontrol", "requeue", jobs[0] + "_1"));
    boolean[] sent = new boolean[2];
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    while (!(sent[0] && sent[1])) {                 // each as soon as its run is under way (one CPU: one after the other)
      for (int i = 0; i < 2; i++) {
        if (!sent[i] && tested(runs.get(i))) {
          run(signals.get(i).toArray(String[]::new));
          sent[i] = true;
        }
      }
      if (System.nanoTime() > deadline) fail("the runs did not start: " + squeue(jobs));
      Thread.sleep(100);
    }
    waitUntilGone(jobs, true);

    for (int i = 0; i < 2; i++) {
      String log = Files.readString(slurm.resolve("slurm/task-" + i + ".log"));
      assertTrue(log.contains("interrupted by SIG" + (i == 0 ? "USR1" : "TERM") + " after writing its last.ckpt"), log);
      assertTrue(log.contains("attempt 2,"), log);
      assertTrue(log.contains(": resumed: "), log);
    }
    assertTrue(Files.readString(slurm.resolve("slurm/task-0.log")).contains("== checkpoint written; requeueing " + jobs[0] + "_0"));

    Path local = tmp.resolve("local");
    Cli.Result l = Cli.run("sweep", file.toString(), "--out", local.toString(), "--jobs", "1");
    assertEquals(0, l.status(), l.describe());
    for (Path r : runs) {
      Path ref = local.resolve(r.getFileName());
      assertArrayEquals(Files.readAllBytes(ref.resolve("last.ckpt")), Files.readAllBytes(r.resolve("last.ckpt")), r.toString());
      assertEquals(Files.readString(ref.resolve("metrics.csv")).lines().map(SlurmSweepTest::withoutTiming).toList(),
          Files.readString(r.resolve("metrics.csv")).lines().map(SlurmSweepTest::withoutTiming).toList());
    }
    assertEquals(untimed(local.resolve("summary.csv")), untimed(slurm.resolve("summary.csv")));
  }

  /** Submits the sweep with small tasks and returns the array and summary job ids. */
  private static String[] submit(String file, Path out) {
    Cli.Result r = Cli.run("sweep", file, "--out", out.toString(), "--slurm", "--jobs", "2", "--cpus", "1",
        "--mem", "1G", "--time", "0:15:00");
    assertEquals(0, r.status(), r.describe());
    Matcher m = SUBMITTED.matcher(r.out());
    assertTrue(m.find(), r.out());
    return new String[] {m.group(1), m.group(2)};
  }

  /** Whether the run has written a test row (so a signal now comes in the middle of it). */
  private static boolean tested(Path run) throws IOException {
    Path metrics = run.resolve("metrics.csv");
    return Files.exists(metrics) && Files.readAllLines(metrics).size() >= 2;
  }

  /** Waits until squeue lists none of the jobs; with {@code release}, lets requeued tasks start at once. */
  private static void waitUntilGone(String[] jobs, boolean release) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
    // slurmd refuses to launch a job whose credential was revoked in the same second ("already
    // killed, do not launch"), and that attempt then fails: release a requeued task only after it
    // has been held for three polls.
    Map<String, Integer> held = new HashMap<>();
    while (true) {
      String queue = squeue(jobs);
      if (queue.isBlank()) return;
      if (System.nanoTime() > deadline) fail("still queued after 8 minutes:\n" + queue);
      if (release) {
        for (String line : queue.split("\n")) {
          String[] f = line.trim().split("\\s+");
          boolean requeued = f.length == 3 && f[1].equals("PENDING") && f[2].equals("BeginTime");
          if (requeued && held.merge(f[0], 1, Integer::sum) >= 3) run("scontrol", "update", "JobId=" + f[0], "StartTime=now");
        }
      }
      Thread.sleep(1000);
    }
  }

  private static String squeue(String[] jobs) throws Exception {
    return run("squeue", "-h", "-r", "-o", "%i %T %r", "-j", String.join(",", jobs));
  }

  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    return out;
  }

  /** summary.csv as rows of cells, without columns that measure time (none today; wall-clock figures may come). */
  private static List<List<String>> untimed(Path csv) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    try (CSVParser p = CSVParser.parse(csv, StandardCharsets.UTF_8, CSVFormat.DEFAULT)) {
      List<Integer> keep = new ArrayList<>();
      for (CSVRecord r : p) {
        if (keep.isEmpty()) {
          for (int i = 0; i < r.size(); i++) {
            String h = r.get(i);
            if (!h.contains("second") && !h.contains("time") && !h.contains("per_sec")) keep.add(i);
          }
        }
        rows.add(keep.stream().map(r::get).toList());
      }
    }
    return rows;
  }

  /** A metrics.csv row without its timing columns (seconds, elapsed_seconds, images/s: the last three). */
  private static String withoutTiming(String row) {
    String[] cells = row.split(",", -1);
    return String.join(",", List.of(cells).subList(0, Math.max(0, cells.length - 3)));
  }
}
