package dev.trainer.solver;

import dev.trainer.init.Moments;
import dev.trainer.layer.Net;
import dev.trainer.layer.Param;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-layer numbers for diagnostics (dead units, exploding or vanishing signals): the mean and std
 * of the layer's output in the last forward pass and the L2 norm of its parameters' gradients
 * (0 for a layer without parameters). Take them after backward and before the solver step, which
 * zeroes the gradients.
 */
public record LayerStats(String layer, double outputMean, double outputStd, double gradNorm) {

  public static List<LayerStats> of(Net net) {
    List<LayerStats> stats = new ArrayList<>(net.size());
    for (int i = 0; i < net.size(); i++) {
      Moments m = Moments.of(net.output(i));
      double ss = 0;
      for (Param p : net.layer(i).params()) ss += p.grad.sumSquares();
      stats.add(new LayerStats(net.name(i), m.mean(), m.std(), Math.sqrt(ss)));
    }
    return stats;
  }
}
