package dev.trainer.activation;

import dev.trainer.config.Option;
import dev.trainer.config.Settings;
import java.util.List;

/**
 * How a learnable activation parameter (PReLU slope, MPELU α or β, Swish β, noisy-unit p) is
 * created: its initial value, whether it is one value per channel (shape [C]; per feature for N×F
 * inputs) or one per layer (shape [1], He et al.'s "channel-shared"), and the solver's multipliers
 * of the base learning rate and weight decay.
 */
public record ParamSpec(float init, boolean shared, float lrMult, float decayMult) {

  /** The options {@code channel_shared}, {@code lr_mult} and {@code decay_mult} with the given defaults. */
  static List<Option> options(double lrMult, double decayMult) {
    return List.of(
        Option.bool("channel_shared", false, "one value per layer instead of one per channel (feature)"),
        Option.real("lr_mult", lrMult, "learning-rate multiplier of the learnable parameters")
            .range(0, Double.POSITIVE_INFINITY),
        Option.real("decay_mult", decayMult, "weight-decay multiplier of the learnable parameters")
            .range(0, Double.POSITIVE_INFINITY));
  }

  /** The spec read from {@link #options} plus the initial value in option {@code initKey}. */
  static ParamSpec from(Settings s, String initKey) {
    return new ParamSpec(s.real32(initKey), s.bool("channel_shared"), s.real32("lr_mult"), s.real32("decay_mult"));
  }
}
