package dev.trainer.init;

import dev.trainer.layer.Layer;
import dev.trainer.layer.Mode;
import dev.trainer.layer.Net;
import dev.trainer.layer.Param;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a freshly initialized net treats signals, the check behind He et al.'s analysis (section
 * 2.2) and the MPELU paper's depth experiments: forward a batch and record each layer's output
 * mean and std; then backward a N(0, 1) gradient from the top and record the std of the gradient
 * reaching each layer's input. A good init keeps both roughly constant through depth.
 *
 * <pre>
 *   forwardRatio  = std(output of the last weight layer) / std(output of the first weight layer)
 *   backwardRatio = std(dL/dx at the first weight layer) / std(dL/dx at the last weight layer)
 * </pre>
 *
 * Weight layers are those with a {@code weight} parameter of rank ≥ 2 (conv, fully connected);
 * their outputs are pre-activations, the y_l of the paper. Parameter gradients added by the
 * backward pass are zeroed again.
 */
public record StartupStats(List<Row> rows) {

  /** One layer: whether it has weights, its output's mean and std, and the std of dL/d(its input). */
  public record Row(String layer, boolean weighted, double outputMean, double outputStd, double inputGradStd) {}

  public static StartupStats measure(Net net, Tensor batch, Rng rng) {
    Tensor y = net.forward(batch, Mode.TEST);
    Moments[] out = new Moments[net.size()];
    for (int i = 0; i < net.size(); i++) out[i] = Moments.of(net.output(i));
    Tensor dy = new Tensor(y.shape());
    for (int i = 0; i < dy.size(); i++) dy.data[i] = (float) rng.nextGaussian();
    double[] gradStd = new double[net.size()];
    for (int i = net.size() - 1; i >= 0; i--) {
      dy = net.backwardFull(i, dy);
      gradStd[i] = Moments.of(dy).std();
    }
    net.zeroGrads();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < net.size(); i++) {
      rows.add(new Row(net.name(i), hasWeight(net.layer(i)), out[i].mean(), out[i].std(), gradStd[i]));
    }
    return new StartupStats(List.copyOf(rows));
  }

  private static boolean hasWeight(Layer layer) {
    for (Param p : layer.params()) {
      if (Lsuv.isWeight(p)) return true;
    }
    return false;
  }

  public double forwardRatio() {
    List<Row> w = weighted();
    return w.get(w.size() - 1).outputStd() / w.get(0).outputStd();
  }

  public double backwardRatio() {
    List<Row> w = weighted();
    return w.get(0).inputGradStd() / w.get(w.size() - 1).inputGradStd();
  }

  private List<Row> weighted() {
    List<Row> w = rows.stream().filter(Row::weighted).toList();
    if (w.isEmpty()) throw new IllegalStateException("the net has no weight layers");
    return w;
  }

  /** One line per layer: {@code name  mean  std  grad-std}, for a CLI or a log. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%-12s %12s %12s %12s", "layer", "out_mean", "out_std", "dx_std"));
    for (Row r : rows) {
      lines.add(String.format(Locale.ROOT, "%-12s %12.4g %12.4g %12.4g", r.layer(), r.outputMean(), r.outputStd(), r.inputGradStd()));
    }
    return lines;
  }
}
