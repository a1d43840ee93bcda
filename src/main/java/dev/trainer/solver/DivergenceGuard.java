package dev.trainer.solver;

import dev.trainer.layer.Net;
import dev.trainer.layer.Param;
import java.util.Locale;

/**
 * Stops a run at its first non-finite number and says where it appeared, in the order the
 * numbers were computed within the iteration:
 *
 * <pre>
 *   for each layer, input to output: its parameter values, then its output
 *   the loss
 *   for each layer, output to input (backward order): its parameter gradients
 * </pre>
 *
 * Call {@link #check} after the backward pass and before the solver step. Every iteration it
 * reads only the loss and the parameter gradients; only when one of them is not finite does it scan
 * the values and outputs above to name the first place. A NaN or ∞ in a parameter reaches both
 * (sums and products propagate it), but one that appears in an activation need not: saturating
 * units map ±∞ to finite values (sigmoid(∞) = 1, tanh, the hard units; ReLU(−∞) = 0, with zero
 * gradient), and max pooling keeps a window's first maximum, so it skips a NaN after it. Such an
 * absorbed value stops nothing until a non-finite number reaches the loss or a gradient. Nothing is
 * allocated unless the run diverged.
 */
public final class DivergenceGuard {
  private double lastFiniteLoss = Double.NaN;
  private int lastFiniteIter = -1;

  /** Throws a {@link DivergedException} if the loss, a layer output or a parameter is not finite. */
  public void check(Net net, double loss, int iter) {
    String where = Double.isFinite(loss) && gradientsFinite(net) ? null : firstNonFinite(net, loss);
    if (where == null) {
      lastFiniteLoss = loss;
      lastFiniteIter = iter;
      return;
    }
    String last = lastFiniteIter < 0 ? "no finite loss before"
        : "last finite loss " + number(lastFiniteLoss) + " at iteration " + lastFiniteIter;
    throw new DivergedException("diverged at iteration " + iter + ": first non-finite value in " + where
        + " (loss = " + number(loss) + "); " + last + "; try a lower solver.base_lr");
  }

  private static boolean gradientsFinite(Net net) {
    for (int i = 0; i < net.size(); i++) {
      for (Param p : net.layer(i).params()) {
        if (!p.grad.isFinite()) return false;
      }
    }
    return true;
  }

  /** Where the first non-finite value is, e.g. {@code output of layer 'conv3'}, or null if none. */
  static String firstNonFinite(Net net, double loss) {
    for (int i = 0; i < net.size(); i++) {
      for (Param p : net.layer(i).params()) {
        if (!p.value.isFinite()) return "value of parameter '" + net.name(i) + "." + p.name() + "'";
      }
      if (net.output(i) != null && !net.output(i).isFinite()) return "output of layer '" + net.name(i) + "'";
    }
    if (!Double.isFinite(loss)) return "the loss";
    for (int i = net.size() - 1; i >= 0; i--) {
      for (Param p : net.layer(i).params()) {
        if (!p.grad.isFinite()) return "gradient of parameter '" + net.name(i) + "." + p.name() + "'";
      }
    }
    return null;
  }

  /** 4 significant digits without trailing zeros: 2.31, 0.0001234, NaN, Infinity. */
  private static String number(double v) {
    if (!Double.isFinite(v)) return Double.toString(v);
    String s = String.format(Locale.ROOT, "%.4g", v);
    return s.contains("e") || !s.contains(".") ? s : s.replaceAll("\\.?0+$", "");
  }
}
