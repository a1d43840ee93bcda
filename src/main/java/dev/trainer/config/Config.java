package dev.trainer.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A parsed, validated, immutable config: {@code [data]}, {@code [solver]} and {@code [net]}
 * settings plus the layers in order. Every value keeps the place it was written (file:line or
 * override) so that a later error about it can name that place.
 *
 * <pre>
 *   Config c = Config.load(Path.of("configs/quickstart.conf"), List.of("solver.base_lr=0.05"));
 *   double lr = c.solver().real("base_lr");
 *   for (LayerSpec l : c.layers()) ...
 *   Files.writeString(runDir.resolve("config.resolved.conf"), c.resolved());
 * </pre>
 */
public final class Config {
  private final ConfigSchema schema;
  private final Settings data;
  private final Settings solver;
  private final Settings net;
  private final List<LayerSpec> layers;
  private final List<String> sources;
  private final List<String> overrides;

  Config(ConfigSchema schema, Settings data, Settings solver, Settings net, List<LayerSpec> layers,
      List<String> sources, List<String> overrides) {
    this.schema = schema;
    this.data = data;
    this.solver = solver;
    this.net = net;
    this.layers = List.copyOf(layers);
    this.sources = List.copyOf(sources);
    this.overrides = List.copyOf(overrides);
  }

  /** Reads {@code file} (and its includes) and applies {@code overrides} ({@code solver.base_lr=0.05}). */
  public static Config load(Path file, List<String> overrides) {
    return load(ConfigSchema.standard(), file, overrides);
  }

  /** As {@link #load(Path, List)} with another schema (tests use small registries). */
  public static Config load(ConfigSchema schema, Path file, List<String> overrides) {
    return ConfigBuilder.build(schema, ConfigFile.read(file, schema), overrides);
  }

  public Settings data() {
    return data;
  }

  public Settings solver() {
    return solver;
  }

  /** The {@code [net]} defaults; the layers already carry their effective values. */
  public Settings net() {
    return net;
  }

  public List<LayerSpec> layers() {
    return layers;
  }

  /** The layer named {@code name}. */
  public LayerSpec layer(String name) {
    return layers.stream().filter(l -> l.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no layer '" + name + "'"));
  }

  /** The files read, the top file first, then includes in the order they were read. */
  public List<String> sources() {
    return sources;
  }

  /** The overrides as given on the command line. */
  public List<String> overrides() {
    return overrides;
  }

  /** The data folder ({@code dir}, by default {@code data/<set>}). */
  public Path dataDir() {
    return Path.of(data.string("dir"));
  }

  /**
   * The fully resolved config in the same format: every key with its effective value, defaults
   * included, layers expanded and named, with a header comment listing the sources. Reading it
   * back gives the same resolved config.
   */
  public String resolved() {
    return new ConfigWriter(schema).write(this);
  }
}
