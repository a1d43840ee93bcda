package dev.trainer.activation;

/**
 * Noisy hard sigmoid with learned p (Gulcehre et al., ICML 2016): {@link NoisyActivation} with
 * h(x) = max(0, min(1, 0.25·x + 0.5)) and u(x) = 0.25·x + 0.5. Defaults from the authors'
 * {@code NSigmoidP}: α = 1.1, c = 0.15, half-normal noise.
 */
public final class NoisyHardSigmoid extends NoisyActivation {

  public NoisyHardSigmoid(float alpha, float c, boolean halfNormal, ParamSpec p) {
    super(0.25f, 0.5f, 0f, 1f, alpha, c, halfNormal, p);
  }
}
