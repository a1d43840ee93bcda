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
}
