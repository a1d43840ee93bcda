package dev.trainer.interop;

import dev.trainer.UserError;
import dev.trainer.activation.PReLU;
import dev.trainer.layer.BatchNorm;
import dev.trainer.layer.Layer;
import dev.trainer.layer.Net;
import dev.trainer.layer.Param;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A net's weights under PyTorch's names and layouts, for {@code trainer export} and
 * {@code trainer run --init-from}. Each tensor is named {@code LAYER.PARAM} after the trainer's
 * layer names ({@code conv1}, {@code conv1.bn}, {@code conv1.prelu}) and torch.nn's parameter names:
 *
 * <pre>
 *   conv / fc            weight, bias     conv [out, in, kH, kW] (OIHW), fc [out, in]: the trainer's own layouts
 *   batch norm           weight (γ), bias (β), running_mean, running_var   (TEST-mode statistics)
 *   PReLU                weight           [C] or [1], as torch.nn.PReLU
 *   MPELU                alpha, beta      [C] or [1]
 *   Swish (learnable)    beta;  noisy units: p
 * </pre>
 *
 * Activations without a torch.nn counterpart keep the trainer's parameter names. A flatten is
 * row-major over [C, H, W] as torch.flatten, so fc weights after a conv need no permutation.
 */
public final class PortableWeights {
  private PortableWeights() {}

  /** Every parameter and batch-norm statistic of {@code net}, in layer order (copies). */
  public static List<NamedTensor> of(Net net) {
    List<NamedTensor> out = new ArrayList<>();
    for (int i = 0; i < net.size(); i++) {
      Layer layer = net.layer(i);
      for (Param p : layer.params()) {
        out.add(new NamedTensor(net.name(i) + "." + torchName(layer, p), p.value.shape().dims(), p.value.data.clone()));
      }
      if (layer instanceof BatchNorm bn) {
        float[][] s = bn.runningStatistics();
        int[] shape = {s[0].length};
        out.add(new NamedTensor(net.name(i) + ".running_mean", shape, s[0]));
        out.add(new NamedTensor(net.name(i) + ".running_var", shape, s[1]));
      }
    }
    return out;
  }

  /** torch.nn's name of a trainer parameter: batch norm's γ/β are weight/bias, PReLU's slope is weight. */
  static String torchName(Layer layer, Param p) {
    if (layer instanceof BatchNorm) return p.name().equals("gamma") ? "weight" : p.name().equals("beta") ? "bias" : p.name();
    if (layer instanceof PReLU && p.name().equals("slope")) return "weight";
    return p.name();
  }

  /**
   * Copies the tensors of {@code file} into {@code net} by name. A tensor whose shape differs from
   * the net's is an error naming it and both shapes (exit status 2); the net's tensors the file
   * lacks keep their initial values and are logged; tensors of the file the net lacks are an error
   * unless {@code partial}, when they are logged and skipped. Returns how many tensors were loaded.
   */
  public static int load(Net net, List<NamedTensor> file, Path source, boolean partial, Consumer<String> log) {
    Map<String, NamedTensor> given = new LinkedHashMap<>();
    for (NamedTensor t : file) given.put(t.name(), t);
    List<NamedTensor> expected = of(net);
    Map<String, NamedTensor> matched = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (NamedTensor e : expected) {
      NamedTensor t = given.remove(e.name());
      if (t == null) {
        missing.add(e.name());
      } else if (!java.util.Arrays.equals(t.shape(), e.shape())) {
        throw new UserError(source + ": tensor '" + e.name() + "' has shape " + t.shapeText() + " in the file, "
            + e.shapeText() + " in the net", 2);
      } else {
        matched.put(e.name(), t);
      }
    }
    if (!given.isEmpty() && !partial) {
      throw new UserError(source + ": " + given.size() + " tensor(s) the net does not have: "
          + String.join(", ", first(given.keySet(), 5)) + " (--init-from-partial skips them)", 2);
    }
    copy(net, matched);
    if (!missing.isEmpty()) {
      log.accept("init-from " + source + ": " + missing.size() + " tensor(s) not in the file keep their initial values: "
          + String.join(", ", missing));
    }
    if (!given.isEmpty()) {
      log.accept("init-from " + source + ": skipped " + given.size() + " tensor(s) the net does not have: "
          + String.join(", ", given.keySet()));
    }
    return matched.size();
  }

  private static void copy(Net net, Map<String, NamedTensor> matched) {
    for (int i = 0; i < net.size(); i++) {
      Layer layer = net.layer(i);
      for (Param p : layer.params()) {
        NamedTensor t = matched.get(net.name(i) + "." + torchName(layer, p));
        if (t != null) System.arraycopy(t.data(), 0, p.value.data, 0, t.data().length);
      }
      NamedTensor mean = matched.get(net.name(i) + ".running_mean");
      NamedTensor var = matched.get(net.name(i) + ".running_var");
      if (layer instanceof BatchNorm bn && (mean != null || var != null)) {
        float[][] s = bn.runningStatistics();
        bn.setRunningStatistics(mean != null ? mean.data() : s[0], var != null ? var.data() : s[1]);
      }
    }
  }

  private static List<String> first(java.util.Collection<String> names, int n) {
    List<String> out = new ArrayList<>(names.stream().limit(n).toList());
    if (names.size() > n) out.add("…");
    return out;
  }
}
