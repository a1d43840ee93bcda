package dev.trainer.cli;

import dev.trainer.UserError;
import dev.trainer.experiment.Plots;
import dev.trainer.experiment.SweepRunner;
import dev.trainer.experiment.SweepSpec;
import dev.trainer.experiment.SweepSummary;
import dev.trainer.train.DirectoryLock;
import dev.trainer.train.RunInterrupted;
import dev.trainer.train.StopSignals;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trainer sweep SWEEP_CONFIG [OVERRIDE…] [--jobs N] [--out DIR]}. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {"Train every run of a sweep file (grid x seeds over a base config) and write "
        + "summary.csv, summary.md, curves.png and grid.png; re-running skips the runs that ended. "
        + "Format: docs/sweeps.md."})
public final class SweepCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SWEEP_CONFIG", description = "sweep file ([sweep] section)")
  Path file;

  @Parameters(index = "1..*", paramLabel = "OVERRIDE", description = "section.key=value applied to every run, e.g. data.dir=/data/cifar10")
  List<String> overrides = List.of();

  @Option(names = "--jobs", paramLabel = "N", defaultValue = "1", description = "runs trained at the same time (default 1)")
  int jobs;

  @Option(names = "--out", paramLabel = "DIR", description = "sweep directory (default runs/<sweep file name>)")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (jobs < 1) throw new UserError("--jobs must be at least 1, got " + jobs, 2);
    SweepSpec spec = SweepSpec.read(file).withOverrides(overrides);
    Path dir = out != null ? out : Path.of("runs", file.getFileName().toString().replaceFirst("\\.conf$", ""));
    System.out.println("sweep " + file + ": " + spec.runs().size() + " runs into " + dir);
    try (DirectoryLock lock = DirectoryLock.acquire(dir)) {
      SweepRunner.Outcome outcome;
      try (StopSignals signals = StopSignals.install()) {
        outcome = new SweepRunner(spec, dir, jobs, System.out).run();
      } catch (RunInterrupted e) {
        System.out.println("sweep interrupted by " + e.signal() + ": each running run saved its last.ckpt; run the"
            + " same command again to continue it (exit status " + StopSignals.EXIT_STATUS + ")");
        return StopSignals.EXIT_STATUS;
      }
      SweepSummary.write(spec, dir, outcome.results());
      System.out.println(outcome.trained() + " runs trained, " + outcome.skipped() + " skipped (ended before)");
      System.out.print(SweepSummary.markdown(spec, outcome.results()));
      Plots.curves(List.of(dir), dir.resolve("curves.png"));
      if (!spec.axes().isEmpty()) Plots.grid(dir, dir.resolve("grid.png"));
      System.out.println("wrote " + dir.resolve("summary.csv") + ", summary.md, curves.png"
          + (spec.axes().isEmpty() ? "" : " and grid.png"));
    }
    return 0;
  }
}
