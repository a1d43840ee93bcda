package dev.trainer.config;

import java.util.List;

/**
 * A named member of a registry whose options are config keys: an activation (options written
 * {@code prelu.init}, {@code mpelu.alpha}) or an initializer (options written {@code init.fan},
 * {@code init.std}). The config layer only needs these three things from a registry, so the
 * activation and initializer registries plug into {@link ConfigSchema} the same way.
 *
 * @param name the value users write, e.g. {@code prelu} or {@code msra}
 * @param summary one line with the formula or paper
 * @param options the keys it reads, without namespace
 */
public record Namespace(String name, String summary, List<Option> options) {

  public Namespace {
    options = List.copyOf(options);
  }

  /** True if {@code key} (without namespace) is one of this member's options. */
  public boolean has(String key) {
    return options.stream().anyMatch(o -> o.key().equals(key));
  }
}
