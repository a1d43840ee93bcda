package dev.trainer.config;

import java.math.BigDecimal;
import java.util.List;

/**
 * One documented key: its type, default, allowed range or choices, and a one-line doc. Options
 * are the single definition behind parsing, validation, {@code trainer info keys} and
 * {@code trainer info activations}.
 *
 * @param key name without namespace, e.g. {@code init} (written {@code prelu.init} in a config)
 * @param type value type
 * @param defaultValue default as written in a config; {@code null} means required
 * @param doc one line of documentation
 * @param min inclusive lower bound for numbers (NEGATIVE_INFINITY if none)
 * @param max inclusive upper bound for numbers (POSITIVE_INFINITY if none)
 * @param choices allowed values for {@link Type#CHOICE}
 */
public record Option(String key, Type type, String defaultValue, String doc, double min, double max,
    List<String> choices) {

  public enum Type {
    INT, REAL, BOOL, STRING, CHOICE, INT_LIST, REAL_LIST
  }

  public static Option real(String key, double defaultValue, String doc) {
    return new Option(key, Type.REAL, format(defaultValue), doc, Double.NEGATIVE_INFINITY,
        Double.POSITIVE_INFINITY, List.of());
  }

  public static Option integer(String key, int defaultValue, String doc) {
    return new Option(key, Type.INT, Integer.toString(defaultValue), doc, Double.NEGATIVE_INFINITY,
        Double.POSITIVE_INFINITY, List.of());
  }

  public static Option bool(String key, boolean defaultValue, String doc) {
    return new Option(key, Type.BOOL, Boolean.toString(defaultValue), doc, 0, 0, List.of());
  }

  public static Option string(String key, String defaultValue, String doc) {
    return new Option(key, Type.STRING, defaultValue, doc, 0, 0, List.of());
  }

  public static Option choice(String key, String defaultValue, String doc, String... choices) {
    return new Option(key, Type.CHOICE, defaultValue, doc, 0, 0, List.of(choices));
  }

  public static Option list(String key, Type type, String defaultValue, String doc) {
    return new Option(key, type, defaultValue, doc, Double.NEGATIVE_INFINITY,
        Double.POSITIVE_INFINITY, List.of());
  }

  /** This option with an inclusive numeric range. */
  public Option range(double min, double max) {
    return new Option(key, type, defaultValue, doc, min, max, choices);
  }

  /** This option with a different default (e.g. RReLU's own lower bound). */
  public Option withDefault(String value) {
    return new Option(key, type, value, doc, min, max, choices);
  }

  /** This option under a namespace, e.g. {@code prelu.} + {@code init}. */
  public Option prefixed(String prefix) {
    return new Option(prefix + key, type, defaultValue, doc, min, max, choices);
  }

  /** The type as shown in {@code trainer info keys}, e.g. {@code real in [0, 1]}. */
  public String describeType() {
    String t = switch (type) {
      case INT -> "int";
      case REAL -> "real";
      case BOOL -> "bool";
      case STRING -> "string";
      case CHOICE -> String.join("|", choices);
      case INT_LIST -> "int list";
      case REAL_LIST -> "real list";
    };
    boolean numeric = type == Type.INT || type == Type.REAL || type == Type.INT_LIST || type == Type.REAL_LIST;
    boolean lo = numeric && min != Double.NEGATIVE_INFINITY;
    boolean hi = numeric && max != Double.POSITIVE_INFINITY;
    if (lo && hi) return t + " in [" + format(min) + ", " + format(max) + "]";
    if (lo) return t + " >= " + format(min);
    if (hi) return t + " <= " + format(max);
    return t;
  }

  /** Shortest decimal form that reads back to the same double (no trailing ".0"). */
  public static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
