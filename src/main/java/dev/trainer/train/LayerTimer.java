package dev.trainer.train;

import dev.trainer.layer.Mode;
import dev.trainer.layer.Net;
import dev.trainer.loss.SoftmaxCrossEntropy;
import dev.trainer.solver.Solver;
import dev.trainer.tensor.Tensor;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Training steps with a stopwatch around every layer, for {@code trainer time} (Caffe's
 * {@code caffe time}). A step is what {@link Trainer} does per iteration: forward through the
 * layers in TRAIN mode, softmax cross-entropy loss, backward in reverse layer by layer with
 * {@link Net#backwardLayer} (the lowest layer with parameters computes only its parameter
 * gradients), SGD update. The loops over layers are written here, so {@link Net#forward} and
 * {@link Net#backward} carry no timing code in normal runs.
 *
 * <p>Every recorded step keeps its per-layer times; {@link #summary()} reports medians over the
 * recorded steps, which ignore the odd slow step (a GC pause, another process).
 */
public final class LayerTimer {
  /** Medians in milliseconds: per layer forward and backward, the loss, the update and whole steps. */
  public record Summary(double[] forwardMs, double[] backwardMs, double lossMs, double updateMs, double stepMs,
      int steps) {
    /** Sum of the per-part medians (the denominator of the "% of total" column). */
    public double partsMs() {
      return Arrays.stream(forwardMs).sum() + Arrays.stream(backwardMs).sum() + lossMs + updateMs;
    }
  }

  private final Net net;
  private final Solver sgd;
  private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
  private final List<long[]> forward = new ArrayList<>();
  private final List<long[]> backward = new ArrayList<>();
  private final List<Long> lossNanos = new ArrayList<>();
  private final List<Long> updateNanos = new ArrayList<>();
  private final List<Long> stepNanos = new ArrayList<>();

  public LayerTimer(Net net, Solver sgd) {
    this.net = net;
    this.sgd = sgd;
  }

  /**
   * One training step on {@code x} and {@code labels} at {@code iteration}; keeps its times when
   * {@code record} (warm-up steps do not). Returns the loss.
   */
  public double step(Tensor x, int[] labels, int iteration, boolean record) {
    int n = net.size();
    long[] fwd = new long[n];
    long[] bwd = new long[n];
    long start = System.nanoTime();
    Tensor h = x;
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      h = net.forwardLayer(i, h, Mode.TRAIN);
      fwd[i] = System.nanoTime() - t;
    }
    long t = System.nanoTime();
    double l = loss.forward(h, labels);
    Tensor g = loss.backward();
    long lossTime = System.nanoTime() - t;
    for (int i = n - 1; i >= net.lowestBackward(); i--) {
      t = System.nanoTime();
      g = net.backwardLayer(i, g);
      bwd[i] = System.nanoTime() - t;
    }
    t = System.nanoTime();
    sgd.step(iteration);
    long end = System.nanoTime();
    if (record) {
      forward.add(fwd);
      backward.add(bwd);
      lossNanos.add(lossTime);
      updateNanos.add(end - t);
      stepNanos.add(end - start);
    }
    return l;
  }

  /** Medians over the recorded steps; at least one step must have been recorded. */
  public Summary summary() {
    if (stepNanos.isEmpty()) throw new IllegalStateException("no recorded steps");
    int n = net.size();
    double[] f = new double[n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      f[i] = medianMs(column(forward, i));
      b[i] = medianMs(column(backward, i));
    }
    return new Summary(f, b, medianMs(longs(lossNanos)), medianMs(longs(updateNanos)), medianMs(longs(stepNanos)),
        stepNanos.size());
  }

  /**
   * The per-layer table of the recorded steps (Caffe's {@code caffe time}): forward and backward
   * medians, each layer's share, the forward GFLOP/s of conv/fc layers, then the median step.
   */
  public void printTable(PrintWriter out, int batch) {
    Summary s = summary();
    double parts = s.partsMs();
    out.printf(Locale.ROOT, "%-18s %-16s %11s %11s %7s %8s%n", "layer", "output", "forward ms", "backward ms",
        "% total", "GFLOP/s");
    for (int i = 0; i < net.size(); i++) {
      long f = net.layer(i).flopsPerExample();
      String rate = f == 0 ? "" : String.format(Locale.ROOT, "%.2f", f * (double) batch / (s.forwardMs()[i] * 1e6));
      out.printf(Locale.ROOT, "%-18s %-16s %11.2f %11.2f %7.1f %8s%n", net.name(i),
          net.outputShape(i).withBatch(batch), s.forwardMs()[i], s.backwardMs()[i],
          100 * (s.forwardMs()[i] + s.backwardMs()[i]) / parts, rate);
    }
    out.printf(Locale.ROOT, "%-18s %-16s %11.2f %11s %7.1f%n", "loss", "", s.lossMs(), "(in fwd)", 100 * s.lossMs() / parts);
    out.printf(Locale.ROOT, "%-18s %-16s %11s %11.2f %7.1f%n", "update (SGD)", "", "", s.updateMs(),
        100 * s.updateMs() / parts);
    double forward = Arrays.stream(s.forwardMs()).sum() + s.lossMs();
    double backward = Arrays.stream(s.backwardMs()).sum();
    out.printf(Locale.ROOT, "%-18s %-16s %11.2f %11.2f %7.1f%n", "sum of medians", "", forward, backward, 100.0);
    long flops = net.flopsPerExample();
    out.printf(Locale.ROOT, "step: %.2f ms (median of %d), conv/fc %.1f MFLOP per image forward, "
            + "about %.2f GFLOP/s over the step (3x forward FLOPs)%n",
        s.stepMs(), s.steps(), flops / 1e6, 3.0 * flops * batch / (s.stepMs() * 1e6));
  }

  private static long[] column(List<long[]> rows, int i) {
    long[] c = new long[rows.size()];
    for (int r = 0; r < c.length; r++) c[r] = rows.get(r)[i];
    return c;
  }

  private static long[] longs(List<Long> list) {
    return list.stream().mapToLong(Long::longValue).toArray();
  }

  /** The median in milliseconds (the mean of the two middle values for an even count). */
  static double medianMs(long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    double median = s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2.0;
    return median / 1e6;
  }
}
