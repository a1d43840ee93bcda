package dev.trainer.train;

import dev.trainer.UserError;
import dev.trainer.config.ConfigSchema;
import dev.trainer.config.Option;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares two resolved configs key by key ({@code solver.base_lr}, or {@code conv2.filters} by the
 * layer's name; a layer only in one, or of another type, is {@code layer conv3}), ignoring
 * the keys that may change on resume: the length of training (unless the learning-rate policy
 * depends on it: poly, and cosine over the whole run) and how progress is shown.
 */
public final class ConfigDiff {
  private static final Map<String, String> SECTION_DEFAULTS = sectionDefaults();
  private static final Set<String> MAY_CHANGE = Set.of("solver.max_iter", "solver.max_epochs",
      "solver.display", "solver.threads");

  private ConfigDiff() {}

  /** Refuses to resume when the configs differ in any other key, naming the keys. */
  static void requireCompatible(String saved, String current, Path checkpoint) {
    List<String> differing = differences(saved, current);
    if (!differing.isEmpty()) {
      throw new UserError("--resume: the config differs from the one in " + checkpoint + " in "
          + String.join(", ", differing) + " (start a new run with --out, or change these back)", 2);
    }
  }

  /**
   * The keys outside {@code [solver]} in which {@code current} differs from {@code saved}: what
   * changes how a checkpoint evaluates (the net and the data).
   */
  public static List<String> evaluationDifferences(String saved, String current) {
    return differences(saved, current).stream().filter(k -> !k.startsWith("solver.")).toList();
  }

  static List<String> differences(String a, String b) {
    Map<String, String> x = keys(a);
    Map<String, String> y = keys(b);
    Set<String> all = new TreeSet<>(x.keySet());
    all.addAll(y.keySet());
    List<String> out = new ArrayList<>();
    for (String k : all) {
      boolean free = MAY_CHANGE.contains(k) && !(k.startsWith("solver.max_") && scheduleSpansTheRun(x));
      // A [data]/[solver] key missing on one side (a config saved before the key existed) had its
      // default; a key is only added with a default that keeps the old behaviour (data.drop_last).
      String xv = x.getOrDefault(k, SECTION_DEFAULTS.get(k));
      String yv = y.getOrDefault(k, SECTION_DEFAULTS.get(k));
      if (!free && !String.valueOf(xv).equals(String.valueOf(yv))) out.add(k);
    }
    // a layer added, removed or of another type is one entry, not one per key
    List<String> layers = out.stream().filter(k -> !k.contains(".")).toList();
    out.removeIf(k -> layers.stream().anyMatch(l -> k.startsWith(l + ".")));
    out.replaceAll(k -> k.contains(".") ? k : "layer " + k);
    return out;
  }

  /** {@code data.key} and {@code solver.key} to their default values. */
  private static Map<String, String> sectionDefaults() {
    ConfigSchema schema = ConfigSchema.standard();
    Map<String, String> d = new LinkedHashMap<>();
    for (Option o : schema.data()) if (o.defaultValue() != null) d.put(ConfigSchema.DATA + "." + o.key(), o.defaultValue());
    for (Option o : schema.solver()) if (o.defaultValue() != null) d.put(ConfigSchema.SOLVER + "." + o.key(), o.defaultValue());
    return d;
  }

  /** poly, and cosine without a period (one cycle over the run), depend on the run length. */
  private static boolean scheduleSpansTheRun(Map<String, String> solver) {
    String policy = solver.get("solver.lr_policy");
    return "poly".equals(policy) || "cosine".equals(policy) && "0".equals(solver.get("solver.cosine_period"));
  }

  /**
   * {@code section.key -> value} for [data], [solver] and [net]; {@code layer.key -> value} for a
   * layer, by its name as the user knows it ({@code conv2.filters}), plus {@code layer -> [type]}.
   */
  private static Map<String, String> keys(String resolved) {
    Map<String, String> out = new LinkedHashMap<>();
    String type = "";
    String prefix = "";
    int index = 0;
    for (String raw : resolved.split("\n")) {
      String line = raw.replaceAll("[#;].*", "").trim();
      if (line.isEmpty()) continue;
      if (line.startsWith("[")) {
        type = line.substring(1, line.length() - 1);
        boolean unique = type.equals("data") || type.equals("solver") || type.equals("net");
        prefix = unique ? type : type + "#" + ++index; // until its name line
        if (!unique) out.put(prefix, "[" + type + "]");
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) continue;
      String key = line.substring(0, eq).trim();
      String value = line.substring(eq + 1).trim();
      if (key.equals("name") && out.containsKey(prefix)) {
        out.remove(prefix);
        prefix = value;
        out.put(prefix, "[" + type + "]");
      } else {
        out.put(prefix + "." + key, value);
      }
    }
    return out;
  }
}
