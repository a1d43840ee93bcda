package dev.trainer.experiment;

import dev.trainer.config.Config;
import dev.trainer.config.ConfigException;
import dev.trainer.config.Suggest;
import dev.trainer.config.Text;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A sweep file: a base config, a grid of override values and a number of seeds.
 *
 * <pre>
 *   [sweep]
 *   base = ../plain-deep.conf            # relative to the sweep file
 *   grid.net.activation = relu, prelu    # grid.&lt;override key&gt; = values, comma separated
 *   grid.block.repeat = 10, 20           # any key an override can set (section or layer name . key)
 *   repeats = 2                          # seeds seed .. seed + repeats - 1 (solver.random_seed); default 1
 *   seed = 1                             # default 1
 *   set.solver.max_epochs = 1            # set.&lt;override key&gt; = value: the same for every run
 *   variant.prelu/taylor = net.activation=prelu net.init=taylor   # a named set of overrides
 *   paper.prelu/taylor,20 = converges    # the paper's result for a grid point, shown beside ours
 *   paper_caption = ImageNet, 30 layers  # what the paper column holds
 *   claim.elu_first = elu/taylor,20 &lt; prelu/taylor,20   # a paper's claim, checked in the summary ({@link Claim})
 * </pre>
 *
 * Variants form one more axis, {@code variant}, placed before the grid keys: they express table rows
 * that are not a product of keys (ReLU with MSRA, MPELU with Taylor, ...). The runs are the
 * Cartesian product of the axes in a stable order: the first axis varies slowest, values in the order
 * written, and the seeds fastest. A grid point's label is its values in axis order joined by commas
 * ({@code prelu/taylor,20}); {@code paper.<label>} must name an existing point. Comments and syntax
 * are those of config files ({@code #} or {@code ;} ends a line).
 */
public record SweepSpec(Path file, Path base, Map<String, List<String>> grid, Map<String, List<String>> variants,
    List<String> fixed, int seed, int repeats, Map<String, String> paper, String paperCaption, List<Claim> claims) {
  /** The axis of the variants in grid points and summaries. */
  public static final String VARIANT = "variant";
  private static final String SEED_KEY = "solver.random_seed";
  private static final List<String> KEYS = List.of("base", "repeats", "seed", "grid.<key>", "set.<key>",
      "variant.<name>", "paper.<label>", "paper_caption", "claim.<name>");

  /** Reads and checks {@code file}; errors name the file and line. */
  public static SweepSpec read(Path file) {
    List<String> lines = lines(file);
    Path base = null;
    Map<String, List<String>> grid = new LinkedHashMap<>();
    Map<String, String> fixed = new LinkedHashMap<>();
    Map<String, List<String>> variants = new LinkedHashMap<>();
    Map<String, String> paper = new LinkedHashMap<>();
    Map<String, String> paperWhere = new LinkedHashMap<>();
    Map<String, Claim> claims = new LinkedHashMap<>();
    Map<Claim, String> claimWhere = new LinkedHashMap<>();
    String caption = "";
    int seed = 1;
    int repeats = 1;
    boolean inSection = false;
    for (int i = 0; i < lines.size(); i++) {
      String where = file + ":" + (i + 1);
      String line = lines.get(i).replaceFirst("[#;].*", "").trim();
      if (line.isEmpty()) continue;
      if (line.startsWith("[")) {
        if (!line.equals("[sweep]") || inSection) throw new ConfigException(where, "a sweep file has one section, [sweep]");
        inSection = true;
        continue;
      }
      int eq = line.indexOf('=');
      if (!inSection || eq <= 0) throw new ConfigException(where, "expected 'key = value' after [sweep], got '" + line + "'");
      String key = line.substring(0, eq).trim();
      String value = line.substring(eq + 1).trim();
      if (value.isEmpty()) throw new ConfigException(where, "'" + key + "' needs a value");
      if (key.startsWith("grid.")) {
        put(grid, overrideKey(key, where), values(value, where), where);
      } else if (key.startsWith("set.")) {
        put(fixed, overrideKey(key, where), value, where);
      } else if (key.startsWith("variant.") && key.length() > 8) {
        put(variants, key.substring(8), overrides(value, where), where);
      } else if (key.startsWith("paper.") && key.length() > 6) {
        put(paper, key.substring(6), value, where);
        paperWhere.put(key.substring(6), where);
      } else if (key.startsWith("claim.") && key.length() > 6) {
        Claim c = Claim.parse(key.substring(6), value, where);
        put(claims, c.name(), c, where);
        claimWhere.put(c, where);
      } else {
        switch (key) {
          case "paper_caption" -> caption = value;
          case "base" -> base = (file.getParent() == null ? Path.of(value) : file.getParent().resolve(value)).normalize();
          case "seed" -> seed = integer(value, 0, where);
          case "repeats" -> repeats = integer(value, 1, where);
          default -> throw new ConfigException(where, "unknown key '" + key + "'" + Suggest.didYouMean(key, KEYS)
              + "; known: " + String.join(", ", KEYS));
        }
      }
    }
    if (base == null) throw new ConfigException(file.toString(), "missing 'base = <config file>' in [sweep]");
    for (String k : fixed.keySet()) {
      if (grid.containsKey(k)) throw new ConfigException(file.toString(), "'" + k + "' is both in grid and set");
    }
    List<String> set = new ArrayList<>();
    fixed.forEach((k, v) -> set.add(k + "=" + v));
    SweepSpec spec = new SweepSpec(file, base, grid, variants, List.copyOf(set), seed, repeats, paper, caption,
        List.copyOf(claims.values()));
    spec.checkDirNames();
    spec.checkPaperLabels(paperWhere);
    spec.checkClaimLabels(claimWhere);
    return spec;
  }

  /**
   * This sweep with {@code overrides} (e.g. {@code data.dir=...} from the command line) applied to
   * every run: an override replaces the {@code set.} key of the same name, or comes after the
   * {@code set.} keys; overriding a grid key or the run seed is an error.
   */
  public SweepSpec withOverrides(List<String> overrides) {
    Map<String, String> all = new LinkedHashMap<>();
    for (String f : fixed) all.put(keyOf(f), f);
    for (String o : overrides) {
      String key = keyOf(o);
      String where = "override '" + o + "'";
      if (grid.containsKey(key)) throw new ConfigException(where, "'" + key + "' is a grid key of " + file);
      rejectSeed(key, where);
      all.remove(key);
      all.put(key, o);
    }
    return new SweepSpec(file, base, grid, variants, List.copyOf(all.values()), seed, repeats, paper, paperCaption, claims);
  }

  /** The key of an override {@code key=value}. */
  private static String keyOf(String override) {
    int eq = override.indexOf('=');
    return eq < 0 ? override : override.substring(0, eq);
  }

  /** The axes of a grid point: {@code variant} (if there are variants), then the grid keys. */
  public List<String> axes() {
    List<String> axes = new ArrayList<>();
    if (!variants.isEmpty()) axes.add(VARIANT);
    axes.addAll(grid.keySet());
    return axes;
  }

  /** A grid point's label: its values in axis order joined by commas. */
  public static String label(Map<String, String> point) {
    return String.join(",", point.values());
  }

  /** All runs: grid keys in file order (first slowest), values in order, then the seeds. */
  public List<SweepRun> runs() {
    List<Map<String, String>> points = new ArrayList<>();
    points.add(new LinkedHashMap<>());
    Map<String, List<String>> axes = new LinkedHashMap<>();
    if (!variants.isEmpty()) axes.put(VARIANT, List.copyOf(variants.keySet()));
    axes.putAll(grid);
    for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> p : points) {
        for (String v : axis.getValue()) {
          Map<String, String> q = new LinkedHashMap<>(p);
          q.put(axis.getKey(), v);
          next.add(q);
        }
      }
      points = next;
    }
    List<SweepRun> runs = new ArrayList<>();
    for (Map<String, String> p : points) {
      for (int r = 0; r < repeats; r++) {
        List<String> overrides = new ArrayList<>(fixed);
        p.forEach((k, v) -> {
          if (k.equals(VARIANT)) overrides.addAll(variants.get(v));
          else overrides.add(k + "=" + v);
        });
        overrides.add(SEED_KEY + "=" + (seed + r));
        runs.add(new SweepRun(Collections.unmodifiableMap(p), seed + r, List.copyOf(overrides)));
      }
    }
    return runs;
  }

  /** Loads the config of every run (so a bad grid value fails before any training). */
  public Map<SweepRun, Config> configs() {
    Map<SweepRun, Config> configs = new LinkedHashMap<>();
    for (SweepRun r : runs()) configs.put(r, Config.load(base, r.overrides()));
    return configs;
  }

  private void checkDirNames() {
    Map<String, SweepRun> seen = new LinkedHashMap<>();
    for (SweepRun r : runs()) {
      SweepRun other = seen.put(r.dirName(), r);
      if (other != null) {
        throw new ConfigException(file.toString(), "grid points " + other.point() + " and " + r.point()
            + " give the same run directory name '" + r.dirName() + "'");
      }
    }
  }

  private void checkPaperLabels(Map<String, String> where) {
    List<String> labels = runs().stream().map(r -> label(r.point())).distinct().toList();
    paper.keySet().stream().filter(l -> !labels.contains(l)).findFirst().ifPresent(l -> {
      throw new ConfigException(where.get(l), "'paper." + l + "' names no grid point"
          + Suggest.didYouMean(l, labels) + "; grid points: " + String.join(" ", labels));
    });
  }

  private void checkClaimLabels(Map<Claim, String> where) {
    List<String> labels = runs().stream().map(r -> label(r.point())).distinct().toList();
    for (Claim c : claims) {
      c.labels().stream().filter(l -> !labels.contains(l)).findFirst().ifPresent(l -> {
        throw new ConfigException(where.get(c), "claim." + c.name() + ": '" + l + "' names no grid point"
            + Suggest.didYouMean(l, labels) + "; grid points: " + String.join(" ", labels));
      });
    }
  }

  /** A variant's overrides: {@code target.key=value} separated by spaces. */
  private static List<String> overrides(String text, String where) {
    List<String> list = List.of(text.split("\\s+"));
    for (String o : list) {
      int eq = o.indexOf('=');
      if (eq <= 0 || o.substring(0, eq).indexOf('.') <= 0) {
        throw new ConfigException(where, "expected overrides such as 'net.activation=relu net.init=msra', got '" + o + "'");
      }
      rejectSeed(o.substring(0, eq), where);
    }
    return list;
  }

  private static String overrideKey(String key, String where) {
    String k = key.substring(key.indexOf('.') + 1);
    if (k.indexOf('.') <= 0 || k.endsWith(".")) {
      throw new ConfigException(where, "'" + key + "': expected " + key.substring(0, key.indexOf('.'))
          + ".<section or layer>.<key>, e.g. grid.net.activation");
    }
    rejectSeed(k, where);
    return k;
  }

  /** The seed of each run comes from {@code seed} and {@code repeats}, never from an override. */
  private static void rejectSeed(String key, String where) {
    if (key.equals(SEED_KEY)) throw new ConfigException(where, SEED_KEY + " is set by 'seed' and 'repeats'");
  }

  private static List<String> values(String text, String where) {
    LinkedHashSet<String> values = new LinkedHashSet<>();
    for (String v : text.split(",", -1)) {
      String t = v.trim();
      if (t.isEmpty()) throw new ConfigException(where, "empty value in '" + text + "'");
      if (!values.add(t)) throw new ConfigException(where, "value '" + t + "' appears twice");
    }
    return List.copyOf(values);
  }

  private static <V> void put(Map<String, V> map, String key, V value, String where) {
    if (map.put(key, value) != null) throw new ConfigException(where, "'" + key + "' is set twice");
  }

  private static int integer(String text, int min, String where) {
    try {
      if (Text.isInteger(text) && Integer.parseInt(text) >= min) return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      // too large: reported below
    }
    throw new ConfigException(where, "expected an integer >= " + min + ", got '" + text + "'");
  }

  private static List<String> lines(Path file) {
    if (Files.isDirectory(file)) throw new ConfigException(file.toString(), "is a folder, not a sweep file");
    try {
      return Text.stripBom(Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), "no such sweep file");
    } catch (MalformedInputException e) {
      throw new ConfigException(file.toString(), "not a UTF-8 text file");
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "cannot read the sweep file: " + e.getMessage());
    }
  }
}
