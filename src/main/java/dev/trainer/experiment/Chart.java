package dev.trainer.experiment;

import dev.trainer.train.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Plain java.awt drawing for the plots (headless): an image with white background, line panels
 * with ticked and labelled axes and a legend, and PNG output.
 */
final class Chart {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  /**
   * One line: its legend name and points; NaN points break the line. {@code low} and {@code high}
   * (or null) bound a shaded band around it, such as the spread over seeds.
   */
  record Series(String name, double[] x, double[] y, double[] low, double[] high) {
    Series(String name, double[] x, double[] y) {
      this(name, x, y, null, null);
    }
  }

  static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
      new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
      new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207)};
  static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);

  final BufferedImage image;
  final Graphics2D g;

  Chart(int width, int height) {
    image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
  }

  /** The colour of series i (the palette, repeated). */
  static Color color(int i) {
    return PALETTE[i % PALETTE.length];
  }

  /** The stroke of series i: solid for the first palette round, then dashed. */
  static BasicStroke stroke(int i) {
    return i < PALETTE.length ? new BasicStroke(1.8f)
        : new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f);
  }

  /**
   * Draws a line panel in {@code area} (title above, axes with ticks and labels, series, and the
   * legend in the top-right corner of the plot when {@code legend}); returns the plot rectangle.
   */
  Rectangle lines(Rectangle area, String title, String xLabel, String yLabel, List<Series> series, boolean legend) {
    Rectangle plot = new Rectangle(area.x + 70, area.y + 30, area.width - 90, area.height - 80);
    double[] xr = range(series, true);
    double[] yr = range(series, false);
    Ticks xt = Ticks.of(xr[0], xr[1]);
    Ticks yt = Ticks.of(yr[0], yr[1]);
    axes(plot, title, xLabel, yLabel, xt, yt);
    Graphics2D clip = (Graphics2D) g.create();
    clip.clip(plot);
    for (int i = 0; i < series.size(); i++) band(clip, plot, xt, yt, series.get(i), color(i));
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      clip.setColor(color(i));
      clip.setStroke(stroke(i));
      Path2D.Double path = new Path2D.Double();
      boolean pen = false;
      for (int k = 0; k < s.x().length; k++) {
        if (!Double.isFinite(s.x()[k]) || !Double.isFinite(s.y()[k])) {
          pen = false;
          continue;
        }
        double px = plot.x + (s.x()[k] - xt.min) / (xt.max - xt.min) * plot.width;
        double py = plot.y + plot.height - (s.y()[k] - yt.min) / (yt.max - yt.min) * plot.height;
        if (pen) path.lineTo(px, py);
        else path.moveTo(px, py);
        if (s.x().length == 1) clip.fillOval((int) px - 3, (int) py - 3, 6, 6);
        pen = true;
      }
      clip.draw(path);
    }
    clip.dispose();
    if (legend) legend(plot, series.stream().map(Series::name).toList());
    return plot;
  }

  /**
   * A line panel like {@link #lines} with a colour and a width per series; the legend shows the
   * series with a non-empty name.
   */
  void styledLines(Rectangle area, String title, String xLabel, String yLabel, List<Series> series, List<Color> colors,
      List<Float> widths) {
    Rectangle plot = new Rectangle(area.x + 70, area.y + 30, area.width - 90, area.height - 80);
    Ticks xt = Ticks.of(range(series, true)[0], range(series, true)[1]);
    double[] yr = range(series, false);
    Ticks yt = Ticks.of(yr[0], yr[1]);
    axes(plot, title, xLabel, yLabel, xt, yt);
    Graphics2D clip = (Graphics2D) g.create();
    clip.clip(plot);
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      clip.setColor(colors.get(i));
      clip.setStroke(new BasicStroke(widths.get(i)));
      Path2D.Double path = new Path2D.Double();
      boolean pen = false;
      for (int k = 0; k < s.x().length; k++) {
        if (!Double.isFinite(s.y()[k])) {
          pen = false;
          continue;
        }
        double px = plot.x + (s.x()[k] - xt.min) / (xt.max - xt.min) * plot.width;
        double py = plot.y + plot.height - (s.y()[k] - yt.min) / (yt.max - yt.min) * plot.height;
        if (pen) path.lineTo(px, py);
        else path.moveTo(px, py);
        pen = true;
      }
      clip.draw(path);
    }
    clip.dispose();
    int y = plot.y + 18;
    g.setFont(FONT);
    for (int i = 0; i < series.size(); i++) {
      if (series.get(i).name().isEmpty()) continue;
      g.setColor(colors.get(i));
      g.setStroke(new BasicStroke(widths.get(i)));
      g.drawLine(plot.x + 8, y - 4, plot.x + 30, y - 4);
      g.setColor(Color.BLACK);
      g.drawString(series.get(i).name(), plot.x + 36, y);
      y += 16;
    }
    g.setStroke(new BasicStroke(1f));
  }

  /** The band of {@code s} as a translucent polygon: high from left to right, low back (finite points only). */
  private static void band(Graphics2D g, Rectangle plot, Ticks xt, Ticks yt, Series s, Color c) {
    if (s.low() == null) return;
    List<double[]> upper = new ArrayList<>();
    List<double[]> lower = new ArrayList<>();
    for (int k = 0; k < s.x().length; k++) {
      if (!Double.isFinite(s.x()[k]) || !Double.isFinite(s.low()[k]) || !Double.isFinite(s.high()[k])) continue;
      double px = plot.x + (s.x()[k] - xt.min) / (xt.max - xt.min) * plot.width;
      upper.add(new double[] {px, plot.y + plot.height - (s.high()[k] - yt.min) / (yt.max - yt.min) * plot.height});
      lower.add(new double[] {px, plot.y + plot.height - (s.low()[k] - yt.min) / (yt.max - yt.min) * plot.height});
    }
    if (upper.size() < 2) return;
    Path2D.Double poly = new Path2D.Double();
    poly.moveTo(upper.get(0)[0], upper.get(0)[1]);
    for (double[] p : upper) poly.lineTo(p[0], p[1]);
    for (int k = lower.size() - 1; k >= 0; k--) poly.lineTo(lower.get(k)[0], lower.get(k)[1]);
    poly.closePath();
    g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 60));
    g.fill(poly);
  }

  private void axes(Rectangle plot, String title, String xLabel, String yLabel, Ticks xt, Ticks yt) {
    g.setFont(FONT);
    FontMetrics fm = g.getFontMetrics();
    g.setStroke(new BasicStroke(1f));
    for (double v : xt.values()) {
      int px = (int) Math.round(plot.x + (v - xt.min) / (xt.max - xt.min) * plot.width);
      g.setColor(new Color(235, 235, 235));
      g.drawLine(px, plot.y, px, plot.y + plot.height);
      g.setColor(Color.BLACK);
      g.drawLine(px, plot.y + plot.height, px, plot.y + plot.height + 5);
      String t = xt.label(v);
      g.drawString(t, px - fm.stringWidth(t) / 2, plot.y + plot.height + 18);
    }
    for (double v : yt.values()) {
      int py = (int) Math.round(plot.y + plot.height - (v - yt.min) / (yt.max - yt.min) * plot.height);
      g.setColor(new Color(235, 235, 235));
      g.drawLine(plot.x, py, plot.x + plot.width, py);
      g.setColor(Color.BLACK);
      g.drawLine(plot.x - 5, py, plot.x, py);
      String t = yt.label(v);
      g.drawString(t, plot.x - 8 - fm.stringWidth(t), py + fm.getAscent() / 2 - 1);
    }
    g.setColor(Color.BLACK);
    g.drawRect(plot.x, plot.y, plot.width, plot.height);
    g.drawString(xLabel, plot.x + plot.width / 2 - fm.stringWidth(xLabel) / 2, plot.y + plot.height + 38);
    AffineTransform saved = g.getTransform();
    g.rotate(-Math.PI / 2);
    g.drawString(yLabel, -(plot.y + plot.height / 2 + fm.stringWidth(yLabel) / 2), plot.x - 52);
    g.setTransform(saved);
    g.setFont(TITLE);
    g.drawString(title, plot.x + plot.width / 2 - g.getFontMetrics().stringWidth(title) / 2, plot.y - 10);
    g.setFont(FONT);
  }

  /** A legend box in the top-right corner of {@code plot}. */
  void legend(Rectangle plot, List<String> names) {
    g.setFont(FONT);
    FontMetrics fm = g.getFontMetrics();
    int w = 0;
    for (String n : names) w = Math.max(w, fm.stringWidth(n));
    int lineH = fm.getHeight();
    int boxW = w + 40;
    int boxH = names.size() * lineH + 8;
    int x = plot.x + plot.width - boxW - 6;
    int y = plot.y + 6;
    g.setColor(new Color(255, 255, 255, 220));
    g.fillRect(x, y, boxW, boxH);
    g.setColor(Color.GRAY);
    g.drawRect(x, y, boxW, boxH);
    for (int i = 0; i < names.size(); i++) {
      int ly = y + 4 + i * lineH + lineH / 2;
      g.setColor(color(i));
      g.setStroke(stroke(i));
      g.drawLine(x + 6, ly, x + 28, ly);
      g.setColor(Color.BLACK);
      g.drawString(names.get(i), x + 34, ly + fm.getAscent() / 2 - 1);
    }
    g.setStroke(new BasicStroke(1f));
  }

  /** Writes the image as PNG, creating parent folders. */
  void save(Path file) {
    g.dispose();
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw AtomicFiles.cannotWrite(file, e);
    }
    AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
  }

  private static double[] range(List<Series> series, boolean x) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (int k = 0; k < s.x().length; k++) {
        if (!Double.isFinite(s.x()[k]) || !Double.isFinite(s.y()[k])) continue;
        double v = x ? s.x()[k] : s.y()[k];
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
        if (!x && s.low() != null && Double.isFinite(s.low()[k]) && Double.isFinite(s.high()[k])) {
          lo = Math.min(lo, s.low()[k]);
          hi = Math.max(hi, s.high()[k]);
        }
      }
    }
    if (lo > hi) return new double[] {0, 1};
    if (lo == hi) return new double[] {lo - 0.5, hi + 0.5};
    return new double[] {lo, hi};
  }

  /** Axis ticks at 1, 2 or 5 times a power of ten, about 5 of them; the axis spans whole ticks. */
  record Ticks(double min, double max, double step) {
    static Ticks of(double lo, double hi) {
      double raw = (hi - lo) / 5;
      double mag = Math.pow(10, Math.floor(Math.log10(raw)));
      double f = raw / mag;
      double step = (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
      return new Ticks(Math.floor(lo / step) * step, Math.ceil(hi / step) * step, step);
    }

    double[] values() {
      int n = (int) Math.round((max - min) / step);
      double[] v = new double[n + 1];
      for (int i = 0; i <= n; i++) v[i] = min + i * step;
      return v;
    }

    String label(double v) {
      int decimals = (int) Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
      return String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(v) < step / 1e6 ? 0.0 : v);
    }
  }
}
