package dev.trainer.config;

import java.util.Optional;

/**
 * One layer as configured, after includes, overrides and {@code repeat} expansion.
 *
 * @param type section type: conv, fc, maxpool, avgpool, gap, dropout, batchnorm, activation, flatten
 * @param name unique layer name ({@code conv1}, or the section's {@code name})
 * @param where the section header's file:line
 * @param settings the layer type's own keys (inherited ones default to the {@code [net]} value)
 * @param activation the activation of a conv/fc layer (empty for {@code none}) or of an
 *     {@code [activation]} layer; empty for other types
 * @param init the weight initializer of a conv/fc layer; empty for other types
 */
public record LayerSpec(String type, String name, String where, Settings settings,
    Optional<ActivationSpec> activation, Optional<InitSpec> init) {

  public int integer(String key) {
    return settings.integer(key);
  }

  public double real(String key) {
    return settings.real(key);
  }

  public float real32(String key) {
    return settings.real32(key);
  }

  public boolean bool(String key) {
    return settings.bool(key);
  }

  public String string(String key) {
    return settings.string(key);
  }
}
