package dev.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.activation.ActivationType;
import dev.trainer.activation.Activations;
import dev.trainer.config.ConfigSchema;
import dev.trainer.config.Option;
import dev.trainer.init.InitType;
import dev.trainer.init.Initializers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code trainer info inits|layers|keys} list every registered name with its keys. */
class InfoTopicsTest {

  private static List<String> lines(String topic) {
    Cli.Result r = Cli.run("info", topic);
    assertEquals(0, r.status(), r.describe());
    return r.out().lines().toList();
  }

  private static boolean hasKeyLine(List<String> lines, String key, String doc) {
    return lines.stream().anyMatch(l -> l.trim().startsWith(key + " ") && l.contains(doc));
  }

  @Test
  void initsListsEveryInitializerAndOption() {
    List<String> lines = lines("inits");
    for (InitType t : Initializers.all()) {
      assertTrue(lines.contains(t.name()), t.name());
      assertTrue(lines.contains("    " + t.summary()), t.summary());
      for (Option o : t.options()) assertTrue(hasKeyLine(lines, "init." + o.key(), o.doc()), t.name() + " " + o.key());
    }
  }

  @Test
  void layersListsEveryLayerSectionAndItsKeys() {
    List<String> lines = lines("layers");
    ConfigSchema schema = ConfigSchema.standard();
    int sections = 0;
    for (String s : schema.sections()) {
      if (schema.isUnique(s)) continue;
      sections++;
      assertTrue(lines.contains("[" + s + "]"), s);
      for (Option o : schema.layer(s).options()) assertTrue(hasKeyLine(lines, o.key(), o.doc()), s + "." + o.key());
    }
    assertEquals(sections, lines.stream().filter(l -> l.startsWith("[")).count());
    assertTrue(lines.contains("[conv]") && lines.contains("[dropout]"), String.join("\n", lines));
  }

  @Test
  void keysListsEverySectionKeyAndNamespace() {
    List<String> lines = lines("keys");
    ConfigSchema schema = ConfigSchema.standard();
    for (Option o : schema.solver()) assertTrue(hasKeyLine(lines, o.key(), o.doc()), "solver." + o.key());
    for (Option o : schema.data()) assertTrue(hasKeyLine(lines, o.key(), o.doc()), "data." + o.key());
    for (String s : schema.sections()) assertTrue(lines.stream().anyMatch(l -> l.startsWith("[" + s + "]")), s);
    for (ActivationType a : Activations.all()) {
      for (Option o : a.options()) assertTrue(hasKeyLine(lines, a.name() + "." + o.key(), o.doc()), a.name() + "." + o.key());
    }
  }
}
