package dev.trainer.config;

import dev.trainer.config.ConfigSchema.LayerKeys;
import dev.trainer.config.Settings.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns merged sections plus overrides into a {@link Config}: applies overrides, validates every
 * section against the {@link ConfigSchema}, expands {@code repeat}, names the layers, and builds
 * each layer's settings with the {@code [net]} defaults underneath its own keys.
 *
 * <p>An override {@code x.key=value} goes to {@code [data]}, {@code [solver]} or {@code [net]} when
 * x is one of those; to the layer section whose {@code name} is x, before expansion (so
 * {@code block.repeat=30} changes a depth); otherwise to the expanded layer named x
 * ({@code conv3.filters=96}).
 */
final class ConfigBuilder {
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

  /** A layer after repeat expansion, before its settings are built. */
  private record Draft(String type, String name, String where, Map<String, Value> values) {}

  private final ConfigSchema schema;
  private final String origin;
  private final List<String> sources;
  private final Map<String, Section> unique = new LinkedHashMap<>();
  private final List<Section> layerSections = new ArrayList<>();
  private final List<Draft> drafts = new ArrayList<>();

  private ConfigBuilder(ConfigSchema schema, ConfigFile.Document doc) {
    this.schema = schema;
    this.sources = doc.sources();
    this.origin = sources.get(0);
    for (Section s : doc.sections()) {
      if (schema.isUnique(s.type)) unique.put(s.type, s.copy());
      else layerSections.add(s.copy());
    }
  }

  static Config build(ConfigSchema schema, ConfigFile.Document doc, List<String> overrideTexts) {
    ConfigBuilder b = new ConfigBuilder(schema, doc);
    List<KeyOverride> overrides = overrideTexts.stream().map(KeyOverride::parse).toList();
    List<KeyOverride> byLayerName = new ArrayList<>();
    for (KeyOverride o : overrides) {
      if (!b.applyToSection(o)) byLayerName.add(o);
    }
    b.unique.values().forEach(s -> schema.validate(s.type, s.values, s.where));
    b.layerSections.forEach(s -> schema.validate(s.type, s.values, s.where));
    b.layerSections.forEach(b::expand);
    byLayerName.forEach(b::applyToLayer);
    return b.config(overrideTexts);
  }

  /** Applies an override to [data]/[solver]/[net] or a named layer section; false if x is neither. */
  private boolean applyToSection(KeyOverride o) {
    Section target = null;
    if (schema.isUnique(o.target())) {
      target = unique.computeIfAbsent(o.target(), t -> new Section(t, o.where()));
    } else {
      for (Section s : layerSections) {
        if (o.target().equals(s.text("name"))) target = s;
      }
      if (target == null) return false;
      if (o.key().equals("name")) throw new ConfigException(o.where(), "a layer name cannot be overridden");
    }
    target.values.put(o.key(), o.asValue());
    return true;
  }

  private void applyToLayer(KeyOverride o) {
    Draft d = drafts.stream().filter(x -> x.name().equals(o.target())).findFirst().orElseThrow(() -> unknownTarget(o));
    if (o.key().equals("repeat") || o.key().equals("name")) {
      throw new ConfigException(o.where(), "'" + o.key() + "' can only be overridden on a section with a name; "
          + o.target() + " is an unnamed or repeated section's layer");
    }
    schema.validate(d.type(), Map.of(o.key(), o.asValue()), o.where());
    d.values().put(o.key(), o.asValue());
  }

  private ConfigException unknownTarget(KeyOverride o) {
    List<String> targets = new ArrayList<>(List.of(ConfigSchema.DATA, ConfigSchema.SOLVER, ConfigSchema.NET));
    drafts.forEach(d -> targets.add(d.name()));
    return new ConfigException(o.where(), "no section or layer named '" + o.target() + "'"
        + Suggest.didYouMean(o.target(), targets) + "; known: " + String.join(", ", targets));
  }

  /** Appends the section's copies ({@code repeat = N}) with their names. */
  private void expand(Section s) {
    int n = schema.validate(s.type, s.values, s.where).integer("repeat");
    String base = s.text("name");
    if (base != null && (!NAME.matcher(base).matches() || schema.isUnique(base))) {
      throw new ConfigException(s.values.get("name").where(), "bad layer name '" + base
          + "': use letters, digits and _, starting with a letter, and not data, solver or net");
    }
    Map<String, Value> values = new LinkedHashMap<>(s.values);
    values.remove("name");
    values.remove("repeat");
    for (int i = 1; i <= n; i++) {
      String name = base == null ? defaultName(s.type) : n == 1 ? base : base + "_" + i;
      for (Draft d : drafts) {
        if (d.name().equals(name)) {
          throw new ConfigException(s.where, "duplicate layer name '" + name + "' (also used at " + d.where() + ")");
        }
      }
      drafts.add(new Draft(s.type, name, s.where, new LinkedHashMap<>(values)));
    }
  }

  /** {@code <type><k>} where k counts the layers of that type so far, this one included. */
  private String defaultName(String type) {
    return type + (drafts.stream().filter(d -> d.type().equals(type)).count() + 1);
  }

  private Config config(List<String> overrides) {
    Settings data = data();
    Settings solver = sectionSettings(ConfigSchema.SOLVER, schema.solver());
    checkSolver(solver);
    Map<String, Value> netValues = values(ConfigSchema.NET);
    Settings net = sectionSettings(ConfigSchema.NET, schema.net());
    if (drafts.isEmpty()) throw new ConfigException(origin, "no layers: add sections such as [conv] or [fc]");
    List<LayerSpec> layers = drafts.stream().map(d -> layer(d, net, netValues)).toList();
    return new Config(schema, data, solver, net, layers, sources, overrides);
  }

  private Settings data() {
    Map<String, Value> values = values(ConfigSchema.DATA);
    if (!values.containsKey("set")) {
      throw new ConfigException(where(ConfigSchema.DATA), "missing required key 'set' in [data]");
    }
    String set = values.get("set").text().trim();
    List<Option> options = schema.data().stream()
        .map(o -> o.key().equals("dir") ? o.withDefault("data/" + set) : o).toList();
    Settings settings = new Settings(options, values, where(ConfigSchema.DATA));
    // A CSV key set to anything but its default on another set would be silently ignored.
    // (Resolved configs list every key at its default, so those must still read back.)
    for (Option o : options) {
      if (!set.equals("csv") && ConfigSchema.CSV_KEYS.contains(o.key()) && values.containsKey(o.key())
          && !settings.text(o.key()).equals(o.defaultValue())) {
        throw new ConfigException(values.get(o.key()).where(), "'" + o.key() + "' applies only to set = csv, not " + set);
      }
    }
    return settings;
  }

  private Settings sectionSettings(String section, List<Option> options) {
    Settings s = new Settings(options, values(section), where(section));
    requireAll(s, where(section), "[" + section + "]");
    return s;
  }

  private void checkSolver(Settings s) {
    boolean iters = s.integer("max_iter") > 0;
    if (iters == s.integer("max_epochs") > 0) {
      String which = iters ? "set only one of max_iter and max_epochs" : "set max_iter or max_epochs";
      throw new ConfigException(whereOf(ConfigSchema.SOLVER, iters ? "max_iter" : "max_epochs"), which);
    }
    String policy = s.string("lr_policy");
    if (policy.equals("step") && s.integer("stepsize") <= 0) {
      throw new ConfigException(whereOf(ConfigSchema.SOLVER, "lr_policy"), "lr_policy step needs stepsize > 0");
    }
    if (policy.equals("multistep")) {
      int[] steps = s.integers("stepvalue");
      if (steps.length == 0) {
        throw new ConfigException(whereOf(ConfigSchema.SOLVER, "lr_policy"), "lr_policy multistep needs stepvalue");
      }
      for (int i = 1; i < steps.length; i++) {
        if (steps[i] <= steps[i - 1]) {
          throw new ConfigException(whereOf(ConfigSchema.SOLVER, "stepvalue"), "stepvalue must be increasing");
        }
      }
    }
  }

  private LayerSpec layer(Draft d, Settings net, Map<String, Value> netValues) {
    LayerKeys k = schema.layer(d.type());
    Map<String, Value> own = new LinkedHashMap<>();
    for (Option o : k.options()) {
      if (d.values().containsKey(o.key())) own.put(o.key(), d.values().get(o.key()));
    }
    List<Option> options = k.options().stream()
        .map(o -> ConfigSchema.INHERITED.contains(o.key()) ? o.withDefault(net.text(o.key())) : o).toList();
    Settings settings = new Settings(options, own, d.where());
    requireAll(settings, d.where(), "[" + d.type() + "] " + d.name());
    Optional<ActivationSpec> activation = Optional.empty();
    if (k.activationKeys()) {
      String name = settings.string(d.type().equals("activation") ? "type" : "activation");
      if (!name.equals("none")) {
        Namespace ns = schema.activation(name);
        activation = Optional.of(new ActivationSpec(name, namespaced(ns, name + ".", netValues, d), d.where()));
      }
    }
    Optional<InitSpec> init = Optional.empty();
    if (k.initKeys()) {
      String name = settings.string("init");
      init = Optional.of(new InitSpec(name, namespaced(schema.initializer(name), "init.", netValues, d)));
    }
    return new LayerSpec(d.type(), d.name(), d.where(), settings, activation, init);
  }

  /** The options of {@code ns} from {@code prefix}ed keys: [net] values, then the layer's. */
  private static Settings namespaced(Namespace ns, String prefix, Map<String, Value> net, Draft d) {
    Map<String, Value> values = new LinkedHashMap<>();
    for (Map<String, Value> source : List.of(net, d.values())) {
      source.forEach((key, v) -> {
        if (key.startsWith(prefix) && ns.has(key.substring(prefix.length()))) {
          values.put(key.substring(prefix.length()), v);
        }
      });
    }
    Settings s = new Settings(ns.options(), values, d.where());
    requireAll(s, d.where(), prefix + "*");
    return s;
  }

  private static void requireAll(Settings s, String where, String what) {
    for (Option o : s.options()) {
      if (o.defaultValue() == null && !s.isSet(o.key())) {
        throw new ConfigException(where, "missing required key '" + o.key() + "' in " + what);
      }
    }
  }

  private Map<String, Value> values(String section) {
    Section s = unique.get(section);
    return s == null ? Map.of() : s.values;
  }

  private String where(String section) {
    Section s = unique.get(section);
    return s == null ? origin : s.where;
  }

  private String whereOf(String section, String key) {
    Value v = values(section).get(key);
    return v == null ? where(section) : v.where();
  }
}
