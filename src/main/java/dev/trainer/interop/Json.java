package dev.trainer.interop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON that a safetensors header needs: objects (kept in file order), arrays, strings,
 * integers and the literals. Numbers are read as {@code long} when integral, else {@code double}.
 * A syntax error is an {@link IllegalArgumentException} giving the offset.
 */
final class Json {
  private final String text;
  private int at;

  private Json(String text) {
    this.text = text;
  }

  /** Parses one JSON value filling the whole text (surrounding spaces allowed). */
  static Object parse(String text) {
    Json p = new Json(text);
    Object v = p.value();
    p.spaces();
    if (p.at != text.length()) throw p.error("text after the value");
    return v;
  }

  /** {@code s} as a JSON string literal. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    return b.append('"').toString();
  }

  private Object value() {
    spaces();
    if (at >= text.length()) throw error("unexpected end");
    char c = text.charAt(at);
    if (c == '{') return object();
    if (c == '[') return array();
    if (c == '"') return string();
    if (text.startsWith("true", at)) return literal("true", Boolean.TRUE);
    if (text.startsWith("false", at)) return literal("false", Boolean.FALSE);
    if (text.startsWith("null", at)) return literal("null", null);
    return number();
  }

  private Object literal(String word, Object value) {
    at += word.length();
    return value;
  }

  private Map<String, Object> object() {
    Map<String, Object> map = new LinkedHashMap<>();
    at++;
    spaces();
    if (peek('}')) return map;
    do {
      spaces();
      if (at >= text.length() || text.charAt(at) != '"') throw error("expected a key");
      String key = string();
      spaces();
      expect(':');
      if (map.put(key, value()) != null) throw error("duplicate key " + quote(key));
      spaces();
    } while (peek(','));
    expect('}');
    return map;
  }

  private List<Object> array() {
    List<Object> list = new ArrayList<>();
    at++;
    spaces();
    if (peek(']')) return list;
    do {
      list.add(value());
      spaces();
    } while (peek(','));
    expect(']');
    return list;
  }

  private String string() {
    StringBuilder b = new StringBuilder();
    at++;
    while (true) {
      if (at >= text.length()) throw error("unterminated string");
      char c = text.charAt(at++);
      if (c == '"') return b.toString();
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (at >= text.length()) throw error("unterminated string");
      char e = text.charAt(at++);
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          if (at + 4 > text.length()) throw error("bad \\u escape");
          b.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
          at += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  private Object number() {
    int start = at;
    while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) at++;
    String s = text.substring(start, at);
    if (s.isEmpty()) throw error("unexpected '" + text.charAt(at) + "'");
    try {
      return s.matches("-?\\d+") ? (Object) Long.parseLong(s) : (Object) Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw error("bad number " + s);
    }
  }

  private boolean peek(char c) {
    if (at < text.length() && text.charAt(at) == c) {
      at++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    spaces();
    if (!peek(c)) throw error("expected '" + c + "'");
  }

  private void spaces() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) at++;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("JSON header: " + what + " at offset " + at);
  }
}
