package dev.trainer.init;

import dev.trainer.config.Option;

/**
 * Which fan is the {@code n} of a variance-scaling formula (Caffe's {@code variance_norm}):
 *
 * <pre>
 *   IN   n = fan_in                      (keeps the forward variance; He et al.'s default)
 *   OUT  n = fan_out                     (keeps the backward variance)
 *   AVG  n = (fan_in + fan_out) / 2      (Glorot &amp; Bengio's compromise)
 * </pre>
 */
public enum FanMode {
  IN,
  OUT,
  AVG;

  /** The config option {@code fan}: in, out or avg (default in). */
  public static final Option OPTION = Option.choice("fan", "in",
      "n in the formula: fan-in k*k*C_in, fan-out k*k*C_out, or their average (Caffe's variance_norm)",
      "in", "out", "avg");

  public double n(Fan fan) {
    return switch (this) {
      case IN -> fan.in();
      case OUT -> fan.out();
      case AVG -> (fan.in() + fan.out()) / 2.0;
    };
  }

  /** The mode named as in configs: {@code in}, {@code out} or {@code avg}. */
  public static FanMode of(String name) {
    return valueOf(name.toUpperCase(java.util.Locale.ROOT));
  }

  /** {@code fan=in n=75} for the log line of an initializer. */
  String describe(Fan fan) {
    return "fan=" + name().toLowerCase(java.util.Locale.ROOT) + " n=" + Option.format(n(fan));
  }

  /** A std or bound with five significant digits, e.g. {@code 0.16330}. */
  static String number(double v) {
    return String.format(java.util.Locale.ROOT, "%.5g", v);
  }
}
