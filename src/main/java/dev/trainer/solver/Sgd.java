package dev.trainer.solver;

import dev.trainer.layer.NamedParam;
import dev.trainer.layer.Param;
import dev.trainer.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Stochastic gradient descent with momentum, exactly as Caffe's SGDSolver::ApplyUpdate (and
 * NesterovSolver) on a float net. For each step, with rate = policy.rate(iter):
 *
 * <pre>
 *   1. clip:   if clip_gradients &gt; 0 and ‖g‖ &gt; clip_gradients (L2 norm of the raw gradients of
 *              the params with lr_mult ≠ 0):  g ← g · clip_gradients / ‖g‖
 *              (before weight decay, as Caffe, which computes no gradient for lr_mult = 0)
 *   then for each parameter, with lr = rate·lr_mult and λ = weight_decay·decay_mult:
 *   2. decay:  g ← g + λ·w                                      (L2, i.e. λ/2·‖w‖² in the loss)
 *   3. SGD:    h ← μ·h + lr·g;   w ← w − h
 *      Nesterov (Sutskever et al. 2013, Caffe's form):
 *              h_old = h;  h ← μ·h + lr·g;  w ← w − ((1 + μ)·h − μ·h_old)
 *   4. g ← 0
 * </pre>
 *
 * The history h is Caffe's: the negative of the velocity v in v ← μv − lr·g, w ← w + v. It is
 * the whole optimizer state besides the iteration, see {@link #history()} and {@link #restore}.
 * A step allocates nothing.
 */
public final class Sgd implements Solver {
  private final List<NamedParam> params;
  private final List<Tensor> history = new ArrayList<>();
  private final LrPolicy policy;
  private final float momentum;
  private final float weightDecay;
  private final boolean nesterov;
  private final double clipGradients;

  /**
   * @param clipGradients the largest allowed global L2 norm of the gradients; ≤ 0 turns clipping off
   */
  public Sgd(List<NamedParam> params, LrPolicy policy, double momentum, double weightDecay,
      boolean nesterov, double clipGradients) {
    this.params = List.copyOf(params);
    this.policy = policy;
    this.momentum = (float) momentum;
    this.weightDecay = (float) weightDecay;
    this.nesterov = nesterov;
    this.clipGradients = clipGradients;
    for (NamedParam p : this.params) history.add(new Tensor(p.param().value.shape()));
  }

  @Override
  public double step(int iter) {
    double rate = policy.rate(iter);
    float clipScale = GradientClip.scale(params, clipGradients);
    for (int i = 0; i < params.size(); i++) update(params.get(i).param(), history.get(i).data, rate, clipScale);
    return rate;
  }

  @Override
  public double gradientNorm() {
    return GradientClip.norm(params);
  }

  private void update(Param p, float[] h, double rate, float clipScale) {
    float lr = (float) (rate * p.lrMult());
    float decay = weightDecay * p.decayMult();
    float mu = momentum;
    float[] w = p.value.data;
    float[] g = p.grad.data;
    for (int i = 0; i < w.length; i++) {
      float gi = g[i] * clipScale + decay * w[i];
      float old = h[i];
      float now = mu * old + lr * gi;
      h[i] = now;
      w[i] -= nesterov ? (1 + mu) * now - mu * old : now;
      g[i] = 0f;
    }
  }

  /** The momentum history, one tensor per parameter in the order given; live, for checkpoints. */
  @Override
  public List<Tensor> history() {
    return Collections.unmodifiableList(history);
  }

  @Override
  public void restore(List<Tensor> saved) {
    if (saved.size() != history.size()) {
      throw new IllegalArgumentException("history of " + saved.size() + " tensors for " + history.size() + " parameters");
    }
    for (int i = 0; i < saved.size(); i++) history.get(i).copyFrom(saved.get(i));
  }

  @Override
  public LrPolicy policy() {
    return policy;
  }
}
