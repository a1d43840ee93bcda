package dev.trainer.solver;

import java.util.Arrays;

/**
 * Caffe's learning-rate policies ({@code lr_policy} in caffe.proto; SGDSolver::GetLearningRate).
 * {@link #rate} is the full rate at iteration {@code iter} (0-based), base_lr included; each
 * parameter then uses rate · lr_mult. Caffe checks no gamma; here step, multistep, exp and inv
 * refuse γ &lt; 0 (the rate would change sign or become NaN), and sigmoid takes any γ.
 */
public interface LrPolicy {

  double rate(int iter);

  /** Refuses γ &lt; 0 for the policies whose rate is a power of γ or of 1 + γ·iter. */
  private static void requireNonNegative(double gamma) {
    if (gamma < 0) throw new IllegalArgumentException("gamma must be >= 0, got " + gamma);
  }

  /** base_lr. */
  record Fixed(double baseLr) implements LrPolicy {
    @Override
    public double rate(int iter) {
      return baseLr;
    }
  }

  /** base_lr · γ^floor(iter / stepsize). */
  record Step(double baseLr, double gamma, int stepsize) implements LrPolicy {
    public Step {
      requireNonNegative(gamma);
      if (stepsize <= 0) throw new IllegalArgumentException("stepsize must be > 0, got " + stepsize);
    }

    @Override
    public double rate(int iter) {
      return baseLr * Math.pow(gamma, iter / stepsize);
    }
  }

  /**
   * base_lr · γ^s, s = number of stepvalues ≤ iter (Caffe advances its step counter when iter
   * reaches the next stepvalue; counting gives the same rate and needs no state on resume).
   */
  record MultiStep(double baseLr, double gamma, int[] stepvalues) implements LrPolicy {
    public MultiStep {
      requireNonNegative(gamma);
      stepvalues = stepvalues.clone();
      for (int i = 1; i < stepvalues.length; i++) {
        if (stepvalues[i] <= stepvalues[i - 1]) {
          throw new IllegalArgumentException("stepvalue must increase, got " + Arrays.toString(stepvalues));
        }
      }
    }

    @Override
    public double rate(int iter) {
      int s = 0;
      while (s < stepvalues.length && iter >= stepvalues[s]) s++;
      return baseLr * Math.pow(gamma, s);
    }

    @Override
    public int[] stepvalues() {
      return stepvalues.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof MultiStep m && m.baseLr == baseLr && m.gamma == gamma && Arrays.equals(m.stepvalues, stepvalues);
    }

    @Override
    public int hashCode() {
      return Double.hashCode(baseLr) * 31 + Double.hashCode(gamma) * 17 + Arrays.hashCode(stepvalues);
    }

    @Override
    public String toString() {
      return "MultiStep[baseLr=" + baseLr + ", gamma=" + gamma + ", stepvalues=" + Arrays.toString(stepvalues) + "]";
    }
  }

  /** base_lr · γ^iter. */
  record Exp(double baseLr, double gamma) implements LrPolicy {
    public Exp {
      requireNonNegative(gamma);
    }

    @Override
    public double rate(int iter) {
      return baseLr * Math.pow(gamma, iter);
    }
  }

  /** base_lr · (1 + γ·iter)^(−power). */
  record Inv(double baseLr, double gamma, double power) implements LrPolicy {
    public Inv {
      requireNonNegative(gamma);
    }

    @Override
    public double rate(int iter) {
      return baseLr * Math.pow(1 + gamma * iter, -power);
    }
  }

  /**
   * base_lr · (1 − iter/max_iter)^power; reaches 0 at max_iter, where training stops. Past it (only
   * {@code trainer time}, which steps as often as asked, gets there) the base is held at 0 instead of
   * going negative, which would give a negative or NaN rate.
   */
  record Poly(double baseLr, double power, int maxIter) implements LrPolicy {
    public Poly {
      if (maxIter <= 0) throw new IllegalArgumentException("max_iter must be > 0, got " + maxIter);
    }

    @Override
    public double rate(int iter) {
      return baseLr * Math.pow(Math.max(0, 1 - (double) iter / maxIter), power);
    }
  }

  /**
   * base_lr / (1 + exp(−γ·(iter − stepsize))): half of base_lr at stepsize. γ &lt; 0 decays from
   * base_lr towards 0 (Caffe's use, e.g. γ = −0.001); γ &gt; 0 warms up from near 0 to base_lr.
   */
  record Sigmoid(double baseLr, double gamma, int stepsize) implements LrPolicy {
    public Sigmoid {
      if (stepsize <= 0) throw new IllegalArgumentException("stepsize must be > 0, got " + stepsize);
    }

    @Override
    public double rate(int iter) {
      return baseLr / (1 + Math.exp(-gamma * (iter - (double) stepsize)));
    }
  }
  /**
   * Cosine annealing with warm restarts (SGDR, Loshchilov and Hutter 2017; PyTorch's
   * CosineAnnealingWarmRestarts): within a cycle of length T_i that started at iteration s_i,
   * <pre>
   *   rate = min_lr + (base_lr − min_lr) · (1 + cos(π · (iter − s_i) / T_i)) / 2
   * </pre>
   * with T_0 = period and T_{i+1} = mult · T_i. Without restarts there is one cycle, usually the
   * whole run, and the rate stays at min_lr past its end.
   */
  record Cosine(double baseLr, double minLr, int period, int mult, boolean restarts) implements LrPolicy {
    public Cosine {
      if (period <= 0) throw new IllegalArgumentException("period must be > 0 iterations, got " + period);
      if (mult < 1) throw new IllegalArgumentException("period multiplier must be >= 1, got " + mult);
    }

    @Override
    public double rate(int iter) {
      long start = 0;
      long length = period;
      if (!restarts) {
        iter = Math.min(iter, period);
      } else if (mult == 1) {
        start = iter - iter % period;
      } else {
        while (iter >= start + length) {
          start += length;
          length *= mult;
        }
      }
      return minLr + (baseLr - minLr) * (1 + Math.cos(Math.PI * (iter - start) / length)) / 2;
    }
  }

  /**
   * Linear warm-up in front of any policy (Goyal et al. 2017; PyTorch's LinearLR chained with the
   * policy): the policy's rate times a factor that rises linearly from {@code startFactor} at
   * iteration 0 to 1 at {@code iters}, and is 1 from then on:
   * <pre>
   *   rate = policy(iter) · (start + (1 − start) · iter / iters)   for iter &lt; iters
   * </pre>
   * The policy runs on the same iteration count, so a cosine decay or step drop is not delayed.
   */
  record Warmup(LrPolicy policy, int iters, double startFactor) implements LrPolicy {
    public Warmup {
      if (iters <= 0) throw new IllegalArgumentException("warm-up must be > 0 iterations, got " + iters);
      if (!(startFactor >= 0 && startFactor <= 1)) {
        throw new IllegalArgumentException("warm-up start factor must be in [0, 1], got " + startFactor);
      }
    }

    @Override
    public double rate(int iter) {
      double factor = iter >= iters ? 1 : startFactor + (1 - startFactor) * iter / iters;
      return policy.rate(iter) * factor;
    }
  }
}
