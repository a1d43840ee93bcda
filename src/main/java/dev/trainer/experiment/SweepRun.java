package dev.trainer.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One run of a sweep: its grid point (grid key to value, in the sweep file's key order), its seed
 * and the overrides that make its config from the base config.
 */
public record SweepRun(Map<String, String> point, int seed, List<String> overrides) {

  /**
   * The run directory's name: {@code key=value,key=value-s<seed>} with every character other than
   * letters, digits and {@code . _ = , -} replaced by {@code _}; just {@code s<seed>} without a grid.
   */
  public String dirName() {
    List<String> parts = new ArrayList<>();
    point.forEach((k, v) -> parts.add(k + "=" + v));
    String name = (parts.isEmpty() ? "" : String.join(",", parts) + "-") + "s" + seed;
    return name.replaceAll("[^A-Za-z0-9._=,-]", "_");
  }
}
