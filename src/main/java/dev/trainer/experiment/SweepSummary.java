package dev.trainer.experiment;

import dev.trainer.train.AtomicFiles;
import dev.trainer.train.CsvLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The tables of a sweep: {@code summary.csv} (one row per run, with the statistics of its grid
 * point), {@code summary.md} (one row per grid point, then the claims) and {@code claims.csv}.
 * Per grid point, over the n runs that did not diverge (diverged runs are only counted): the
 * final test error in percent as mean ± the half-width of its 95 % confidence interval (Student
 * t, {@link Stats}); the papers' {@code best (mean ± std)} of the same, std with n − 1 (0 for one
 * run); and the lowest test error of each run (the best of all its tests) as mean ± CI.
 */
public final class SweepSummary {
  static final List<String> COLUMNS = List.of("seed", "final_test_acc", "best_test_acc", "final_train_loss",
      "verdict", "iterations", "run");

  /** The per-point columns of summary.csv, after {@link #COLUMNS}: n, then mean, std, CI half-width. */
  static final List<String> POINT_COLUMNS = List.of("point_n", "point_final_error_mean", "point_final_error_std",
      "point_final_error_ci95", "point_best_error_mean", "point_best_error_std", "point_best_error_ci95");
  static final List<String> CLAIM_COLUMNS = List.of("claim", "statement", "measured", "estimate", "ci95_low",
      "ci95_high", "test", "df", "verdict", "seeds_to_resolve");

  private SweepSummary() {}

  public static void write(SweepSpec spec, Path out, List<RunResult> results) throws IOException {
    // Each file is written whole under NAME.tmp and renamed, so a kill leaves the old summary or the new one.
    renamedInPlace(out.resolve("summary.csv"), tmp -> writeCsv(spec, tmp, results));
    AtomicFiles.write(out.resolve("summary.md"), markdown(spec, results));
    if (spec.claims().isEmpty()) Files.deleteIfExists(out.resolve("claims.csv"));
    else renamedInPlace(out.resolve("claims.csv"), tmp -> writeClaims(claimLines(spec, results), tmp));
  }

  /** The final test error (%) statistics of the runs that did not diverge and have a test. */
  static Stats.Sample finalErrors(List<RunResult> runs) {
    return Stats.Sample.of(tested(runs).mapToDouble(RunResult::finalTestError).toArray());
  }

  /** The statistics of the lowest test error (%) of each run (the best of all its tests). */
  static Stats.Sample bestErrors(List<RunResult> runs) {
    return Stats.Sample.of(tested(runs).mapToDouble(r -> 100 * (1 - r.bestTestAccuracy())).toArray());
  }

  private static Stream<RunResult> tested(List<RunResult> runs) {
    return runs.stream().filter(r -> r.verdict() != Verdict.DIVERGED && !Double.isNaN(r.finalTestAccuracy()));
  }

  /** The runs of each grid point, by label, in sweep order. */
  static Map<String, List<RunResult>> byLabel(List<RunResult> results) {
    Map<String, List<RunResult>> points = new LinkedHashMap<>();
    for (RunResult r : results) points.computeIfAbsent(SweepSpec.label(r.run().point()), p -> new ArrayList<>()).add(r);
    return points;
  }

  /** The lines of every claim of the sweep, in file order. */
  public static List<ClaimCheck.Line> claimLines(SweepSpec spec, List<RunResult> results) {
    Map<String, List<RunResult>> points = byLabel(results);
    List<ClaimCheck.Line> lines = new ArrayList<>();
    for (Claim c : spec.claims()) lines.addAll(ClaimCheck.check(c, points));
    return lines;
  }

  /** Writes {@code file} through {@code writer} into {@code file.tmp}, then renames it over {@code file}. */
  private static void renamedInPlace(Path file, CsvWriter writer) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    writer.writeTo(tmp);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private interface CsvWriter {
    void writeTo(Path file) throws IOException;
  }

  private static void writeClaims(List<ClaimCheck.Line> lines, Path file) throws IOException {
    try (CsvLog csv = new CsvLog(file, -1, CLAIM_COLUMNS.toArray(String[]::new))) {
      for (ClaimCheck.Line l : lines) {
        csv.row(l.claim(), l.statement(), l.measured(), l.estimate(), l.low(), l.high(), l.test(), l.df(), l.verdict(),
            l.seeds() == 0 ? "" : l.seeds() == Integer.MAX_VALUE ? "never" : l.seeds());
      }
    }
  }

  private static void writeCsv(SweepSpec spec, Path file, List<RunResult> results) throws IOException {
    Files.deleteIfExists(file);
    List<String> header = new ArrayList<>(spec.axes());
    header.addAll(COLUMNS);
    header.addAll(POINT_COLUMNS);
    Map<String, List<RunResult>> points = byLabel(results);
    try (CsvLog csv = new CsvLog(file, -1, header.toArray(String[]::new))) {
      for (RunResult r : results) {
        List<Object> row = new ArrayList<>(r.run().point().values());
        row.addAll(List.of(r.run().seed(), r.finalTestAccuracy(), r.bestTestAccuracy(), r.finalTrainLoss(),
            r.verdict().label(), r.iterations(), r.run().dirName()));
        List<RunResult> point = points.get(SweepSpec.label(r.run().point()));
        Stats.Sample fin = finalErrors(point);
        Stats.Sample best = bestErrors(point);
        row.addAll(List.of(fin.n(), fin.mean(), fin.std(), fin.halfWidth(), best.mean(), best.std(), best.halfWidth()));
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
    b.append("Test error % over the n runs of a grid point that did not diverge: after the last iteration as mean ± the\n"
        + "half-width of its 95 % confidence interval (Student t; no interval for one run), and as the papers give it,\n"
        + "best (mean ± std); the lowest error of each run over all its tests (chosen on the test set) as mean ± CI.\n");
    boolean paper = !spec.paper().isEmpty();
    if (paper) b.append("Paper: ").append(spec.paperCaption().isEmpty() ? "the published result" : spec.paperCaption()).append(".\n");
    b.append('\n');
    List<String> header = new ArrayList<>(spec.axes());
    header.addAll(List.of("n", "test error % (mean ± CI)", "best (mean ± std)", "lowest test error % (mean ± CI)"));
    if (paper) header.add("paper");
    header.addAll(List.of("converged", "stalled", "diverged"));
    b.append(row(header)).append(row(header.stream().map(h -> "---").toList()));
    for (Map.Entry<Map<String, String>, List<RunResult>> p : points.entrySet()) {
      List<String> cells = new ArrayList<>(p.getKey().values());
      Stats.Sample fin = finalErrors(p.getValue());
      cells.add(String.valueOf(fin.n()));
      cells.add(ciCell(fin, p.getValue()));
      cells.add(errorCell(p.getValue()));
      cells.add(ciCell(bestErrors(p.getValue()), p.getValue()));
      if (paper) cells.add(spec.paper().getOrDefault(SweepSpec.label(p.getKey()), ""));
      Map<Verdict, Integer> counts = counts(p.getValue());
      for (Verdict v : Verdict.values()) cells.add(String.valueOf(counts.get(v)));
      b.append(row(cells));
    }
    Map<Verdict, Integer> all = counts(results);
    b.append(String.format(Locale.ROOT, "%n%d runs: %d converged, %d stalled, %d diverged (rules: docs/sweeps.md).%n",
        results.size(), all.get(Verdict.CONVERGED), all.get(Verdict.STALLED), all.get(Verdict.DIVERGED)));
    if (!spec.claims().isEmpty()) claims(b, claimLines(spec, results));
    return b.toString();
  }

  /** {@code mean ± CI} (just the mean for one run; "diverged" when no run has a test error). */
  static String ciCell(Stats.Sample s, List<RunResult> runs) {
    if (s.n() == 0) return runs.stream().anyMatch(r -> r.verdict() == Verdict.DIVERGED) ? "diverged" : "no test";
    if (s.n() == 1) return String.format(Locale.ROOT, "%.2f", s.mean());
    return String.format(Locale.ROOT, "%.2f ± %.2f", s.mean(), s.halfWidth());
  }

  private static void claims(StringBuilder b, List<ClaimCheck.Line> lines) {
    b.append("\n## Claims\n\n");
    b.append("Final test error % of the runs that did not diverge. A < B: the difference of the means A − B in points\n"
        + "with its 95 % interval (paired t over the seeds when both points ran the same seeds, Welch t otherwise);\n"
        + "it holds when the interval lies on the claimed side of 0, is contradicted when it lies on the other side.\n"
        + "An ordering holds when every adjacent pair holds. An outcome (stalled, ...): k of n runs, the\n"
        + "Clopper–Pearson 95 % interval of the rate; it holds when that lies above 1/2. Seeds to resolve: per grid\n"
        + "point, for 80 % power at the observed difference and spread (normal approximation, t quantiles); for an\n"
        + "outcome, the runs at which the observed rate would exclude 1/2. Rules: docs/sweeps.md.\n\n");
    List<String> header = List.of("claim", "statement", "measured", "95 % interval", "test", "verdict", "seeds to resolve");
    b.append(row(header)).append(row(header.stream().map(h -> "---").toList()));
    for (ClaimCheck.Line l : lines) {
      b.append(row(List.of(l.pair() && isPartOfOrdering(l, lines) ? "↳" : l.claim(),
          l.statement(), l.measured(), interval(l), l.test(), l.status() == ClaimCheck.Status.NOT_RESOLVED ? l.verdict()
              : "**" + l.verdict() + "**", seeds(l))));
    }
  }

  /** Whether {@code l} is one pair of a longer ordering (listed under its claim's own line). */
  private static boolean isPartOfOrdering(ClaimCheck.Line l, List<ClaimCheck.Line> lines) {
    return lines.stream().anyMatch(o -> o != l && o.claim().equals(l.claim()) && !o.pair());
  }

  private static String interval(ClaimCheck.Line l) {
    if (Double.isNaN(l.low())) return "";
    if (!l.pair()) return String.format(Locale.ROOT, "[%.0f %%, %.0f %%]", 100 * l.low(), 100 * l.high());
    return String.format(Locale.ROOT, "[%+.2f, %+.2f]", l.low(), l.high());
  }

  private static String seeds(ClaimCheck.Line l) {
    if (l.status() != ClaimCheck.Status.NOT_RESOLVED) return "";
    if (l.seeds() == Integer.MAX_VALUE) return "never at this difference";
    if (l.seeds() == 0) return Double.isNaN(l.estimate()) ? "" : "unknown (one seed: no spread)";
    return String.valueOf(l.seeds());
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
