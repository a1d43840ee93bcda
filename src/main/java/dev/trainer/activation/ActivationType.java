package dev.trainer.activation;

import dev.trainer.config.Option;
import dev.trainer.config.Settings;
import java.util.List;
import java.util.function.Function;

/**
 * A registry entry: the config name (lower case), a one-line summary with its paper, the options
 * it reads (written {@code name.key} in configs) and a factory.
 */
public record ActivationType(String name, String summary, List<Option> options,
    Function<Settings, Activation> factory) {

  /** Creates the activation from settings of this type's options. */
  public Activation create(Settings settings) {
    return factory.apply(settings);
  }

  /** Creates the activation with every option at its default. */
  public Activation createDefault() {
    return create(Settings.defaults(options));
  }
}
