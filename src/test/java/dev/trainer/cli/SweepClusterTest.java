package dev.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.cluster.SlurmScripts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trainer sweep --task/--list/--summary/--slurm --dry-run}: everything of docs/cluster.md that needs no Slurm. */
class SweepClusterTest {
  private static final Path MLP = Path.of("configs/mlp-deep.conf").toAbsolutePath();

  @TempDir Path tmp;

  /** 4 runs (2 activations x 2 seeds) of 4 iterations on 128 images. */
  private Path sweep() throws IOException {
    Path file = tmp.resolve("four.conf");
    Files.writeString(file, """
        [sweep]
        base = %s
        grid.net.activation = relu, tanh
        repeats = 2
        set.data.train_limit = 128
        set.data.test_limit = 100
        set.solver.max_epochs = 0
        set.solver.max_iter = 4
        set.solver.display = 0
        """.formatted(MLP));
    return file;
  }

  private Cli.Result sweep(Path file, Path out, String... more) {
    List<String> args = new ArrayList<>(List.of("sweep", file.toString(), "--out", out.toString()));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private static String run(int seed, String activation) {
    return "net.activation=" + activation + "-s" + seed;
  }

  @Test
  void taskTrainsOnlyItsRunAndListShowsTheStatus() throws IOException {
    Path file = sweep();
    Path out = tmp.resolve("out");
    Cli.Result list = sweep(file, out, "--list");
    assertEquals(0, list.status(), list.describe());
    assertTrue(list.out().matches("(?s)index +status +seed +label\n0 +pending +1 +relu\n1 +pending +2 +relu\n"
        + "2 +pending +1 +tanh\n3 +pending +2 +tanh\n4 runs in .*: 4 pending, 0 running, 0 finished, 0 diverged, 0 failed\n"),
        list.out());

    Cli.Result task = sweep(file, out, "--task", "2");
    assertEquals(0, task.status(), task.describe());
    assertTrue(task.out().contains("[3/4] " + run(1, "tanh") + ": "), task.out());
    assertTrue(Files.exists(out.resolve(run(1, "tanh")).resolve("result.txt")));
    assertFalse(Files.exists(out.resolve(run(1, "tanh")).resolve("running.txt")), "removed when the run ends");
    assertFalse(Files.exists(out.resolve(run(1, "relu"))), "no other run started");
    assertFalse(Files.exists(out.resolve("summary.csv")), "a task writes no summary");

    // a run some live process on this host holds (the test JVM's parent), and a failed one
    Path held = Files.createDirectories(out.resolve(run(2, "relu")));
    Files.writeString(held.resolve("running.txt"), "host = " + dev.trainer.experiment.RunStatus.hostName()
        + "\npid = " + ProcessHandle.current().parent().orElseThrow().pid() + "\nslurm_job = \n");
    Path failed = Files.createDirectories(out.resolve(run(2, "tanh")));
    Files.writeString(failed.resolve("failed.txt"), "message = out of memory\n");
    list = sweep(file, out, "--list");
    assertTrue(list.out().contains("\n1      running      2  relu\n"), list.out());
    assertTrue(list.out().contains("\n2      finished     1  tanh\n"), list.out());
    assertTrue(list.out().contains("\n3      failed       2  tanh  (out of memory)\n"), list.out());
    assertTrue(list.out().contains(": 1 pending, 1 running, 1 finished, 0 diverged, 1 failed"), list.out());

    Cli.Result twice = sweep(file, out, "--task", "1");
    assertEquals(2, twice.status(), twice.describe());
    assertTrue(twice.err().matches("error: .*relu-s2 is already being trained \\(.*\\); delete its running.txt if that process is gone\n"),
        twice.err());

    Cli.Result summary = sweep(file, out, "--summary");
    assertEquals(2, summary.status(), summary.describe());
    assertTrue(summary.err().matches("error: .*relu-s2 is still being trained \\(.* pid \\d+\\); write the summary when every run has ended\n"),
        summary.err());
    assertFalse(Files.exists(out.resolve("summary.csv")));

    Files.delete(held.resolve("running.txt"));
    summary = sweep(file, out, "--summary");
    assertEquals(1, summary.status(), "exit 1 while runs are missing: " + summary.describe());
    assertEquals("error: the summary covers 1 of 4 runs; not ended: 0 (pending), 1 (pending), 3 (failed)\n", summary.err());
    assertEquals(2, Files.readAllLines(out.resolve("summary.csv")).size(), "header and the one ended run");

    assertEquals(0, sweep(file, out, "--task", "3").status(), "a failed run is retried");
    assertFalse(Files.exists(failed.resolve("failed.txt")));
  }

  @Test
  void tasksAndSummaryGiveWhatTheWholeSweepGives() throws IOException {
    Path file = sweep();
    Path whole = tmp.resolve("whole");
    Path tasks = tmp.resolve("tasks");
    assertEquals(0, sweep(file, whole, "--jobs", "1").status());
    for (int i : new int[] {3, 0, 2, 1}) assertEquals(0, sweep(file, tasks, "--task", String.valueOf(i)).status());
    Cli.Result summary = sweep(file, tasks, "--summary");
    assertEquals(0, summary.status(), summary.describe());
    assertEquals(Files.readString(whole.resolve("summary.csv")), Files.readString(tasks.resolve("summary.csv")));
    assertEquals(Files.readString(whole.resolve("summary.md")), Files.readString(tasks.resolve("summary.md")));
    assertTrue(Files.exists(tasks.resolve("curves.png")) && Files.exists(tasks.resolve("grid.png")));
    assertTrue(sweep(file, tasks, "--list").out().endsWith(": 0 pending, 0 running, 4 finished, 0 diverged, 0 failed\n"));
  }

  @Test
  void badInputGetsOneLineAndExitTwo() throws IOException {
    Path file = sweep();
    Path out = tmp.resolve("out");
    Map<String, List<String>> cases = Map.of(
        "--task 4: " + file + " has 4 runs, 0..3 (see --list)", List.of("--task", "4"),
        "--task -1: " + file + " has 4 runs, 0..3 (see --list)", List.of("--task", "-1"),
        "use at most one of --task, --list, --summary and --slurm", List.of("--task", "0", "--slurm"),
        "--dry-run needs --slurm", List.of("--dry-run"),
        "--mem needs --slurm", List.of("--task", "0", "--mem", "2G"),
        "--slurm-opt 'partition=x': expected one sbatch option such as --partition=long",
        List.of("--slurm", "--dry-run", "--slurm-opt", "partition=x"));
    for (Map.Entry<String, List<String>> c : cases.entrySet()) {
      Cli.Result r = sweep(file, out, c.getValue().toArray(String[]::new));
      assertEquals(2, r.status(), r.describe());
      assertEquals("error: " + c.getKey() + "\n", r.err());
    }
    assertFalse(Files.exists(out.resolve(run(1, "relu"))));
  }

  @Test
  void slurmWithoutSbatchOnPathIsAnError() throws Exception {
    Path file = sweep();
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), "dev.trainer.cli.Main",
        "sweep", file.toString(), "--out", tmp.resolve("out").toString(), "--slurm"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("PATH", tmp.resolve("no-bin").toString());
    Process p = pb.start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
        .replaceAll("WARNING: Using incubator modules: jdk.incubator.vector\n", "");
    assertEquals(2, p.waitFor(), err);
    assertEquals("error: --slurm: sbatch is not on PATH (run on a Slurm login node; --dry-run only writes the scripts)\n", err);
  }

  @Test
  void dryRunWritesAndPrintsBothScriptsForTheRunsNotEnded() throws Exception {
    Path file = sweep();
    Path out = tmp.resolve("out");
    assertEquals(0, sweep(file, out, "--task", "1").status());
    Cli.Result dry = sweep(file, out, "--slurm", "--dry-run", "--jobs", "2", "--cpus", "1", "--mem", "1G",
        "--time", "0:10:00", "--slurm-opt=--partition=debug", "solver.display=0");
    assertEquals(0, dry.status(), dry.describe());
    Path slurm = out.resolve("slurm").toAbsolutePath();
    String array = Files.readString(slurm.resolve("array.sbatch"));
    String summary = Files.readString(slurm.resolve("summary.sbatch"));
    assertTrue(dry.out().contains(array) && dry.out().contains(summary), dry.out());
    assertTrue(dry.out().contains("not submitted (--dry-run; 3 tasks: 0,2-3%2)"), dry.out());
    String cwd = Path.of("").toAbsolutePath().toString();
    for (String line : List.of("#SBATCH --array=0,2-3%2", "#SBATCH --cpus-per-task=1", "#SBATCH --mem=1G",
        "#SBATCH --time=0:10:00", "#SBATCH --chdir=" + cwd, "#SBATCH --output=" + slurm + "/task-%a.log",
        "#SBATCH --requeue", "#SBATCH --signal=B:USR1@120", "#SBATCH --partition=debug")) {
      assertTrue(array.contains("\n" + line + "\n"), line + " in\n" + array);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    assertTrue(array.contains("\n" + java + " "), "absolute launcher:\n" + array);
    assertTrue(array.contains(" sweep " + file + " --out " + out + " solver.display=0 --task \"$SLURM_ARRAY_TASK_ID\" &\n"), array);
    assertTrue(array.contains("if [[ $status -eq 75 && $warned -eq 1 ]]; then"), array);
    assertTrue(summary.contains("\n#SBATCH --output=" + slurm + "/summary.log\n"), summary);
    assertTrue(summary.contains(" sweep " + file + " --out " + out + " solver.display=0 --summary\n"), summary);
    assertFalse(summary.contains("--array") || summary.contains("--requeue"), summary);
    for (Path script : List.of(slurm.resolve("array.sbatch"), slurm.resolve("summary.sbatch"))) {
      assertEquals(0, new ProcessBuilder("bash", "-n", script.toString()).inheritIO().start().waitFor(), "bash syntax of " + script);
    }

    // The array script outside Slurm (bash ignores #SBATCH): task 2 trains run 2, the others stay pending.
    ProcessBuilder task = new ProcessBuilder("bash", slurm.resolve("array.sbatch").toString())
        .redirectErrorStream(true).redirectOutput(tmp.resolve("task.log").toFile());
    task.environment().putAll(Map.of("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_JOB_ID", "9"));
    assertEquals(0, task.start().waitFor(), Files.readString(tmp.resolve("task.log")));
    assertTrue(Files.readString(tmp.resolve("task.log")).contains("== task 2 of job 9, attempt 1,"));
    assertTrue(Files.exists(out.resolve(run(1, "tanh")).resolve("result.txt")));
    assertTrue(sweep(file, out, "--list").out().endsWith(": 2 pending, 0 running, 2 finished, 0 diverged, 0 failed\n"));
  }

  @Test
  void arraySpecJoinsConsecutiveIndices() {
    assertEquals("0-3,5,7-9%4", SlurmScripts.arraySpec(List.of(0, 1, 2, 3, 5, 7, 8, 9), 4));
    assertEquals("6", SlurmScripts.arraySpec(List.of(6), 0));
  }
}
