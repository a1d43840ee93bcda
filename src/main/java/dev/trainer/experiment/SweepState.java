package dev.trainer.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The runs of a sweep in run order with their status, read from the sweep directory {@code out}. */
public final class SweepState {
  /** Run {@code index} (0-based, run order), its directory and status. */
  public record Entry(int index, SweepRun run, Path dir, RunStatus status) {
    /** The ended run's result (finished or diverged only). */
    public RunResult result() {
      return RunResult.read(run, dir);
    }
  }

  private SweepState() {}

  public static List<Entry> of(SweepSpec spec, Path out) {
    List<Entry> entries = new ArrayList<>();
    List<SweepRun> runs = spec.runs();
    for (int i = 0; i < runs.size(); i++) {
      Path dir = out.resolve(runs.get(i).dirName());
      entries.add(new Entry(i, runs.get(i), dir, RunStatus.of(dir)));
    }
    return entries;
  }
}
