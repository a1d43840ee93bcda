package dev.trainer.activation;

import dev.trainer.config.ConfigException;
import dev.trainer.config.Suggest;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The explicit registry of activations (name → factory). It drives config parsing,
 * {@code trainer info activations}, {@code trainer gradcheck} and the test over all names; an
 * activation that is not listed here does not exist for users.
 */
public final class Activations {
  private static final Map<String, ActivationType> TYPES = new LinkedHashMap<>();

  static {
    register(new ActivationType("relu", "max(0, x) (Nair & Hinton 2010)", List.of(), s -> new ReLU()));
  }

  private Activations() {}

  private static void register(ActivationType t) {
    TYPES.put(t.name(), t);
  }

  public static Collection<ActivationType> all() {
    return TYPES.values();
  }

  public static boolean exists(String name) {
    return TYPES.containsKey(name);
  }

  /** The type named {@code name}, or a {@link ConfigException} at {@code where} listing the known names. */
  public static ActivationType get(String name, String where) {
    ActivationType t = TYPES.get(name);
    if (t == null) {
      throw new ConfigException(where, "unknown activation '" + name + "'"
          + Suggest.didYouMean(name, TYPES.keySet()) + "; known: " + String.join(", ", TYPES.keySet()));
    }
    return t;
  }
}
