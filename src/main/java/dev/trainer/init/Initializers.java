package dev.trainer.init;

import dev.trainer.activation.Activation;
import dev.trainer.config.ConfigException;
import dev.trainer.config.Option;
import dev.trainer.config.Settings;
import dev.trainer.config.Suggest;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The explicit registry of initializers (name → factory), behind the {@code init} keys of
 * configs and {@code trainer info inits}. An initializer not listed here does not exist for users.
 */
public final class Initializers {
  static final Option STD = Option.real("std", 0.01, "standard deviation").range(0, Double.POSITIVE_INFINITY);
  static final Option MEAN = Option.real("mean", 0, "mean");
  static final Option RANGE = Option.real("range", 0.05, "r of U(-r, r)").range(0, Double.POSITIVE_INFINITY);
  static final Option VALUE = Option.real("value", 0, "the value of every element");
  static final Option DISTRIBUTION = Option.choice("distribution", "uniform",
      "uniform U(-sqrt(3/n), sqrt(3/n)) as Caffe's xavier, or normal N(0, 1/n)", "uniform", "normal");
  static final Option ALPHA = Option.real("alpha", 1,
      "MPELU alpha; if neither alpha nor beta is set, alpha*beta = the following activation's Taylor slope");
  static final Option BETA = Option.real("beta", 1,
      "MPELU beta; if neither alpha nor beta is set, alpha*beta = the following activation's Taylor slope");

  private static final Map<String, InitType> TYPES = new LinkedHashMap<>();

  static {
    register(new InitType("constant", "every element = value (biases 0, PReLU slopes 0.25)",
        List.of(VALUE), (s, act) -> new Constant(s.real32("value"))));
    register(new InitType("gaussian", "N(mean, std^2), Caffe's gaussian filler",
        List.of(STD, MEAN), (s, act) -> new Gaussian(s.real("mean"), s.real("std"))));
    register(new InitType("uniform", "U(-range, range)",
        List.of(RANGE), (s, act) -> new Uniform(s.real("range"))));
    register(new InitType("xavier", "Glorot & Bengio 2010, Var = 1/n (Caffe's xavier: U(-sqrt(3/n), sqrt(3/n)))",
        List.of(FanMode.OPTION, DISTRIBUTION),
        (s, act) -> new Xavier(fan(s), Xavier.Distribution.valueOf(s.string("distribution").toUpperCase(java.util.Locale.ROOT)))));
    register(new InitType("msra", "He et al. 2015, N(0, 2/((1+a^2) n)), a = the following activation's negative slope",
        List.of(FanMode.OPTION), (s, act) -> new Msra(fan(s), act == null ? 0 : act.heSlope())));
    register(new InitType("taylor", "Li et al. 2016 (MPELU), N(0, 2/((1+alpha^2 beta^2) n)); ELU(1) gives 1/n",
        List.of(FanMode.OPTION, ALPHA, BETA), (s, act) -> new Taylor(fan(s), taylorSlope(s, act))));
    register(new InitType("lecun", "LeCun et al. 1998, N(0, 1/n); what SELU's self-normalization assumes",
        List.of(FanMode.OPTION), (s, act) -> new Lecun(fan(s))));
    register(new InitType("orthonormal", "Saxe et al. 2014, random orthonormal rows (or columns)",
        List.of(), (s, act) -> new Orthonormal()));
    register(new InitType("lsuv", "Mishkin & Matas 2016, orthonormal then rescaled until the layer's training-time output variance = target",
        List.of(Lsuv.TOL, Lsuv.MAX_ITER, Lsuv.TARGET),
        (s, act) -> new Lsuv(s.real("tol"), s.integer("max_iter"), s.real("target"))));
  }

  private Initializers() {}

  private static void register(InitType t) {
    TYPES.put(t.name(), t);
  }

  private static FanMode fan(Settings s) {
    return FanMode.of(s.string("fan"));
  }

  /**
   * αβ from explicit options if either is written (the other defaulting to 1 as in Caffe's
   * TaylorFiller), else the following activation's {@link Activation#taylorSlope()}, else 1
   * (Caffe's defaults α = β = 1: no activation after the layer, i.e. the identity).
   */
  private static double taylorSlope(Settings s, Activation act) {
    if (s.isSet("alpha") || s.isSet("beta") || act == null) return s.real("alpha") * s.real("beta");
    return act.taylorSlope();
  }

  public static Collection<InitType> all() {
    return TYPES.values();
  }

  public static boolean exists(String name) {
    return TYPES.containsKey(name);
  }

  /** The type named {@code name}, or a {@link ConfigException} at {@code where} listing the known names. */
  public static InitType get(String name, String where) {
    InitType t = TYPES.get(name);
    if (t == null) {
      throw new ConfigException(where, "unknown initializer '" + name + "'"
          + Suggest.didYouMean(name, TYPES.keySet()) + "; known: " + String.join(", ", TYPES.keySet()));
    }
    return t;
  }
}
