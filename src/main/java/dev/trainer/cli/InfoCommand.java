package dev.trainer.cli;

import dev.trainer.activation.ActivationType;
import dev.trainer.activation.Activations;
import dev.trainer.config.ConfigException;
import dev.trainer.config.ConfigSchema;
import dev.trainer.config.Option;
import dev.trainer.config.Suggest;
import dev.trainer.init.InitType;
import dev.trainer.init.Initializers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trainer info TOPIC}: prints what the trainer knows about a topic, generated from the
 * registries so that it cannot go stale. Adding a topic is one method returning its text plus
 * one line in {@link #topics()}.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = "Describe what configs can use: activations, inits (weight initializers), layers "
        + "(section types and their keys) or keys (every config key with type, default and doc).")
public final class InfoCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "TOPIC", description = "activations, inits, layers or keys")
  String topic;

  @Spec CommandSpec spec;

  /** Topic name → its text, in the order listed to users. */
  static Map<String, Supplier<String>> topics() {
    Map<String, Supplier<String>> t = new LinkedHashMap<>();
    t.put("activations", InfoCommand::activations);
    t.put("inits", InfoCommand::inits);
    t.put("layers", InfoCommand::layers);
    t.put("keys", InfoCommand::keys);
    return t;
  }

  @Override
  public Integer call() {
    Map<String, Supplier<String>> all = topics();
    Supplier<String> text = all.get(topic);
    if (text == null) {
      throw new ConfigException("info", "unknown topic '" + topic + "'" + Suggest.didYouMean(topic, all.keySet())
          + "; known: " + String.join(", ", all.keySet()));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(text.get());
    out.flush();
    return 0;
  }

  /** Every registered activation with its summary and its options (written {@code name.key}). */
  static String activations() {
    StringBuilder b = new StringBuilder();
    for (ActivationType t : Activations.all()) entry(b, t.name(), t.summary(), t.name() + ".", t.options());
    return b.toString();
  }

  /** Every registered initializer with its summary and its options (written {@code init.key}). */
  static String inits() {
    StringBuilder b = new StringBuilder();
    for (InitType t : Initializers.all()) entry(b, t.name(), t.summary(), "init.", t.options());
    return b.toString();
  }

  /**
   * Every layer section type with its own keys; {@code [conv]}/{@code [fc]} keys whose default is
   * the {@code [net]} value show {@code [net]}. Every layer section also takes {@code name} and
   * {@code repeat}.
   */
  static String layers() {
    ConfigSchema schema = ConfigSchema.standard();
    StringBuilder b = new StringBuilder("Layer sections, in net order; each also takes name and repeat.\n");
    for (String section : schema.sections()) {
      if (schema.isUnique(section)) continue;
      ConfigSchema.LayerKeys k = schema.layer(section);
      String extra = (k.activationKeys() ? "; <activation>.<key>" : "") + (k.initKeys() ? "; init.<key>" : "");
      b.append('[').append(section).append("]\n    ").append(k.summary()).append(extra).append('\n');
      for (Option o : k.options()) {
        String def = ConfigSchema.INHERITED.contains(o.key()) ? "[net]" : o.defaultValue() == null ? "(required)" : o.defaultValue();
        b.append(String.format("    %-18s %-20s default %-10s %s%n", o.key(), layerKeyType(o), def, o.doc()));
      }
    }
    return b.toString();
  }

  /** The type column; the long name lists of activation and init point to their own topics. */
  private static String layerKeyType(Option o) {
    return switch (o.key()) {
      case "activation", "type" -> "see info activations";
      case "init" -> "see info inits";
      default -> o.describeType();
    };
  }

  /** Every config key, by section ({@link ConfigSchema#describe}). */
  static String keys() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    ConfigSchema.standard().describe(out);
    out.flush();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static void entry(StringBuilder b, String name, String summary, String prefix, List<Option> options) {
    b.append(name).append("\n    ").append(summary).append('\n');
    for (Option o : options) {
      b.append(String.format("    %-26s %-14s default %-6s %s%n", prefix + o.key(), o.describeType(),
          o.defaultValue(), o.doc()));
    }
  }
}
