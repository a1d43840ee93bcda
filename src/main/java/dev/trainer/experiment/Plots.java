package dev.trainer.experiment;

import dev.trainer.UserError;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The charts of {@code trainer plot}, from the CSV files of run and sweep directories:
 *
 * <pre>
 *   curves  train loss and test error % vs epoch (metrics.csv): one line per run, or for a sweep
 *           directory one line per grid point, the mean over its seeds, in a shaded band from the
 *           lowest to the highest seed (at each epoch, over the seeds that have a finite value there)
 *   params  learned activation parameters (params.csv: mean over channels) vs iteration,
 *           one line per run and parameter (PReLU slopes, MPELU alpha and beta, ...)
 *   grid    the verdicts of a sweep (summary.csv) as a grid: rows = values of the first grid key,
 *           columns = values of the second; each cell has one band per run (seeds and further
 *           grid keys) coloured converged (green), stalled (orange) or diverged (red), and the
 *           mean final test error of the runs that did not diverge, n and the verdict counts
 * </pre>
 *
 * A directory with {@code metrics.csv} is one run; a sweep directory ({@code summary.csv}) stands
 * for its runs in sweep order; any other directory for its subdirectories that hold runs.
 */
public final class Plots {
  static final int WIDTH = 1100;
  static final int HEIGHT = 500;
  static final Color CONVERGED = new Color(76, 175, 80);
  static final Color STALLED = new Color(255, 167, 38);
  static final Color DIVERGED = new Color(229, 57, 53);

  private Plots() {}

  /** A run directory and its legend name. */
  record Run(String name, Path dir) {}

  /** The runs of the given run or sweep directories. */
  static List<Run> runs(List<Path> dirs) {
    List<Run> runs = new ArrayList<>();
    for (Path d : dirs) {
      if (Files.exists(d.resolve("metrics.csv"))) {
        runs.add(new Run(d.toAbsolutePath().normalize().getFileName().toString(), d));
      } else if (Files.exists(d.resolve("summary.csv"))) {
        for (String r : CsvTable.read(d.resolve("summary.csv")).texts("run")) runs.add(new Run(r, d.resolve(r)));
      } else {
        subdirs(d).stream().filter(s -> Files.exists(s.resolve("metrics.csv")))
            .forEach(s -> runs.add(new Run(s.getFileName().toString(), s)));
      }
    }
    if (runs.isEmpty()) throw new UserError("no runs (directories with metrics.csv) in " + dirs, 2);
    return runs;
  }

  private static List<Path> subdirs(Path d) {
    if (!Files.isDirectory(d)) throw new UserError("no such directory: " + d, 2);
    try (Stream<Path> s = Files.list(d)) {
      return s.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The runs of one curve: a grid point's seeds in a sweep directory, else one run. */
  record Group(String name, List<Path> dirs) {}

  /** The curves' groups: each sweep directory's runs by grid point, every other run alone. */
  static List<Group> groups(List<Path> dirs) {
    List<Group> groups = new ArrayList<>();
    for (Path d : dirs) {
      Path summary = d.resolve("summary.csv");
      if (Files.exists(d.resolve("metrics.csv")) || !Files.exists(summary)) {
        for (Run r : runs(List.of(d))) groups.add(new Group(r.name(), List.of(r.dir())));
        continue;
      }
      CsvTable t = CsvTable.read(summary);
      List<String> keys = t.header().subList(0, t.header().indexOf("seed"));
      Map<String, List<Path>> byPoint = new LinkedHashMap<>();
      for (int i = 0; i < t.size(); i++) {
        int row = i;
        String label = String.join(",", keys.stream().map(k -> t.text(row, k)).toList());
        byPoint.computeIfAbsent(label.isEmpty() ? "runs" : label, l -> new ArrayList<>()).add(d.resolve(t.text(i, "run")));
      }
      String prefix = dirs.size() > 1 ? d.toAbsolutePath().normalize().getFileName() + " " : "";
      byPoint.forEach((label, runs) -> groups.add(new Group(prefix + label
          + (runs.size() > 1 ? " (" + runs.size() + " seeds)" : ""), runs)));
    }
    return groups;
  }

  /**
   * Train loss and test error vs epoch, side by side: a line per run, or per grid point of a sweep
   * directory its mean over the seeds with a min–max band.
   */
  public static void curves(List<Path> dirs, Path png) {
    List<Chart.Series> loss = new ArrayList<>();
    List<Chart.Series> error = new ArrayList<>();
    boolean bands = false;
    for (Group g : groups(dirs)) {
      List<CsvTable> tables = g.dirs().stream().map(d -> d.resolve("metrics.csv")).filter(Files::exists).map(CsvTable::read).toList();
      if (tables.isEmpty()) continue;
      bands |= tables.size() > 1;
      loss.add(seedBand(g.name(), tables, "train_loss", false));
      error.add(seedBand(g.name(), tables, "test_acc", true));
    }
    String over = bands ? " (mean, band: min–max over seeds)" : "";
    Chart c = new Chart(WIDTH, HEIGHT);
    c.lines(new Rectangle(0, 0, WIDTH / 2, HEIGHT), "train loss" + over, "epoch", "loss", loss, false);
    c.lines(new Rectangle(WIDTH / 2, 0, WIDTH / 2, HEIGHT), "test error" + over, "epoch", "top-1 error %", error, true);
    c.save(png);
  }

  /**
   * One column of metrics.csv over the runs of a group: at each epoch the mean, lowest and highest
   * value of the runs that have a finite value there (no band for one run); accuracy as error %.
   */
  static Chart.Series seedBand(String name, List<CsvTable> runs, String column, boolean asError) {
    TreeMap<Double, List<Double>> byEpoch = new TreeMap<>();
    for (CsvTable t : runs) {
      double[] epoch = t.numbers("epoch");
      double[] v = t.numbers(column);
      for (int i = 0; i < v.length; i++) {
        double y = asError ? 100 * (1 - v[i]) : v[i];
        List<Double> at = byEpoch.computeIfAbsent(epoch[i], e -> new ArrayList<>());
        if (Double.isFinite(y)) at.add(y);
      }
    }
    int n = byEpoch.size();
    double[] x = new double[n];
    double[] mean = new double[n];
    double[] low = new double[n];
    double[] high = new double[n];
    int k = 0;
    for (Map.Entry<Double, List<Double>> e : byEpoch.entrySet()) {
      x[k] = e.getKey();
      List<Double> ys = e.getValue();
      mean[k] = ys.isEmpty() ? Double.NaN : ys.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      low[k] = ys.isEmpty() ? Double.NaN : ys.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
      high[k] = ys.isEmpty() ? Double.NaN : ys.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      k++;
    }
    return runs.size() > 1 ? new Chart.Series(name, x, mean, low, high) : new Chart.Series(name, x, mean);
  }

  /** Learned activation parameters (mean per parameter tensor) vs iteration. */
  public static void params(List<Path> dirs, Path png) {
    List<Run> runs = runs(dirs);
    List<Chart.Series> series = new ArrayList<>();
    for (Run r : runs) {
      Path file = r.dir().resolve("params.csv");
      if (!Files.exists(file)) continue;
      CsvTable t = CsvTable.read(file);
      Map<String, List<double[]>> byParam = new LinkedHashMap<>();
      for (int i = 0; i < t.size(); i++) {
        byParam.computeIfAbsent(t.text(i, "param"), p -> new ArrayList<>())
            .add(new double[] {t.number(i, "iteration"), t.number(i, "mean")});
      }
      byParam.forEach((param, points) -> {
        double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
        double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
        series.add(new Chart.Series(runs.size() > 1 ? r.name() + " " + param : param, x, y));
      });
    }
    if (series.isEmpty()) {
      throw new UserError("no learned activation parameters in params.csv of " + dirs
          + " (nets with prelu, mpelu, ... write them)", 2);
    }
    Chart c = new Chart(WIDTH, HEIGHT);
    c.lines(new Rectangle(0, 0, WIDTH, HEIGHT), "learned activation parameters (mean over channels)", "iteration",
        "value", series, true);
    c.save(png);
  }

  /** The verdict grid of a sweep directory. */
  public static void grid(Path sweepDir, Path png) {
    Path file = sweepDir.resolve("summary.csv");
    if (!Files.exists(file)) throw new UserError("--chart grid needs a sweep directory with summary.csv: " + sweepDir, 2);
    CsvTable t = CsvTable.read(file);
    List<String> keys = t.header().subList(0, t.header().indexOf("seed"));
    if (keys.isEmpty()) throw new UserError(file + ": the sweep has no grid", 2);
    List<String> rows = distinct(t.texts(keys.get(0)));
    List<String> cols = keys.size() > 1 ? distinct(t.texts(keys.get(1))) : List.of("");
    Chart c = new Chart(WIDTH, HEIGHT);
    Rectangle area = new Rectangle(150, 50, WIDTH - 190, HEIGHT - 130);
    int cw = area.width / cols.size();
    int ch = area.height / rows.size();
    c.g.setFont(Chart.FONT);
    FontMetrics fm = c.g.getFontMetrics();
    for (int ri = 0; ri < rows.size(); ri++) {
      for (int ci = 0; ci < cols.size(); ci++) {
        List<Integer> cell = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
          if (t.text(i, keys.get(0)).equals(rows.get(ri)) && (keys.size() == 1 || t.text(i, keys.get(1)).equals(cols.get(ci)))) {
            cell.add(i);
          }
        }
        cell(c, t, cell, new Rectangle(area.x + ci * cw, area.y + ri * ch, cw, ch), fm, keys.size() <= 2);
      }
      String label = rows.get(ri);
      c.g.setColor(Color.BLACK);
      c.g.drawString(label, area.x - 10 - fm.stringWidth(label), area.y + ri * ch + ch / 2 + fm.getAscent() / 2);
    }
    for (int ci = 0; ci < cols.size(); ci++) {
      String label = cols.get(ci);
      c.g.drawString(label, area.x + ci * cw + cw / 2 - fm.stringWidth(label) / 2, area.y + area.height + 18);
    }
    c.g.drawString(keys.get(0), 10, area.y - 10);
    if (keys.size() > 1) {
      c.g.drawString(keys.get(1), area.x + area.width / 2 - fm.stringWidth(keys.get(1)) / 2, area.y + area.height + 38);
    }
    c.g.setFont(Chart.TITLE);
    String title = "convergence of " + sweepDir.toAbsolutePath().normalize().getFileName()
        + (keys.size() > 2 ? " (bands: seeds and " + String.join(", ", keys.subList(2, keys.size())) + "; mean error)"
            : " (bands: seeds; error: mean ± 95 % CI)");
    c.g.drawString(title, area.x + area.width / 2 - c.g.getFontMetrics().stringWidth(title) / 2, 30);
    legendOfVerdicts(c, area.x, HEIGHT - 30);
    c.save(png);
  }

  /** A grid cell: a band per run by verdict, the error (mean, ± the 95 % CI when {@code ci}), n and the counts. */
  private static void cell(Chart c, CsvTable t, List<Integer> runs, Rectangle r, FontMetrics fm, boolean ci) {
    c.g.setColor(new Color(245, 245, 245));
    c.g.fillRect(r.x, r.y, r.width, r.height);
    List<Double> errors = new ArrayList<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String v : List.of("converged", "stalled", "diverged")) counts.put(v, 0);
    for (int k = 0; k < runs.size(); k++) {
      int i = runs.get(k);
      String verdict = t.text(i, "verdict");
      c.g.setColor(verdict.equals("converged") ? CONVERGED : verdict.equals("stalled") ? STALLED : DIVERGED);
      int x0 = r.x + k * r.width / runs.size();
      int x1 = r.x + (k + 1) * r.width / runs.size();
      c.g.fillRect(x0, r.y, x1 - x0, r.height);
      counts.merge(verdict, 1, Integer::sum);
      double acc = t.number(i, "final_test_acc");
      if (!verdict.equals("diverged") && !Double.isNaN(acc)) errors.add(100 * (1 - acc));
    }
    c.g.setColor(Color.WHITE);
    c.g.drawRect(r.x, r.y, r.width, r.height);
    Stats.Sample s = Stats.Sample.of(errors.stream().mapToDouble(Double::doubleValue).toArray());
    String error = s.n() == 0 ? (runs.isEmpty() ? "no runs" : "diverged")
        : s.n() == 1 || !ci ? String.format(Locale.ROOT, "%.1f%% error", s.mean())
        : String.format(Locale.ROOT, "%.1f ± %.1f%% error", s.mean(), s.halfWidth());
    List<String> parts = new ArrayList<>();
    counts.forEach((v, k) -> {
      if (k > 0) parts.add(k + " " + v);
    });
    String seeds = "n = " + runs.size() + (parts.isEmpty() ? "" : ": " + String.join(", ", parts));
    label(c, fm, r, error, 0);
    if (!runs.isEmpty()) label(c, fm, r, seeds, 1);
  }

  /** Text line {@code line} (0, 1) centred in cell {@code r} on a light box. */
  private static void label(Chart c, FontMetrics fm, Rectangle r, String text, int line) {
    int tw = fm.stringWidth(text) + 8;
    int y = r.y + r.height / 2 + (line - 1) * (fm.getHeight() + 4) + fm.getHeight() / 2;
    c.g.setColor(new Color(255, 255, 255, 200));
    c.g.fillRect(r.x + r.width / 2 - tw / 2, y - fm.getAscent(), tw, fm.getHeight() + 2);
    c.g.setColor(Color.BLACK);
    c.g.drawString(text, r.x + r.width / 2 - tw / 2 + 4, y + 2);
  }

  private static void legendOfVerdicts(Chart c, int x, int y) {
    String[] names = {"converged", "stalled", "diverged"};
    Color[] colors = {CONVERGED, STALLED, DIVERGED};
    for (int i = 0; i < 3; i++) {
      c.g.setColor(colors[i]);
      c.g.fillRect(x + i * 130, y - 11, 14, 14);
      c.g.setColor(Color.BLACK);
      c.g.drawString(names[i], x + i * 130 + 20, y);
    }
  }

  private static List<String> distinct(List<String> values) {
    return values.stream().distinct().toList();
  }
}
