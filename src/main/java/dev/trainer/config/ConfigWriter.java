package dev.trainer.config;

/**
 * Writes a {@link Config} back as a config file with every key at its effective value. In
 * {@code [net]} it writes the options of the net's own initializer and activation, plus any other
 * namespaced key that was set there (defaults for layers using another activation).
 */
final class ConfigWriter {
  private final ConfigSchema schema;
  private final StringBuilder out = new StringBuilder();

  ConfigWriter(ConfigSchema schema) {
    this.schema = schema;
  }

  String write(Config c) {
    out.append("# Resolved config: every key with its effective value (defaults included).\n");
    c.sources().forEach(s -> out.append("# source: ").append(s).append('\n'));
    c.overrides().forEach(o -> out.append("# override: ").append(o).append('\n'));
    section("[data]");
    c.data().options().forEach(o -> key(o.key(), c.data().text(o.key())));
    section("[solver]");
    c.solver().options().forEach(o -> key(o.key(), c.solver().text(o.key())));
    section("[net]");
    net(c.net());
    for (LayerSpec l : c.layers()) {
      section("[" + l.type() + "]");
      key("name", l.name());
      l.settings().options().forEach(o -> key(o.key(), l.settings().text(o.key())));
      l.activation().ifPresent(a -> namespaced(a.type() + ".", a.settings()));
      l.init().ifPresent(i -> namespaced("init.", i.settings()));
    }
    return out.toString();
  }

  private void net(Settings net) {
    String activation = net.string("activation");
    Namespace init = schema.initializer(net.string("init"));
    for (Option o : net.options()) {
      int dot = o.key().indexOf('.');
      if (dot < 0) {
        key(o.key(), net.text(o.key()));
        continue;
      }
      String prefix = o.key().substring(0, dot);
      String key = o.key().substring(dot + 1);
      Namespace own = prefix.equals("init") ? init : prefix.equals(activation) ? schema.activation(activation) : null;
      if (net.isSet(o.key())) {
        key(o.key(), net.text(o.key()));
      } else if (own != null && own.has(key)) {
        own.options().stream().filter(x -> x.key().equals(key) && x.defaultValue() != null)
            .forEach(x -> key(o.key(), x.defaultValue()));
      }
    }
  }

  private void namespaced(String prefix, Settings s) {
    s.options().forEach(o -> key(prefix + o.key(), s.text(o.key())));
  }

  private void section(String header) {
    out.append('\n').append(header).append('\n');
  }

  private void key(String key, String value) {
    out.append(key).append(" =");
    if (!value.isEmpty()) out.append(' ').append(value);
    out.append('\n');
  }
}
