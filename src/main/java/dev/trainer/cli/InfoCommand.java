package dev.trainer.cli;

import dev.trainer.activation.ActivationType;
import dev.trainer.activation.Activations;
import dev.trainer.config.ConfigException;
import dev.trainer.config.Option;
import dev.trainer.config.Suggest;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
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
    description = "Describe the available activations (names, summaries and options).")
public final class InfoCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "TOPIC", description = "what to describe: activations")
  String topic;

  @Spec CommandSpec spec;

  /** Topic name → its text, in the order listed to users. */
  static Map<String, Supplier<String>> topics() {
    Map<String, Supplier<String>> t = new LinkedHashMap<>();
    t.put("activations", InfoCommand::activations);
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
    for (ActivationType t : Activations.all()) {
      b.append(t.name()).append("\n    ").append(t.summary()).append('\n');
      for (Option o : t.options()) {
        b.append(String.format("    %-26s %-14s default %-6s %s%n", t.name() + "." + o.key(), o.describeType(),
            o.defaultValue(), o.doc()));
      }
    }
    return b.toString();
  }
}
