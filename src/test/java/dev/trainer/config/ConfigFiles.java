package dev.trainer.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Helpers shared by the config tests: a small schema and temporary config files. */
final class ConfigFiles {
  private ConfigFiles() {}

  /** A valid minimal config body that test cases extend. */
  static final String MINIMAL = """
      [data]
      set = mnist
      [solver]
      max_epochs = 1
      [fc]
      outputs = 10
      activation = none
      """;

  /**
   * A schema with three activations, independent of the real registry: relu (no options), prelu
   * (init, channel_shared) and elu (alpha).
   */
  static ConfigSchema schema() {
    return new ConfigSchema(List.of(
        new Namespace("relu", "max(0, x)", List.of()),
        new Namespace("prelu", "learned slope", List.of(
            Option.real("init", 0.25, "initial slope").range(0, 1),
            Option.bool("channel_shared", false, "one slope per layer"))),
        new Namespace("elu", "exponential linear", List.of(
            Option.real("alpha", 1, "saturation").range(0, 10)))),
        ConfigSchema.initializerNamespaces());
  }

  static Path write(Path dir, String name, String text) {
    try {
      Path p = dir.resolve(name);
      Files.createDirectories(p.getParent());
      Files.writeString(p, text);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Config load(Path file, String... overrides) {
    return Config.load(schema(), file, List.of(overrides));
  }

  static Config parse(Path dir, String text, String... overrides) {
    return load(write(dir, "test.conf", text), overrides);
  }
}
