package dev.trainer.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed, validated access to the values of a set of {@link Option}s: what a layer, activation or
 * initializer reads its parameters from. Each value remembers where it was written
 * ({@code file:line} or an override) so that a bad value is reported at its place; options that
 * were not written take their defaults.
 */
public final class Settings {

  /** A raw value and the place it came from. */
  public record Value(String text, String where) {}

  private final Map<String, Option> options = new LinkedHashMap<>();
  private final Map<String, Value> values;
  private final String where;

  /**
   * @param options the keys that may appear (unprefixed)
   * @param values the written values by key; an unknown key is a {@link ConfigException}
   * @param where the place reported for missing required values, e.g. {@code a.conf:[conv] 3}
   */
  public Settings(Collection<Option> options, Map<String, Value> values, String where) {
    for (Option o : options) this.options.put(o.key(), o);
    this.values = new LinkedHashMap<>(values);
    this.where = where;
    for (Map.Entry<String, Value> e : values.entrySet()) {
      if (!this.options.containsKey(e.getKey())) {
        throw new ConfigException(e.getValue().where(), "unknown key '" + e.getKey() + "'"
            + Suggest.didYouMean(e.getKey(), this.options.keySet()));
      }
      check(this.options.get(e.getKey()), e.getValue());
    }
  }

  /** Settings from plain strings, for code and tests ({@code where} is "code"). */
  public static Settings of(Collection<Option> options, Map<String, String> values) {
    Map<String, Value> v = new LinkedHashMap<>();
    values.forEach((k, s) -> v.put(k, new Value(s, "code")));
    return new Settings(options, v, "code");
  }

  /** All defaults. */
  public static Settings defaults(Collection<Option> options) {
    return of(options, Map.of());
  }

  public Collection<Option> options() {
    return options.values();
  }

  /** True if the key was written (not defaulted). */
  public boolean isSet(String key) {
    return values.containsKey(option(key).key());
  }

  public double real(String key) {
    return parseReal(option(key), value(key));
  }

  public float real32(String key) {
    return (float) real(key);
  }

  public int integer(String key) {
    return parseInt(option(key), value(key));
  }

  public boolean bool(String key) {
    Value v = value(key);
    return switch (v.text().trim().toLowerCase()) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new ConfigException(v.where(), key + ": expected true or false, got '" + v.text() + "'");
    };
  }

  public String string(String key) {
    return value(key).text().trim();
  }

  public double[] reals(String key) {
    Option o = option(key);
    Value v = value(key);
    List<String> parts = split(v.text());
    double[] r = new double[parts.size()];
    for (int i = 0; i < r.length; i++) r[i] = parseReal(o, new Value(parts.get(i), v.where()));
    return r;
  }

  public int[] integers(String key) {
    Option o = option(key);
    Value v = value(key);
    List<String> parts = split(v.text());
    int[] r = new int[parts.size()];
    for (int i = 0; i < r.length; i++) r[i] = parseInt(o, new Value(parts.get(i), v.where()));
    return r;
  }

  /** The value as written, or the default, in config syntax. */
  public String text(String key) {
    return value(key).text().trim();
  }

  private Option option(String key) {
    Option o = options.get(key);
    if (o == null) throw new IllegalArgumentException("no option '" + key + "' in " + options.keySet());
    return o;
  }

  private Value value(String key) {
    Option o = option(key);
    Value v = values.get(key);
    if (v != null) return v;
    if (o.defaultValue() == null) throw new ConfigException(where, "missing required key '" + key + "'");
    return new Value(o.defaultValue(), "default of " + key);
  }

  private static void check(Option o, Value v) {
    switch (o.type()) {
      case INT -> parseInt(o, v);
      case REAL -> parseReal(o, v);
      case INT_LIST -> split(v.text()).forEach(p -> parseInt(o, new Value(p, v.where())));
      case REAL_LIST -> split(v.text()).forEach(p -> parseReal(o, new Value(p, v.where())));
      case BOOL -> {
        String t = v.text().trim().toLowerCase();
        if (!List.of("true", "false", "yes", "no", "on", "off", "1", "0").contains(t)) {
          throw new ConfigException(v.where(), o.key() + ": expected true or false, got '" + v.text() + "'");
        }
      }
      case CHOICE -> {
        if (!o.choices().contains(v.text().trim())) {
          throw new ConfigException(v.where(), o.key() + ": '" + v.text().trim() + "' is not one of "
              + String.join(", ", o.choices()) + Suggest.didYouMean(v.text().trim(), o.choices()));
        }
      }
      case STRING -> { }
    }
  }

  private static double parseReal(Option o, Value v) {
    String t = v.text().trim();
    if (!Text.isDecimal(t)) {
      throw new ConfigException(v.where(), o.key() + ": expected a number, got '" + t
          + "' (plain decimals such as 0.05, -2 or 1e-4)");
    }
    double d = Double.parseDouble(t);
    if (!Double.isFinite(d)) throw new ConfigException(v.where(), o.key() + ": must be finite, got " + v.text().trim());
    checkRange(o, v, d);
    return d;
  }

  private static int parseInt(Option o, Value v) {
    String t = v.text().trim();
    if (!Text.isInteger(t)) throw new ConfigException(v.where(), o.key() + ": expected an integer, got '" + t + "'");
    int i;
    try {
      i = Integer.parseInt(t);
    } catch (NumberFormatException e) {
      throw new ConfigException(v.where(), o.key() + ": " + t + " is too large for an integer ("
          + o.describeType() + ")");
    }
    checkRange(o, v, i);
    return i;
  }

  private static void checkRange(Option o, Value v, double d) {
    if (d < o.min() || d > o.max()) {
      throw new ConfigException(v.where(), o.key() + ": " + v.text().trim() + " is out of range ("
          + o.describeType() + ")");
    }
  }

  private static List<String> split(String text) {
    List<String> parts = new ArrayList<>();
    for (String p : text.split(",")) {
      if (!p.isBlank()) parts.add(p.trim());
    }
    return parts;
  }
}
