package dev.trainer.activation;

/**
 * Noisy hard tanh with learned p (Gulcehre et al., ICML 2016): {@link NoisyActivation} with
 * h(x) = max(−1, min(1, x)) and u(x) = x. Defaults from the authors' {@code NTanhP}: α = 1.15,
 * c = 0.5, normal (not half-normal) noise.
 */
public final class NoisyHardTanh extends NoisyActivation {

  public NoisyHardTanh(float alpha, float c, boolean halfNormal, ParamSpec p) {
    super(1f, 0f, -1f, 1f, alpha, c, halfNormal, p);
  }
}
