package dev.trainer.init;

import dev.trainer.activation.Activation;
import dev.trainer.config.Option;
import dev.trainer.config.Settings;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A registry entry: the config name, a one-line summary with its paper and formula, the options
 * it reads and a factory. The factory also gets the activation that follows the layer
 * ({@code null} if none), from which msra and taylor take their slope.
 */
public record InitType(String name, String summary, List<Option> options,
    BiFunction<Settings, Activation, Initializer> factory) {

  /** Creates the initializer from settings of this type's options. */
  public Initializer create(Settings settings, Activation followingOrNull) {
    return factory.apply(settings, followingOrNull);
  }

  /** Creates the initializer with every option at its default. */
  public Initializer createDefault(Activation followingOrNull) {
    return create(Settings.defaults(options), followingOrNull);
  }
}
