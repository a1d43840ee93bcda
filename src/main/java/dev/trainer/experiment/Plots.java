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
import java.util.stream.Stream;

/**
 * The charts of {@code trainer plot}, from the CSV files of run and sweep directories:
 *
 * <pre>
 *   curves  train loss and test error % vs epoch (metrics.csv), one line per run
 *   params  learned activation parameters (params.csv: mean over channels) vs iteration,
 *           one line per run and parameter (PReLU slopes, MPELU alpha and beta, ...)
 *   grid    the verdicts of a sweep (summary.csv) as a grid: rows = values of the first grid key,
 *           columns = values of the second; each cell has one band per run (seeds and further
 *           grid keys) coloured converged (green), stalled (orange) or diverged (red), and the
 *           mean final test error of the runs that did not diverge
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

  /** Train loss and test error vs epoch of every run, side by side. */
  public static void curves(List<Path> dirs, Path png) {
    List<Chart.Series> loss = new ArrayList<>();
    List<Chart.Series> error = new ArrayList<>();
    for (Run r : runs(dirs)) {
      Path file = r.dir().resolve("metrics.csv");
      if (!Files.exists(file)) continue;
      CsvTable t = CsvTable.read(file);
      double[] epoch = t.numbers("epoch");
      double[] err = t.numbers("test_acc");
      for (int i = 0; i < err.length; i++) err[i] = 100 * (1 - err[i]);
      loss.add(new Chart.Series(r.name(), epoch, t.numbers("train_loss")));
      error.add(new Chart.Series(r.name(), epoch, err));
    }
    Chart c = new Chart(WIDTH, HEIGHT);
    c.lines(new Rectangle(0, 0, WIDTH / 2, HEIGHT), "train loss", "epoch", "loss", loss, false);
    c.lines(new Rectangle(WIDTH / 2, 0, WIDTH / 2, HEIGHT), "test error", "epoch", "top-1 error %", error, true);
    c.save(png);
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
        cell(c, t, cell, new Rectangle(area.x + ci * cw, area.y + ri * ch, cw, ch), fm);
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
        + (keys.size() > 2 ? " (bands: seeds and " + String.join(", ", keys.subList(2, keys.size())) + ")" : " (bands: seeds)");
    c.g.drawString(title, area.x + area.width / 2 - c.g.getFontMetrics().stringWidth(title) / 2, 30);
    legendOfVerdicts(c, area.x, HEIGHT - 30);
    c.save(png);
  }

  private static void cell(Chart c, CsvTable t, List<Integer> runs, Rectangle r, FontMetrics fm) {
    c.g.setColor(new Color(245, 245, 245));
    c.g.fillRect(r.x, r.y, r.width, r.height);
    double sum = 0;
    int n = 0;
    for (int k = 0; k < runs.size(); k++) {
      int i = runs.get(k);
      String verdict = t.text(i, "verdict");
      c.g.setColor(verdict.equals("converged") ? CONVERGED : verdict.equals("stalled") ? STALLED : DIVERGED);
      int x0 = r.x + k * r.width / runs.size();
      int x1 = r.x + (k + 1) * r.width / runs.size();
      c.g.fillRect(x0, r.y, x1 - x0, r.height);
      double acc = t.number(i, "final_test_acc");
      if (!verdict.equals("diverged") && !Double.isNaN(acc)) {
        sum += 100 * (1 - acc);
        n++;
      }
    }
    c.g.setColor(Color.WHITE);
    c.g.drawRect(r.x, r.y, r.width, r.height);
    String text = n == 0 ? (runs.isEmpty() ? "no runs" : "diverged") : String.format(Locale.ROOT, "%.1f%% error", sum / n);
    int tw = fm.stringWidth(text) + 8;
    c.g.setColor(new Color(255, 255, 255, 200));
    c.g.fillRect(r.x + r.width / 2 - tw / 2, r.y + r.height / 2 - fm.getAscent(), tw, fm.getHeight() + 2);
    c.g.setColor(Color.BLACK);
    c.g.drawString(text, r.x + r.width / 2 - tw / 2 + 4, r.y + r.height / 2 + 2);
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
