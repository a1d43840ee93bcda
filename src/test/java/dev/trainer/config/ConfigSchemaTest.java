package dev.trainer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.activation.ActivationType;
import dev.trainer.activation.Activations;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSchemaTest {

  private static String describe(ConfigSchema schema) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    schema.describe(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void describeListsEveryKeyWithItsDoc() {
    ConfigSchema schema = ConfigFiles.schema();
    String text = describe(schema);
    List<Option> all = new ArrayList<>(schema.data());
    all.addAll(schema.solver());
    for (String type : schema.sections().subList(3, schema.sections().size())) {
      assertTrue(text.contains("\n[" + type + "]  "), type);
      all.addAll(schema.layer(type).options());
    }
    for (Option o : all) {
      assertTrue(text.lines().anyMatch(l -> l.trim().startsWith(o.key() + " ") && l.endsWith(o.doc())), o.key());
    }
    assertTrue(text.contains("  prelu.init "), text);
    assertTrue(text.contains("  init.std "), text);
    assertTrue(text.lines().anyMatch(l -> l.contains("base_lr") && l.contains("real >= 0") && l.contains("0.01")));
    assertTrue(text.lines().anyMatch(l -> l.trim().startsWith("filters") && l.contains("(required)")));
  }

  @Test
  void everyDefaultIsAValidValue() {
    ConfigSchema schema = ConfigFiles.schema();
    List<String> sections = schema.sections();
    for (String section : sections) {
      Map<String, Settings.Value> defaults = new LinkedHashMap<>();
      for (Option o : schema.allowed(section)) {
        if (o.defaultValue() != null) defaults.put(o.key(), new Settings.Value(o.defaultValue(), "default"));
      }
      schema.validate(section, defaults, section);
    }
    for (Namespace n : schema.initializers()) {
      n.options().forEach(o -> assertFalse(o.doc().isBlank(), o.key()));
      Settings.defaults(n.options());
    }
  }

  @Test
  void theStandardSchemaUsesTheActivationRegistry() {
    ConfigSchema schema = ConfigSchema.standard();
    assertEquals(Activations.all().stream().map(ActivationType::name).toList(),
        schema.activations().stream().map(Namespace::name).toList());
    for (ActivationType t : Activations.all()) {
      for (Option o : t.options()) {
        assertTrue(schema.allowed("net").stream().anyMatch(x -> x.key().equals(t.name() + "." + o.key())));
      }
    }
    assertEquals("relu", schema.net().get(0).defaultValue());
  }
}
