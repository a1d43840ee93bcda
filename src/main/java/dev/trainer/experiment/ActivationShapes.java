package dev.trainer.experiment;

import dev.trainer.UserError;
import dev.trainer.activation.Activation;
import dev.trainer.config.Config;
import dev.trainer.layer.Mode;
import dev.trainer.layer.NamedParam;
import dev.trainer.layer.Net;
import dev.trainer.layer.Param;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import dev.trainer.train.Checkpoint;
import dev.trainer.train.NetBuilder;
import dev.trainer.train.SyntheticData;
import java.awt.Color;
import java.awt.Rectangle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code trainer plot RUN --chart shapes}: y(x) on x ∈ [−4, 4] of every activation layer of a run,
 * at the start (the net rebuilt from the run's resolved config and seed, so the initial
 * parameters are the run's) and at the end ({@code last.ckpt}). A layer with per-channel
 * parameters gets one thin curve per channel and their mean as a thick one; a fixed or
 * layer-shared activation has one curve. Activations that change the channel count (maxout,
 * crelu) are not functions of one input and are left out.
 */
public final class ActivationShapes {
  static final int POINTS = 321;
  static final double LIMIT = 4;

  /** One panel: a layer's per-channel curves at the start and the end (rows = channels). */
  record Panel(String layer, double[][] start, double[][] end) {}

  private ActivationShapes() {}

  /** x_k = −4 + 8k/(POINTS − 1). */
  static double[] xs() {
    double[] x = new double[POINTS];
    for (int k = 0; k < POINTS; k++) x[k] = -LIMIT + 2 * LIMIT * k / (POINTS - 1);
    return x;
  }

  /** The panels of the run in {@code runDir} (needs config.resolved.conf and last.ckpt). */
  static List<Panel> panels(Path runDir) {
    Path config = runDir.resolve("config.resolved.conf");
    Path last = runDir.resolve("last.ckpt");
    if (!Files.isRegularFile(config) || !Files.isRegularFile(last)) {
      throw new UserError("--chart shapes needs config.resolved.conf and last.ckpt in " + runDir, 2);
    }
    Config c = Config.load(config, List.of());
    Rng root = new Rng(c.solver().integer("random_seed"));
    Net net = new NetBuilder().build(c.layers(), SyntheticData.inputShape(c), root.stream("init"), line -> {});
    List<double[][]> start = new ArrayList<>();
    List<Integer> layers = new ArrayList<>();
    for (int i = 0; i < net.size(); i++) {
      Shape in = i == 0 ? net.inputShape() : net.outputShape(i - 1);
      if (net.layer(i) instanceof Activation && net.outputShape(i).channels() == in.channels()) {
        layers.add(i);
        start.add(curves((Activation) net.layer(i), in.channels()));
      }
    }
    restoreParams(net, Checkpoint.load(last), last);
    List<Panel> panels = new ArrayList<>();
    for (int j = 0; j < layers.size(); j++) {
      int i = layers.get(j);
      Shape in = i == 0 ? net.inputShape() : net.outputShape(i - 1);
      panels.add(new Panel(net.name(i), start.get(j), curves((Activation) net.layer(i), in.channels())));
    }
    if (panels.isEmpty()) throw new UserError("no elementwise activation layers in " + runDir, 2);
    return panels;
  }

  /** Copies the checkpoint's parameter values into the net (the checkpoint's "params" list is in net.params() order). */
  private static void restoreParams(Net net, Checkpoint checkpoint, Path file) {
    List<NamedParam> params = net.params();
    List<float[]> saved = checkpoint.tensors.get("params");
    if (saved == null || saved.size() != params.size()) {
      throw new UserError(file + " does not match the run's config (" + params.size() + " parameters expected)", 2);
    }
    for (int i = 0; i < params.size(); i++) {
      float[] v = params.get(i).param().value.data;
      if (saved.get(i).length != v.length) throw new UserError(file + " does not match " + params.get(i).name(), 2);
      System.arraycopy(saved.get(i), 0, v, 0, v.length);
    }
  }

  /**
   * y(x) per channel: the layer is set up again for C features (its parameters keep their values
   * and shapes, [C] or [1]) and run in TEST mode on a POINTS × C batch whose row k is x_k. One row
   * of curves when the activation has no per-channel parameters.
   */
  static double[][] curves(Activation a, int channels) {
    List<float[]> values = new ArrayList<>();
    for (Param p : a.params()) values.add(p.value.data.clone());
    boolean perChannel = a.params().stream().anyMatch(p -> p.value.size() == channels && channels > 1);
    a.setup(Shape.of(channels), new Rng(0));
    List<Param> params = a.params();
    for (int i = 0; i < params.size(); i++) System.arraycopy(values.get(i), 0, params.get(i).value.data, 0, values.get(i).length);
    double[] x = xs();
    Tensor in = new Tensor(Shape.of(POINTS, channels));
    for (int k = 0; k < POINTS; k++) {
      for (int c = 0; c < channels; c++) in.data[k * channels + c] = (float) x[k];
    }
    float[] y = a.forward(in, Mode.TEST).data;
    int rows = perChannel ? channels : 1;
    double[][] out = new double[rows][POINTS];
    for (int c = 0; c < rows; c++) {
      for (int k = 0; k < POINTS; k++) out[c][k] = y[k * channels + c];
    }
    return out;
  }

  /** Mean over the rows. */
  static double[] mean(double[][] rows) {
    double[] m = new double[rows[0].length];
    for (double[] r : rows) {
      for (int k = 0; k < m.length; k++) m[k] += r[k] / rows.length;
    }
    return m;
  }

  /** Draws one panel per layer, three per row: start grey, end blue; per-channel thin, mean thick. */
  public static void draw(Path runDir, Path png) {
    List<Panel> panels = panels(runDir);
    int cols = Math.min(3, panels.size());
    int rows = (panels.size() + cols - 1) / cols;
    int w = 420;
    int h = 340;
    Chart chart = new Chart(cols * w, rows * h);
    double[] x = xs();
    Color startColor = new Color(150, 150, 150);
    Color endColor = Chart.PALETTE[0];
    for (int p = 0; p < panels.size(); p++) {
      Panel panel = panels.get(p);
      List<Chart.Series> series = new ArrayList<>();
      List<Color> colors = new ArrayList<>();
      List<Float> widths = new ArrayList<>();
      for (double[][] set : List.of(panel.start(), panel.end())) {
        boolean isStart = set == panel.start();
        if (set.length > 1) {
          for (double[] r : set) {
            series.add(new Chart.Series("", x, r));
            colors.add(translucent(isStart ? startColor : endColor));
            widths.add(0.7f);
          }
        }
        series.add(new Chart.Series(isStart ? "start" : "end", x, mean(set)));
        colors.add(isStart ? startColor : endColor);
        widths.add(2.4f);
      }
      String title = panel.layer() + (panel.end().length > 1 ? " (" + panel.end().length + " channels)" : "");
      chart.styledLines(new Rectangle((p % cols) * w, (p / cols) * h, w, h), title, "x", "y", series, colors, widths);
    }
    chart.save(png);
  }

  private static Color translucent(Color c) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), 70);
  }
}
