package dev.trainer.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What counts as a number in a config, sweep or CSV file, and the byte-order mark some editors put
 * at the start of a UTF-8 file. Numbers are plain decimals ({@code 0.05}, {@code -3}, {@code 1e-4},
 * {@code .5}): Java's own parsers also take {@code 0.05f}, {@code 1d}, hexadecimal
 * {@code 0x1p-3}, {@code NaN}, {@code Infinity} and non-ASCII digits, which in a config are typos
 * or habits from code, not values anyone means.
 */
public final class Text {
  /** U+FEFF, written as the bytes EF BB BF at the start of a "UTF-8 with BOM" file. */
  public static final char BOM = '\uFEFF';
  private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

  private Text() {}

  /** {@code s} without a leading byte-order mark. */
  public static String stripBom(String s) {
    return !s.isEmpty() && s.charAt(0) == BOM ? s.substring(1) : s;
  }

  /** The lines of a file with a leading byte-order mark removed from the first. */
  public static List<String> stripBom(List<String> lines) {
    if (lines.isEmpty() || lines.get(0).isEmpty() || lines.get(0).charAt(0) != BOM) return lines;
    List<String> out = new java.util.ArrayList<>(lines);
    out.set(0, stripBom(lines.get(0)));
    return out;
  }

  /** True if {@code s} is a plain decimal number (no suffix, hex, NaN or Infinity). */
  public static boolean isDecimal(String s) {
    return DECIMAL.matcher(s).matches();
  }

  /** True if {@code s} is a plain integer in ASCII digits (it may still overflow an int). */
  public static boolean isInteger(String s) {
    return INTEGER.matcher(s).matches();
  }
}
