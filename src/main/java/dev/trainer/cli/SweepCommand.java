package dev.trainer.cli;

import dev.trainer.UserError;
import dev.trainer.cluster.Launcher;
import dev.trainer.cluster.SlurmScripts;
import dev.trainer.experiment.Plots;
import dev.trainer.experiment.RunResult;
import dev.trainer.experiment.RunStatus;
import dev.trainer.experiment.SweepRunner;
import dev.trainer.experiment.SweepSpec;
import dev.trainer.experiment.SweepState;
import dev.trainer.experiment.SweepSummary;
import dev.trainer.train.DirectoryLock;
import dev.trainer.train.RunInterrupted;
import dev.trainer.train.StopSignals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trainer sweep SWEEP_CONFIG [OVERRIDE…] [--jobs N] [--out DIR]}, and for clusters
 * {@code --task I}, {@code --list}, {@code --summary} and {@code --slurm} (docs/cluster.md).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {"Train every run of a sweep file (grid x seeds over a base config) and write "
        + "summary.csv, summary.md, curves.png and grid.png; re-running skips the runs that ended. "
        + "Format: docs/sweeps.md; on a cluster: docs/cluster.md."})
public final class SweepCommand implements Callable<Integer> {
  @Spec CommandSpec command;

  @Parameters(index = "0", paramLabel = "SWEEP_CONFIG", description = "sweep file ([sweep] section)")
  Path file;

  @Parameters(index = "1..*", paramLabel = "OVERRIDE", description = "section.key=value applied to every run, e.g. data.dir=/data/cifar10")
  List<String> overrides = List.of();

  @Option(names = "--jobs", paramLabel = "N", description = "runs trained at the same time (default 1; "
      + "with --slurm: array tasks at the same time, default no cap)")
  Integer jobs;

  @Option(names = "--out", paramLabel = "DIR", description = "sweep directory (default runs/<sweep file name>)")
  Path out;

  @Option(names = "--task", paramLabel = "I", description = "train only run I (0-based, the order of --list), "
      + "e.g. --task $SLURM_ARRAY_TASK_ID; writes no summary")
  Integer task;

  @Option(names = "--list", description = "print index, status, seed and label of every run; train nothing")
  boolean list;

  @Option(names = "--summary", description = "write summary.csv, summary.md and the plots from the runs that ended; "
      + "train nothing (exit 1 if some runs have not ended, 2 if some still run)")
  boolean summary;

  @Option(names = "--slurm", description = "write OUT/slurm/array.sbatch (one task per run not ended) and "
      + "OUT/slurm/summary.sbatch, and submit them with sbatch")
  boolean slurm;

  @Option(names = "--dry-run", description = "with --slurm: write and print the scripts, submit nothing")
  boolean dryRun;

  @Option(names = "--cpus", paramLabel = "N", description = "with --slurm: CPUs per task (default ${DEFAULT-VALUE})", defaultValue = "2")
  int cpus;

  @Option(names = "--mem", paramLabel = "SIZE", description = "with --slurm: memory per task (default ${DEFAULT-VALUE})", defaultValue = "8G")
  String mem;

  @Option(names = "--time", paramLabel = "LIMIT", description = "with --slurm: time limit per task attempt, "
      + "Slurm's syntax (default ${DEFAULT-VALUE})", defaultValue = "24:00:00")
  String time;

  @Option(names = "--slurm-opt", paramLabel = "OPTION", description = "with --slurm: one more sbatch option for "
      + "both jobs, e.g. --slurm-opt=--partition=long (repeatable)")
  List<String> slurmOpts = List.of();

  @Override
  public Integer call() throws Exception {
    checkOptions();
    SweepSpec spec = SweepSpec.read(file).withOverrides(overrides);
    Path dir = out != null ? out : Path.of("runs", file.getFileName().toString().replaceFirst("\\.conf$", ""));
    if (list) return list(spec, dir);
    if (summary) return summary(spec, dir);
    if (slurm) return slurm(spec, dir);
    if (task != null) return task(spec, dir);
    System.out.println("sweep " + file + ": " + spec.runs().size() + " runs into " + dir);
    try (DirectoryLock lock = DirectoryLock.acquire(dir)) {
      SweepRunner.Outcome outcome;
      try (StopSignals signals = StopSignals.install()) {
        outcome = new SweepRunner(spec, dir, jobs == null ? 1 : jobs, System.out).run();
      } catch (RunInterrupted e) {
        System.out.println("sweep interrupted by " + e.signal() + ": each running run saved its last.ckpt; run the"
            + " same command again to continue it (exit status " + StopSignals.EXIT_STATUS + ")");
        return StopSignals.EXIT_STATUS;
      }
      System.out.println(outcome.trained() + " runs trained, " + outcome.skipped() + " skipped (ended before)");
      writeSummary(spec, dir, outcome.results());
    }
    return 0;
  }

  /** summary.csv, summary.md (also printed), curves.png and grid.png. */
  private static void writeSummary(SweepSpec spec, Path dir, List<RunResult> results) throws IOException {
    SweepSummary.write(spec, dir, results);
    System.out.print(SweepSummary.markdown(spec, results));
    Plots.curves(List.of(dir), dir.resolve("curves.png"));
    if (!spec.axes().isEmpty()) Plots.grid(dir, dir.resolve("grid.png"));
    System.out.println("wrote " + dir.resolve("summary.csv") + ", summary.md, curves.png"
        + (spec.axes().isEmpty() ? "" : " and grid.png"));
  }

  private void checkOptions() {
    int modes = (task != null ? 1 : 0) + (list ? 1 : 0) + (summary ? 1 : 0) + (slurm ? 1 : 0);
    if (modes > 1) throw new UserError("use at most one of --task, --list, --summary and --slurm", 2);
    if (jobs != null && jobs < 1) throw new UserError("--jobs must be at least 1, got " + jobs, 2);
    if (!slurm) {
      for (String o : List.of("--dry-run", "--cpus", "--mem", "--time", "--slurm-opt")) {
        if (command.commandLine().getParseResult().hasMatchedOption(o)) throw new UserError(o + " needs --slurm", 2);
      }
    }
    if (cpus < 1) throw new UserError("--cpus must be at least 1, got " + cpus, 2);
    for (String o : slurmOpts) {
      if (!o.startsWith("-") || o.contains("\n")) {
        throw new UserError("--slurm-opt '" + o + "': expected one sbatch option such as --partition=long", 2);
      }
    }
  }

  private Integer task(SweepSpec spec, Path dir) throws IOException, InterruptedException {
    int runs = spec.runs().size();
    if (task < 0 || task >= runs) {
      throw new UserError("--task " + task + ": " + file + " has " + runs + " runs, 0.." + (runs - 1)
          + " (see --list)", 2);
    }
    try (StopSignals signals = StopSignals.install()) {
      new SweepRunner(spec, dir, 1, System.out).runOne(task);
    } catch (RunInterrupted e) {
      System.out.println("run " + task + " interrupted by " + e.signal() + " after writing its last.ckpt; the same command"
          + " continues it (exit status " + StopSignals.EXIT_STATUS + ")");
      return StopSignals.EXIT_STATUS;
    }
    return 0;
  }

  private Integer list(SweepSpec spec, Path dir) {
    List<SweepState.Entry> entries = SweepState.of(spec, dir);
    System.out.printf(Locale.ROOT, "%-5s  %-8s  %4s  %s%n", "index", "status", "seed", "label");
    int[] counts = new int[RunStatus.values().length];
    for (SweepState.Entry e : entries) {
      String label = SweepSpec.label(e.run().point());
      String note = e.status() == RunStatus.FAILED ? "  (" + RunStatus.failure(e.dir()) + ")"
          : e.status() == RunStatus.PENDING && Files.exists(e.dir().resolve("last.ckpt")) ? "  (resumes from last.ckpt)" : "";
      System.out.printf(Locale.ROOT, "%-5d  %-8s  %4d  %s%s%n", e.index(), e.status().label(), e.run().seed(),
          label.isEmpty() ? "-" : label, note);
      counts[e.status().ordinal()]++;
    }
    List<String> parts = new ArrayList<>();
    for (RunStatus s : RunStatus.values()) parts.add(counts[s.ordinal()] + " " + s.label());
    System.out.println(entries.size() + " runs in " + dir + ": " + String.join(", ", parts));
    return 0;
  }

  private Integer summary(SweepSpec spec, Path dir) throws IOException {
    List<SweepState.Entry> entries = SweepState.of(spec, dir);
    List<RunResult> results = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (SweepState.Entry e : entries) {
      switch (e.status()) {
        case RUNNING -> throw new UserError(e.dir() + " is still being trained (" + RunStatus.runningElsewhere(e.dir())
            + "); write the summary when every run has ended", 2);
        case FINISHED, DIVERGED -> results.add(e.result());
        default -> missing.add(e.index() + " (" + e.status().label() + ")");
      }
    }
    if (results.isEmpty()) throw new UserError("no run of " + file + " has ended in " + dir + " (see --list)", 1);
    writeSummary(spec, dir, results);
    if (missing.isEmpty()) return 0;
    System.err.println("error: the summary covers " + results.size() + " of " + entries.size()
        + " runs; not ended: " + String.join(", ", missing));
    return 1;
  }

  private Integer slurm(SweepSpec spec, Path dir) throws IOException, InterruptedException {
    spec.configs();                                                       // a bad grid value fails here, not in every task
    List<Integer> todo = new ArrayList<>();
    for (SweepState.Entry e : SweepState.of(spec, dir)) {
      if (e.status() == RunStatus.RUNNING) {
        throw new UserError(e.dir() + " is still being trained (" + RunStatus.runningElsewhere(e.dir())
            + "); submit again when it has ended", 2);
      }
      if (e.status() != RunStatus.FINISHED && e.status() != RunStatus.DIVERGED) todo.add(e.index());
    }
    int runs = spec.runs().size();
    if (todo.isEmpty()) {
      System.out.println("all " + runs + " runs of " + file + " have ended in " + dir + "; nothing to submit"
          + " (--summary writes the tables)");
      return 0;
    }
    if (!dryRun && Sbatch.path() == null) {
      throw new UserError("--slurm: sbatch is not on PATH (run on a Slurm login node; --dry-run only writes the scripts)", 2);
    }
    Path slurmDir = Files.createDirectories(dir.resolve("slurm").toAbsolutePath().normalize());
    List<String> sweepArgs = new ArrayList<>(List.of(file.toString(), "--out", dir.toString()));
    sweepArgs.addAll(overrides);
    String name = file.getFileName().toString().replaceFirst("\\.conf$", "");
    SlurmScripts scripts = new SlurmScripts(name, Launcher.current(slurmDir), Path.of("").toAbsolutePath(),
        sweepArgs, slurmDir, todo, jobs == null ? 0 : jobs, cpus, mem, time, slurmOpts, StopSignals.EXIT_STATUS);
    Path array = slurmDir.resolve("array.sbatch");
    Path summaryScript = slurmDir.resolve("summary.sbatch");
    Files.writeString(array, scripts.array(), StandardCharsets.UTF_8);
    Files.writeString(summaryScript, scripts.summary(), StandardCharsets.UTF_8);
    System.out.println("sweep " + file + ": " + runs + " runs, " + todo.size() + " to train; wrote " + array
        + " and " + summaryScript.getFileName());
    String tasks = todo.size() + " tasks: " + SlurmScripts.arraySpec(todo, jobs == null ? 0 : jobs);
    if (dryRun) {
      System.out.println("==> " + array + " <==");
      System.out.print(scripts.array());
      System.out.println("==> " + summaryScript + " <==");
      System.out.print(scripts.summary());
      System.out.println("not submitted (--dry-run; " + tasks + "); to submit by hand: sbatch --parsable " + array
          + ", then sbatch --dependency=afterany:<array job id> " + summaryScript);
      return 0;
    }
    String arrayJob = Sbatch.submit(List.of(array.toString()));
    String summaryJob = Sbatch.submit(List.of("--dependency=afterany:" + arrayJob, summaryScript.toString()));
    System.out.println("submitted array job " + arrayJob + " (" + tasks + ") and summary job " + summaryJob
        + " (after the array)");
    System.out.println("watch: squeue -j " + arrayJob + "," + summaryJob + "; logs " + slurmDir + "/task-<I>.log and "
        + "summary.log; runs: trainer sweep " + file + " --out " + dir + " --list");
    return 0;
  }
}
