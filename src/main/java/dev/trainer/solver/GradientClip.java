package dev.trainer.solver;

import dev.trainer.layer.NamedParam;
import java.util.List;

/** Caffe's clip_gradients, shared by the solvers. */
final class GradientClip {
  private GradientClip() {}

  /**
   * The factor that scales the gradients to global L2 norm {@code clip} if their norm is larger
   * (norm over the params with lr_mult ≠ 0, whose gradients Caffe computes); 1 when
   * {@code clip} ≤ 0 (off).
   */
  static float scale(List<NamedParam> params, double clip) {
    if (clip <= 0) return 1f;
    double ss = 0;
    for (NamedParam p : params) if (p.param().lrMult() != 0) ss += p.param().grad.sumSquares();
    double norm = Math.sqrt(ss);
    return norm > clip ? (float) (clip / norm) : 1f;
  }

  /** The global L2 norm of all gradients, in double. */
  static double norm(List<NamedParam> params) {
    double ss = 0;
    for (NamedParam p : params) ss += p.param().grad.sumSquares();
    return Math.sqrt(ss);
  }
}
