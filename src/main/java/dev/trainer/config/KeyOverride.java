package dev.trainer.config;

/**
 * One command-line override {@code target.key=value}: the target is {@code data}, {@code solver},
 * {@code net} or a layer name ({@code conv1.filters=96}); the key may itself be namespaced
 * ({@code net.prelu.init=0.1}, {@code conv1.init.fan=out}). Its place in error messages is
 * {@code override 'solver.base_lr=0.05'}.
 */
record KeyOverride(String target, String key, String value, String where) {

  static KeyOverride parse(String text) {
    String where = "override '" + text + "'";
    int eq = text.indexOf('=');
    String path = eq < 0 ? "" : text.substring(0, eq).trim();
    int dot = path.indexOf('.');
    if (dot <= 0 || dot == path.length() - 1) {
      throw new ConfigException(where, "expected section.key=value or layer.key=value, e.g. solver.base_lr=0.05");
    }
    return new KeyOverride(path.substring(0, dot), path.substring(dot + 1), text.substring(eq + 1).trim(), where);
  }

  Settings.Value asValue() {
    return new Settings.Value(value, where);
  }
}
