package dev.trainer.train;

import dev.trainer.UserError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares two resolved configs key by key ({@code section.key} or {@code layer.key}), ignoring
 * the keys that may change on resume: the length of training (unless the learning-rate policy
 * depends on it: poly, and cosine over the whole run) and how progress is shown.
 */
public final class ConfigDiff {
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
      if (!free && !String.valueOf(x.get(k)).equals(String.valueOf(y.get(k)))) out.add(k);
    }
    return out;
  }

  /** poly, and cosine without a period (one cycle over the run), depend on the run length. */
  private static boolean scheduleSpansTheRun(Map<String, String> solver) {
    String policy = solver.get("solver.lr_policy");
    return "poly".equals(policy) || "cosine".equals(policy) && "0".equals(solver.get("solver.cosine_period"));
  }

  /** {@code section.key -> value}; layer sections are identified by their {@code name}. */
  private static Map<String, String> keys(String resolved) {
    Map<String, String> out = new LinkedHashMap<>();
    String section = "";
    int index = 0;
    for (String raw : resolved.split("\n")) {
      String line = raw.replaceAll("[#;].*", "").trim();
      if (line.isEmpty()) continue;
      if (line.startsWith("[")) {
        section = line.substring(1, line.length() - 1) + "#" + index++;
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) continue;
      out.put(section.replaceAll("#\\d+$", "") + "." + line.substring(0, eq).trim() + (section.startsWith("data#")
          || section.startsWith("solver#") || section.startsWith("net#") ? "" : "@" + section), line.substring(eq + 1).trim());
    }
    return out;
  }
}
