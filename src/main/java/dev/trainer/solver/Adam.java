package dev.trainer.solver;

import dev.trainer.layer.NamedParam;
import dev.trainer.layer.Param;
import dev.trainer.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Adam (Kingma and Ba 2015) with bias correction, and AdamW (Loshchilov and Hutter 2019:
 * decoupled weight decay), step for step as PyTorch's {@code torch.optim.Adam} and
 * {@code torch.optim.AdamW} (amsgrad off) on float32 tensors. At iteration {@code iter} the step
 * count is t = iter + 1 and, with rate = policy.rate(iter), for each parameter with
 * lr = rate·lr_mult and λ = weight_decay·decay_mult:
 *
 * <pre>
 *   0. clip (as {@link Sgd}): g ← g · clip_gradients / ‖g‖ if ‖g‖ &gt; clip_gradients
 *   1. Adam:   g ← g + λ·w                        (L2 in the gradient, as Adam's weight_decay)
 *      AdamW:  w ← w · (1 − lr·λ)                 (decoupled, before the Adam step)
 *   2. m ← β1·m + (1 − β1)·g;     v ← β2·v + (1 − β2)·g²
 *   3. w ← w − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
 *   4. g ← 0
 * </pre>
 *
 * ε is added outside the square root of the bias-corrected second moment, as in the paper and in
 * PyTorch. AdamW's decay is lr·λ·w as in PyTorch; the paper writes η_t·λ·w with the schedule
 * multiplier η_t alone, i.e. λ here is the paper's λ divided by the base rate. The state is m and v
 * per parameter ({@link #history()}: all m, then all v); the step count is the iteration, which
 * checkpoints hold, so a resumed run continues exactly. A step allocates nothing.
 */
public final class Adam implements Solver {
  private final List<NamedParam> params;
  private final List<Tensor> moments = new ArrayList<>();
  private final LrPolicy policy;
  private final float beta1;
  private final float beta2;
  /** β1 and β2 in double, for the bias corrections, which PyTorch computes in Python floats. */
  private final double beta1Exact;
  private final double beta2Exact;
  /** 1 − β1 and 1 − β2 rounded from double, as PyTorch passes them to its float kernels. */
  private final float oneMinusBeta1;
  private final float oneMinusBeta2;
  private final float eps;
  private final float weightDecay;
  private final boolean decoupled;
  private final double clipGradients;

  /**
   * @param decoupled true for AdamW, false for Adam (weight decay as an L2 gradient term)
   * @param clipGradients the largest allowed global L2 norm of the gradients; ≤ 0 turns clipping off
   */
  public Adam(List<NamedParam> params, LrPolicy policy, double beta1, double beta2, double eps,
      double weightDecay, boolean decoupled, double clipGradients) {
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("Adam needs 0 <= beta < 1, got " + beta1 + ", " + beta2);
    }
    this.params = List.copyOf(params);
    this.policy = policy;
    this.beta1 = (float) beta1;
    this.beta2 = (float) beta2;
    this.beta1Exact = beta1;
    this.beta2Exact = beta2;
    this.oneMinusBeta1 = (float) (1 - beta1);
    this.oneMinusBeta2 = (float) (1 - beta2);
    this.eps = (float) eps;
    this.weightDecay = (float) weightDecay;
    this.decoupled = decoupled;
    this.clipGradients = clipGradients;
    for (int k = 0; k < 2; k++) {
      for (NamedParam p : this.params) moments.add(new Tensor(p.param().value.shape()));
    }
  }

  @Override
  public double step(int iter) {
    double rate = policy.rate(iter);
    int t = iter + 1;
    double correction1 = 1 - Math.pow(beta1Exact, t);
    float correction2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2Exact, t));
    float clipScale = GradientClip.scale(params, clipGradients);
    int n = params.size();
    for (int i = 0; i < n; i++) {
      Param p = params.get(i).param();
      double lr = rate * p.lrMult();
      update(p, moments.get(i).data, moments.get(n + i).data, (float) lr, (float) (lr / correction1),
          correction2Sqrt, clipScale);
    }
    return rate;
  }

  private void update(Param p, float[] m, float[] v, float lr, float stepSize, float correction2Sqrt,
      float clipScale) {
    float decay = weightDecay * p.decayMult();
    float shrink = decoupled ? 1 - lr * decay : 1f;
    float l2 = decoupled ? 0f : decay;
    float[] w = p.value.data;
    float[] g = p.grad.data;
    for (int i = 0; i < w.length; i++) {
      float gi = g[i] * clipScale + l2 * w[i];
      w[i] *= shrink;
      m[i] = beta1 * m[i] + oneMinusBeta1 * gi;
      v[i] = beta2 * v[i] + oneMinusBeta2 * gi * gi;
      float denom = (float) Math.sqrt(v[i]) / correction2Sqrt + eps;
      w[i] -= stepSize * (m[i] / denom);
      g[i] = 0f;
    }
  }

  @Override
  public double gradientNorm() {
    return GradientClip.norm(params);
  }

  /** m of every parameter in the order given, then v of every parameter; live, for checkpoints. */
  @Override
  public List<Tensor> history() {
    return Collections.unmodifiableList(moments);
  }

  @Override
  public void restore(List<Tensor> saved) {
    if (saved.size() != moments.size()) {
      throw new IllegalArgumentException("Adam state of " + saved.size() + " tensors for " + params.size()
          + " parameters (needs m and v of each)");
    }
    for (int i = 0; i < saved.size(); i++) moments.get(i).copyFrom(saved.get(i));
  }

  @Override
  public LrPolicy policy() {
    return policy;
  }
}
