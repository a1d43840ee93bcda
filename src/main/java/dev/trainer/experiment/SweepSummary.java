package dev.trainer.experiment;

import dev.trainer.train.CsvLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tables of a sweep: {@code summary.csv} (one row per run) and {@code summary.md} (one row
 * per grid point, test error in percent of the final test as in the papers:
 * {@code best (mean ± std)} over the seeds, std the sample standard deviation with n − 1, 0 for
 * one run; diverged runs are left out of these numbers and only counted).
 */
public final class SweepSummary {
  static final List<String> COLUMNS = List.of("seed", "final_test_acc", "best_test_acc", "final_train_loss",
      "verdict", "iterations", "run");

  private SweepSummary() {}

  public static void write(SweepSpec spec, Path out, List<RunResult> results) throws IOException {
    writeCsv(spec, out.resolve("summary.csv"), results);
    Files.writeString(out.resolve("summary.md"), markdown(spec, results), StandardCharsets.UTF_8);
  }

  private static void writeCsv(SweepSpec spec, Path file, List<RunResult> results) throws IOException {
    Files.deleteIfExists(file);
    List<String> header = new ArrayList<>(spec.axes());
    header.addAll(COLUMNS);
    try (CsvLog csv = new CsvLog(file, -1, header.toArray(String[]::new))) {
      for (RunResult r : results) {
        List<Object> row = new ArrayList<>(r.run().point().values());
        row.addAll(List.of(r.run().seed(), r.finalTestAccuracy(), r.bestTestAccuracy(), r.finalTrainLoss(),
            r.verdict().label(), r.iterations(), r.run().dirName()));
        csv.row(row.toArray());
      }
    }
  }

  /** The markdown table; public for tests and the CLI. */
  public static String markdown(SweepSpec spec, List<RunResult> results) {
    Map<Map<String, String>, List<RunResult>> points = new LinkedHashMap<>();
    for (RunResult r : results) points.computeIfAbsent(r.run().point(), p -> new ArrayList<>()).add(r);
    StringBuilder b = new StringBuilder();
    b.append("# Sweep ").append(spec.file()).append("\n\n");
    b.append("Base config `").append(spec.base()).append('`');
    if (!spec.fixed().isEmpty()) b.append(", for every run `").append(String.join(" ", spec.fixed())).append('`');
    b.append(String.format(Locale.ROOT, "; seeds %d..%d per grid point.%n%n", spec.seed(), spec.seed() + spec.repeats() - 1));
    b.append("Test error % after the last iteration: best (mean ± std) over the seeds, diverged runs left out.\n");
    boolean paper = !spec.paper().isEmpty();
    if (paper) b.append("Paper: ").append(spec.paperCaption().isEmpty() ? "the published result" : spec.paperCaption()).append(".\n");
    b.append('\n');
    List<String> header = new ArrayList<>(spec.axes());
    header.add("test error %");
    if (paper) header.add("paper");
    header.addAll(List.of("converged", "stalled", "diverged"));
    b.append(row(header)).append(row(header.stream().map(h -> "---").toList()));
    for (Map.Entry<Map<String, String>, List<RunResult>> p : points.entrySet()) {
      List<String> cells = new ArrayList<>(p.getKey().values());
      cells.add(errorCell(p.getValue()));
      if (paper) cells.add(spec.paper().getOrDefault(SweepSpec.label(p.getKey()), ""));
      Map<Verdict, Integer> counts = counts(p.getValue());
      for (Verdict v : Verdict.values()) cells.add(String.valueOf(counts.get(v)));
      b.append(row(cells));
    }
    Map<Verdict, Integer> all = counts(results);
    b.append(String.format(Locale.ROOT, "%n%d runs: %d converged, %d stalled, %d diverged (rules: docs/sweeps.md).%n",
        results.size(), all.get(Verdict.CONVERGED), all.get(Verdict.STALLED), all.get(Verdict.DIVERGED)));
    return b.toString();
  }

  /** {@code best (mean ± std)} of the final test error of the runs that did not diverge. */
  static String errorCell(List<RunResult> runs) {
    List<Double> errors = new ArrayList<>();
    for (RunResult r : runs) {
      if (r.verdict() != Verdict.DIVERGED && !Double.isNaN(r.finalTestAccuracy())) errors.add(r.finalTestError());
    }
    if (errors.isEmpty()) return "diverged";
    double best = Double.POSITIVE_INFINITY;
    double sum = 0;
    for (double e : errors) {
      best = Math.min(best, e);
      sum += e;
    }
    double mean = sum / errors.size();
    double ss = 0;
    for (double e : errors) ss += (e - mean) * (e - mean);
    double std = errors.size() > 1 ? Math.sqrt(ss / (errors.size() - 1)) : 0;
    return String.format(Locale.ROOT, "%.2f (%.2f ± %.2f)", best, mean, std);
  }

  private static Map<Verdict, Integer> counts(List<RunResult> runs) {
    Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
    for (Verdict v : Verdict.values()) counts.put(v, 0);
    for (RunResult r : runs) counts.merge(r.verdict(), 1, Integer::sum);
    return counts;
  }

  private static String row(List<String> cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }
}
