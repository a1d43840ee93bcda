package dev.trainer.config;

import dev.trainer.activation.Activations;
import dev.trainer.init.Initializers;
import dev.trainer.config.Option.Type;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every config key in one place: per section its {@link Option}s (type, default, range, doc). It
 * drives parsing, validation, the resolved config and {@code trainer info keys}.
 *
 * <p>Sections: {@code [data]}, {@code [solver]}, {@code [net]} (at most once each after includes
 * are merged), then layer sections in order. Activation options are namespaced by the activation
 * name ({@code prelu.init}) and may appear in {@code [net]} (defaults for every layer) and in
 * {@code [conv]}, {@code [fc]} and {@code [activation]} (that layer only). Initializer options are
 * namespaced {@code init.} ({@code init.fan}) and may appear in {@code [net]}, {@code [conv]} and
 * {@code [fc]}. Both lists come from registries given as {@link Namespace}s.
 */
public final class ConfigSchema {
  public static final String DATA = "data";
  /** The [data] keys that only {@code set = csv} reads. */
  public static final List<String> CSV_KEYS =
      List.of("train_file", "test_file", "header", "label_column", "feature_columns", "classes");
  public static final String SOLVER = "solver";
  public static final String NET = "net";
  /** Keys of {@code [conv]} and {@code [fc]} whose default is the {@code [net]} value. */
  public static final Set<String> INHERITED = Set.of("activation", "init", "batchnorm", "batchnorm_stats",
      "bias_lr_mult", "bias_decay_mult", "residual");

  /** The keys of one layer section type. */
  public record LayerKeys(String type, String summary, List<Option> options, boolean activationKeys,
      boolean initKeys) {}

  private static final Option NAME = Option.string("name", null,
      "layer name used in logs, CSVs, checkpoints and overrides");
  private static final Option REPEAT = Option.integer("repeat", 1,
      "this section N times; copies are named name_1..name_N (unnamed: next default names)").range(1, 10_000);

  private final List<Namespace> activations;
  private final List<Namespace> initializers;
  private final List<Option> data;
  private final List<Option> solver;
  private final List<Option> netKeys;
  private final Map<String, LayerKeys> layers = new LinkedHashMap<>();

  /**
   * @param activations the activation registry ({@link #activationNamespaces()} for the real one)
   * @param initializers the initializer registry ({@link #initializerNamespaces()})
   */
  public ConfigSchema(List<Namespace> activations, List<Namespace> initializers) {
    this.activations = List.copyOf(activations);
    this.initializers = List.copyOf(initializers);
    this.data = dataOptions();
    this.solver = solverOptions();
    this.netKeys = netOptions();
    for (LayerKeys l : layerTypes()) layers.put(l.type(), l);
  }

  /** The schema of the real registries. */
  public static ConfigSchema standard() {
    return new ConfigSchema(activationNamespaces(), initializerNamespaces());
  }

  /** The activation registry {@link Activations#all()} as namespaces. */
  public static List<Namespace> activationNamespaces() {
    return Activations.all().stream().map(t -> new Namespace(t.name(), t.summary(), t.options())).toList();
  }

  /** The initializer registry {@link Initializers#all()} as namespaces ({@code init.*} keys). */
  public static List<Namespace> initializerNamespaces() {
    return Initializers.all().stream().map(t -> new Namespace(t.name(), t.summary(), t.options())).toList();
  }

  private static List<Option> dataOptions() {
    double inf = Double.POSITIVE_INFINITY;
    return List.of(
        Option.choice("set", null, "data set", "fashion-mnist", "mnist", "cifar10", "cifar100", "csv"),
        Option.string("dir", "", "folder of the data files, relative to the working directory (default data/<set>)"),
        Option.integer("batch_size", 64, "training examples per iteration").range(1, inf),
        Option.integer("test_batch_size", 100, "examples per test batch").range(1, inf),
        Option.real("validation", 0, "fraction of the training set held out for validation").range(0, 0.9),
        Option.integer("train_limit", 0, "use only the first N training examples (0 = all)").range(0, inf),
        Option.integer("test_limit", 0, "use only the first N test examples (0 = all)").range(0, inf),
        Option.choice("preprocess", "scale", "input preprocessing: none, scale to [0,1], per-channel mean/std, "
            + "global contrast normalization + ZCA whitening", "none", "scale", "mean_std", "gcn_zca"),
        Option.integer("crop", 0, "random crop size for training, center crop for test (0 = off)").range(0, 4096),
        Option.integer("pad", 0, "zero padding added on each side before cropping").range(0, 64),
        Option.bool("mirror", false, "random horizontal flips during training"),
        Option.string("train_file", "train.csv", "csv: training file, relative to dir"),
        Option.string("test_file", "test.csv", "csv: test file, relative to dir"),
        Option.bool("header", true, "csv: the first line names the columns"),
        Option.string("label_column", "last", "csv: label column: header name, 0-based index or last"),
        Option.string("feature_columns", "", "csv: feature columns, names or 0-based indices, comma-separated "
            + "(empty = every column but the label)"),
        Option.integer("classes", 0, "csv: number of classes (0 = largest label + 1)").range(0, inf),
        Option.bool("drop_last", true, "drop each epoch's last partial training batch (false: train on it, the loss averaged over its size)"));
  }

  private static List<Option> solverOptions() {
    double inf = Double.POSITIVE_INFINITY;
    return List.of(
        Option.choice("type", "sgd", "sgd: momentum SGD as in Caffe; nesterov: Nesterov momentum; adam; adamw: Adam "
            + "with decoupled weight decay (PyTorch's update rules)", "sgd", "nesterov", "adam", "adamw"),
        Option.real("base_lr", 0.01, "base learning rate").range(0, inf),
        Option.real("momentum", 0.9, "momentum; adam/adamw: beta1 (Caffe's name)").range(0, 1),
        Option.real("momentum2", 0.999, "adam/adamw: beta2 (Caffe's name)").range(0, 1),
        Option.real("delta", 1e-8, "adam/adamw: eps, added to the root of the second moment (Caffe's name)")
            .range(0, 1),
        Option.real("weight_decay", 0.0005, "L2 weight decay, times each param's decay_mult").range(0, inf),
        Option.choice("lr_policy", "fixed", "learning-rate policy (Caffe formulas)",
            "fixed", "step", "multistep", "exp", "inv", "poly", "sigmoid", "cosine"),
        Option.real("gamma", 0.1, "factor of step, multistep, exp, inv (>= 0) and sigmoid (< 0 decays)"),
        Option.real("power", 1, "exponent of inv and poly").range(0, inf),
        Option.integer("stepsize", 0, "step: lr drops every stepsize (in step_unit); sigmoid: centre")
            .range(0, inf),
        Option.list("stepvalue", Type.INT_LIST, "", "multistep: increasing points where lr drops (in step_unit)")
            .range(1, inf),
        Option.choice("step_unit", "iter", "unit of stepsize, stepvalue and cosine_period", "iter", "epoch"),
        Option.real("cosine_period", 0, "cosine: length of the first cycle, in step_unit (0 = the whole run, "
            + "no restarts)").range(0, inf),
        Option.integer("cosine_mult", 1, "cosine: each cycle is this many times longer than the last").range(1, 1000),
        Option.real("min_lr", 0, "cosine: rate at the end of a cycle").range(0, inf),
        Option.integer("warmup_iter", 0, "linear warm-up over this many iterations, for any lr_policy (0 = off)")
            .range(0, inf),
        Option.real("warmup_start_factor", 0.1, "warm-up: fraction of the policy's rate at iteration 0").range(0, 1),
        Option.integer("max_iter", 0, "iterations to train (0 = use max_epochs; set exactly one)")
            .range(0, inf),
        Option.integer("max_epochs", 0, "epochs to train (0 = use max_iter; set exactly one)")
            .range(0, inf),
        Option.real("clip_gradients", 0, "clip the L2 norm of the gradients of lr_mult != 0 params to this (0 = off)")
            .range(0, inf),
        Option.integer("display", 100, "iterations between progress log lines (0 = once per epoch)")
            .range(0, inf),
        Option.integer("test_interval", 0, "iterations between tests (0 = after every epoch)")
            .range(0, inf),
        Option.integer("test_iter", 0, "test batches per test (0 = the whole test set)").range(0, inf),
        Option.integer("snapshot", 0, "iterations between numbered checkpoints (0 = only last and best)")
            .range(0, inf),
        Option.integer("random_seed", 1, "seed of every random stream (init, data order, noise)")
            .range(0, inf),
        Option.integer("diagnostics_interval", 0, "iterations between per-layer norm diagnostics (0 = off)")
            .range(0, inf),
        Option.integer("threads", 0, "worker threads (0 = all cores)").range(0, 1024));
  }

  private List<Option> netOptions() {
    List<Option> o = new ArrayList<>(netBase());
    o.addAll(initKeys());
    o.addAll(activationKeys());
    return List.copyOf(o);
  }

  /** {@code [net]} keys without the namespaced ones. */
  private List<Option> netBase() {
    List<String> acts = new ArrayList<>(List.of("none"));
    activations.forEach(a -> acts.add(a.name()));
    List<String> inits = initializers.stream().map(Namespace::name).toList();
    String act = acts.contains("relu") ? "relu" : "none";
    String init = inits.contains("msra") ? "msra" : inits.get(0);
    return List.of(
        Option.choice("activation", act, "activation after every [conv] and [fc] (none = linear)",
            acts.toArray(String[]::new)),
        Option.choice("init", init, "weight initializer of every [conv] and [fc]", inits.toArray(String[]::new)),
        Option.bool("batchnorm", false, "batch normalization between every [conv]/[fc] and its activation"),
        Option.choice("batchnorm_stats", "ema", "test statistics of those batch norms: ema (momentum 0.1) or caffe "
            + "(moving_average_fraction 0.999), as in [batchnorm] stats", "ema", "caffe"),
        Option.real("bias_lr_mult", 1, "learning-rate multiplier of biases").range(0, Double.POSITIVE_INFINITY),
        Option.real("bias_decay_mult", 1, "weight-decay multiplier of biases").range(0, Double.POSITIVE_INFINITY),
        Option.bool("residual", true, "false: every [shortcut] adds nothing (only its activation remains), "
            + "making the plain counterpart of a residual net"));
  }

  /** {@code init.*} keys: the union of every initializer's options, first definition wins. */
  private List<Option> initKeys() {
    Map<String, Option> keys = new LinkedHashMap<>();
    for (Namespace n : initializers) {
      for (Option o : n.options()) keys.putIfAbsent(o.key(), o.prefixed("init."));
    }
    return List.copyOf(keys.values());
  }

  /** {@code <activation>.<key>} keys of every activation. */
  private List<Option> activationKeys() {
    List<Option> keys = new ArrayList<>();
    for (Namespace n : activations) n.options().forEach(o -> keys.add(o.prefixed(n.name() + ".")));
    return keys;
  }

  private List<LayerKeys> layerTypes() {
    double inf = Double.POSITIVE_INFINITY;
    Map<String, Option> net = new LinkedHashMap<>();
    netBase().forEach(o -> net.put(o.key(), o));
    Option lr = Option.real("lr_mult", 1, "learning-rate multiplier of the weights").range(0, inf);
    Option decay = Option.real("decay_mult", 1, "weight-decay multiplier of the weights").range(0, inf);
    List<Option> weights = List.of(
        withDoc(net.get("activation"), "activation after this layer (none = linear)"),
        withDoc(net.get("init"), "weight initializer"),
        withDoc(net.get("batchnorm"), "batch normalization (default momentum and eps) before the activation"),
        withDoc(net.get("batchnorm_stats"), "test statistics of that batch norm: ema or caffe, as in [batchnorm] stats"),
        lr, decay,
        net.get("bias_lr_mult"), net.get("bias_decay_mult"));
    List<Option> conv = new ArrayList<>(List.of(
        Option.integer("filters", 0, "output channels").withDefault(null).range(1, 1 << 16),
        Option.integer("size", 0, "kernel size k (k x k)").withDefault(null).range(1, 1024),
        Option.integer("stride", 1, "stride").range(1, 1024),
        Option.integer("pad", 0, "zero padding on each side").range(0, 1024)));
    conv.addAll(weights);
    List<Option> fc = new ArrayList<>(List.of(
        Option.integer("outputs", 0, "output units").withDefault(null).range(1, 1 << 24)));
    fc.addAll(weights);
    List<Option> pool = List.of(
        Option.integer("size", 2, "window size k (k x k)").range(1, 1024),
        Option.integer("stride", 2, "stride").range(1, 1024),
        Option.integer("pad", 0, "zero padding on each side").range(0, 1024));
    List<String> acts = activations.stream().map(Namespace::name).toList();
    return List.of(
        new LayerKeys("conv", "2-d convolution followed by its activation", conv, true, true),
        new LayerKeys("fc", "fully connected (inner product) followed by its activation", fc, true, true),
        new LayerKeys("maxpool", "max pooling", pool, false, false),
        new LayerKeys("avgpool", "average pooling", pool, false, false),
        new LayerKeys("gap", "global average pooling: C x H x W -> C", List.of(), false, false),
        new LayerKeys("dropout", "inverted dropout (training only)", List.of(
            Option.real("ratio", 0.5, "probability of dropping a unit").range(0, 0.99)), false, false),
        new LayerKeys("alpha_dropout", "dropout that keeps SELU's mean 0 / variance 1 (training only)", List.of(
            Option.real("ratio", 0.05, "probability of dropping a unit (the SELU paper used 0.05 or 0.1)")
                .range(0, 0.99)), false, false),
        new LayerKeys("batchnorm", "batch normalization with learned scale and shift", List.of(
            Option.choice("stats", "ema", "test statistics: ema = PyTorch's running average (momentum); caffe = "
                + "Caffe's sums / accumulated weight (moving_average_fraction), unbiased from the first batch",
                "ema", "caffe"),
            Option.real("momentum", 0.1, "stats = ema: weight of the current batch, "
                + "running = (1 - momentum) running + momentum batch (PyTorch's meaning)").range(0, 1),
            Option.real("moving_average_fraction", 0.999, "stats = caffe: "
                + "weight of the old sums, S = f S + batch, w = f w + 1 (Caffe's meaning)").range(0, 1),
            Option.real("eps", 1e-5, "added to the variance (> 0: it keeps 1/sqrt(var + eps) finite)").range(1e-12, 1)), false, false),
        new LayerKeys("activation", "a stand-alone activation layer", List.of(
            Option.choice("type", null, "activation name", acts.toArray(String[]::new))), true, false),
        new LayerKeys("flatten", "C x H x W -> C*H*W", List.of(), false, false),
        new LayerKeys("shortcut", "residual connection: adds the output of an earlier section to the previous one's",
            shortcut(net, lr, decay), true, true));
  }

  /** {@code from} and the keys of the projection a {@code [shortcut]} gets where the shapes differ. */
  private static List<Option> shortcut(Map<String, Option> net, Option lr, Option decay) {
    return List.of(
        Option.integer("from", 0, "the section whose output is added, counted back from this one "
            + "(-1 = the previous section, -3 = the input of a two-conv block)").withDefault(null).range(-1_000_000, -1),
        withDoc(net.get("activation"), "activation after the sum (none = linear)"),
        withDoc(net.get("init"), "weight initializer of the 1x1 projection (made where the shapes differ)"),
        withDoc(net.get("batchnorm"), "batch normalization after the projection"),
        withDoc(lr, "learning-rate multiplier of the projection's weights"),
        withDoc(decay, "weight-decay multiplier of the projection's weights"),
        net.get("bias_lr_mult"), net.get("bias_decay_mult"),
        withDoc(net.get("residual"), "false: add nothing, only apply the activation (the plain counterpart)"));
  }

  private static Option withDoc(Option o, String doc) {
    return new Option(o.key(), o.type(), o.defaultValue(), doc, o.min(), o.max(), o.choices());
  }

  /** True for data, solver and net. */
  public boolean isUnique(String section) {
    return section.equals(DATA) || section.equals(SOLVER) || section.equals(NET);
  }

  public boolean isSection(String section) {
    return isUnique(section) || layers.containsKey(section);
  }

  /** Every section name, unique ones first. */
  public List<String> sections() {
    List<String> s = new ArrayList<>(List.of(DATA, SOLVER, NET));
    s.addAll(layers.keySet());
    return s;
  }

  public List<Option> data() {
    return data;
  }

  public List<Option> solver() {
    return solver;
  }

  /** All {@code [net]} keys including {@code init.*} and {@code <activation>.*}. */
  public List<Option> net() {
    return netKeys;
  }

  public LayerKeys layer(String type) {
    LayerKeys k = layers.get(type);
    if (k == null) throw new IllegalArgumentException("no layer type '" + type + "'");
    return k;
  }

  public List<Namespace> activations() {
    return activations;
  }

  public List<Namespace> initializers() {
    return initializers;
  }

  /** The activation {@code name}; the parser has already checked that it exists. */
  public Namespace activation(String name) {
    return find(activations, name);
  }

  public Namespace initializer(String name) {
    return find(initializers, name);
  }

  private static Namespace find(List<Namespace> list, String name) {
    return list.stream().filter(n -> n.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no '" + name + "'"));
  }

  /** Every key a section may contain (for validation and "did you mean"). */
  public List<Option> allowed(String section) {
    if (section.equals(DATA)) return data;
    if (section.equals(SOLVER)) return solver;
    if (section.equals(NET)) return netKeys;
    LayerKeys k = layer(section);
    List<Option> o = new ArrayList<>(List.of(NAME, REPEAT));
    o.addAll(k.options());
    if (k.initKeys()) o.addAll(initKeys());
    if (k.activationKeys()) o.addAll(activationKeys());
    return o;
  }

  /** Validates the keys and values of one section; throws at the first bad one. */
  public Settings validate(String section, Map<String, Settings.Value> values, String where) {
    return new Settings(allowed(section), values, where);
  }

  /** Prints every key with type, default and doc, grouped by section ({@code trainer info keys}). */
  public void describe(PrintStream out) {
    out.println("Config keys (key = value in [section]s; # starts a comment; lists are comma separated).");
    printSection(out, "[data]", "the data set and its batches", data, Set.of());
    printSection(out, "[solver]", "SGD and the learning-rate policy (Caffe names and formulas)", solver, Set.of());
    printSection(out, "[net]", "net-wide defaults for every [conv] and [fc]", netBase(), Set.of());
    for (LayerKeys k : layers.values()) {
      List<Option> o = new ArrayList<>(List.of(NAME, REPEAT));
      o.addAll(k.options());
      String extra = (k.activationKeys() ? "; <activation>.<key>" : "") + (k.initKeys() ? "; init.<key>" : "");
      printSection(out, "[" + k.type() + "]", k.summary() + extra, o, INHERITED);
    }
    out.println();
    out.println("init.<key>: options of the initializer, in [net] (all layers) or [conv]/[fc] (that layer)");
    for (Namespace n : initializers) printNamespace(out, n, "init.");
    out.println();
    out.println("<activation>.<key>: options of an activation, in [net] (all layers) or [conv]/[fc]/[activation]"
        + " (that layer)");
    for (Namespace n : activations) printNamespace(out, n, n.name() + ".");
  }

  private static void printSection(PrintStream out, String title, String summary, List<Option> options,
      Set<String> inherited) {
    out.println();
    out.println(title + "  " + summary);
    for (Option o : options) {
      String def = inherited.contains(o.key()) ? "[net]" : o == NAME ? "<type><index>" : defaultText(o);
      printKey(out, o.key(), o, def);
    }
  }

  private static void printNamespace(PrintStream out, Namespace n, String prefix) {
    out.println("  " + n.name() + ": " + n.summary());
    for (Option o : n.options()) printKey(out, "  " + prefix + o.key(), o, defaultText(o));
  }

  private static void printKey(PrintStream out, String key, Option o, String def) {
    out.printf("  %-22s %-30s %-14s %s%n", key, o.describeType(), def, o.doc());
  }

  private static String defaultText(Option o) {
    if (o.defaultValue() == null) return "(required)";
    return o.defaultValue().isEmpty() ? "(empty)" : o.defaultValue();
  }
}
