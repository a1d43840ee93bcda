package dev.trainer.activation;

import dev.trainer.config.ConfigException;
import dev.trainer.config.Option;
import dev.trainer.config.Settings;
import dev.trainer.config.Suggest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The explicit registry of activations (name → factory). It drives config parsing,
 * {@code trainer info activations}, {@code trainer gradcheck} and the test over all names; an
 * activation that is not listed here does not exist for users. Options are written
 * {@code name.key} in configs, e.g. {@code prelu.init = 0.25}.
 */
public final class Activations {
  private static final Map<String, ActivationType> TYPES = new LinkedHashMap<>();

  static {
    register("relu", "max(0, x) (Nair & Hinton 2010)", List.of(), s -> new ReLU());
    register("lrelu", "leaky ReLU: x, or slope*x for x <= 0 (Maas et al. 2013)",
        List.of(Option.real("slope", 0.01, "negative slope (Xu et al. 2015 also use 1/5.5)")),
        s -> new LeakyReLU(s.real32("slope")));
    register("prelu", "parametric ReLU with learned slopes (He et al. 2015)",
        withParamOptions(1, 0, Option.real("init", 0.25, "initial slope")),
        s -> new PReLU(ParamSpec.from(s, "init")));
    register("rrelu", "randomized leaky ReLU x/a, a ~ U(lower, upper) in training, (lower+upper)/2 in testing (Xu et al. 2015)",
        List.of(Option.real("lower", 3, "smallest divisor a (largest slope 1/lower)").range(1, Double.POSITIVE_INFINITY),
            Option.real("upper", 8, "largest divisor a (smallest slope 1/upper)").range(1, Double.POSITIVE_INFINITY)),
        s -> new RReLU(s.real32("lower"), s.real32("upper")));
    register("elu", "exponential linear unit: x, or alpha*(e^x - 1) for x <= 0 (Clevert et al. 2016)",
        List.of(Option.real("alpha", 1, "saturation value of the negative part")),
        s -> new ELU(s.real32("alpha")));
    register("mpelu", "x, or alpha*(e^(beta*x) - 1) for x <= 0 with learned alpha, beta (Li et al. 2016)",
        withParamOptions(1, 1, Option.real("alpha", 0.25, "initial alpha (0 = ReLU; 1 with beta 1 = ELU)"),
            Option.real("beta", 1, "initial beta (> 0)").range(0, Double.POSITIVE_INFINITY)),
        s -> new MPELU(ParamSpec.from(s, "alpha"), ParamSpec.from(s, "beta")));
    register("sigmoid", "logistic 1/(1 + e^-x)", List.of(), s -> new Sigmoid());
    register("tanh", "hyperbolic tangent", List.of(), s -> new Tanh());
    register("softsign", "x/(1 + |x|) (Glorot & Bengio 2010)", List.of(), s -> new Softsign());
    register("softplus", "ln(1 + e^x) (Dugas et al. 2000)", List.of(), s -> new Softplus());
    register("abs", "absolute-value rectification |x| (Jarrett et al. 2009)", List.of(), s -> new Abs());
    register("hardsigmoid", "max(0, min(1, 0.25x + 0.5)), the noisy-units paper's form (Gulcehre et al. 2016)",
        List.of(), s -> new HardSigmoid());
    register("hardtanh", "max(-1, min(1, x))", List.of(), s -> new HardTanh());
    register("swish", "x*sigmoid(beta*x), beta constant or learned (Ramachandran et al. 2017)",
        withParamOptions(1, 0, Option.real("beta", 1, "beta, or its initial value when learnable"),
            Option.bool("learnable", false, "learn beta")),
        s -> new Swish(ParamSpec.from(s, "beta"), s.bool("learnable")));
    register("maxout", "max over groups of k consecutive channels; C inputs give C/k outputs (Goodfellow et al. 2013)",
        List.of(Option.integer("k", 2, "pieces per unit; must divide the input channels").range(1, Integer.MAX_VALUE)),
        s -> new Maxout(s.integer("k")));
    register("crelu", "concat(relu(x), relu(-x)) along channels; C inputs give 2C outputs (Shang et al. 2016)",
        List.of(), s -> new CReLU());
    register("noisy_hardtanh", "hard tanh with learned-p saturation noise (Gulcehre et al. 2016)",
        noisyOptions(1.15, 0.5, false),
        s -> new NoisyHardTanh(s.real32("alpha"), s.real32("c"), s.bool("half_normal"), ParamSpec.from(s, "p")));
    register("noisy_hardsigmoid", "hard sigmoid with learned-p saturation noise (Gulcehre et al. 2016)",
        noisyOptions(1.1, 0.15, true),
        s -> new NoisyHardSigmoid(s.real32("alpha"), s.real32("c"), s.bool("half_normal"), ParamSpec.from(s, "p")));
    register("gelu", "x*Phi(x), Phi the standard normal CDF; exact or tanh approximation (Hendrycks & Gimpel 2016)",
        List.of(Option.choice("approximate", "none", "none = exact x*Phi(x) via erfc; tanh = the paper's tanh form",
            "none", "tanh")),
        s -> new GELU(s.string("approximate").equals("tanh")));
    register("silu", "x*sigmoid(x), = swish with beta 1 (Elfwing et al. 2017)", List.of(), s -> new SiLU());
    register("mish", "x*tanh(softplus(x)) (Misra 2019)", List.of(), s -> new Mish());
    register("hardswish", "x*relu6(x + 3)/6 (Howard et al. 2019, MobileNetV3)", List.of(), s -> new HardSwish());
    register("selu", "scaled ELU, self-normalizing with init = lecun (Klambauer et al. 2017)", List.of(),
        s -> new SELU());
    register("apl", "adaptive piecewise linear: max(0, x) + sum_s a_s*max(0, b_s - x), learned a_s, b_s (Agostinelli et al. 2014)",
        withParamOptions(1, 1,
            Option.integer("s", 5, "number of hinges S (the authors' example: 5)").range(1, 100),
            Option.real("a_range", 0.2, "initial a_s ~ U(-a_range, a_range); 0 starts as ReLU")
                .range(0, Double.POSITIVE_INFINITY),
            Option.real("b_std", 0.5, "initial b_s ~ N(0, b_std^2)").range(0, Double.POSITIVE_INFINITY)),
        s -> new APL(s.integer("s"), new ParamSpec(0f, s.bool("channel_shared"), s.real32("lr_mult"),
            s.real32("decay_mult")), s.real("a_range"), s.real("b_std")));
    register("pau", "safe Pade activation unit P(x)/(1 + |S(x)|), degrees 5/4, learned coefficients (Molina et al. 2020)",
        List.of(Option.choice("init", "leaky_relu", "function the coefficients start from (least-squares fit on [-3, 3])",
                PAU.FITS.keySet().stream().sorted().toArray(String[]::new)),
            Option.bool("channel_shared", true, "one set of coefficients per layer (the paper) instead of per channel"),
            Option.real("lr_mult", 1, "learning-rate multiplier of the coefficients").range(0, Double.POSITIVE_INFINITY),
            Option.real("decay_mult", 0, "weight-decay multiplier of the coefficients").range(0, Double.POSITIVE_INFINITY)),
        s -> new PAU(s.string("init"), s.bool("channel_shared"), s.real32("lr_mult"), s.real32("decay_mult")));
    register("squared_relu", "max(0, x)^2 (So et al. 2021, Primer)", List.of(), s -> new SquaredReLU());
  }

  private Activations() {}

  private static void register(String name, String summary, List<Option> options,
      Function<Settings, Activation> factory) {
    TYPES.put(name, new ActivationType(name, summary, options, factory));
  }

  private static List<Option> noisyOptions(double alpha, double c, boolean halfNormal) {
    return withParamOptions(1, 0,
        Option.real("alpha", alpha, "mix of h and its linearization (> 1 leaks past saturation)"),
        Option.real("c", c, "scale of the noise std").range(0, Double.POSITIVE_INFINITY),
        Option.bool("half_normal", halfNormal, "|xi| instead of xi as noise"),
        Option.real("p", 1, "initial p (learned noise scale)"));
  }

  /** {@code own} followed by the learnable-parameter options of {@link ParamSpec#options}. */
  private static List<Option> withParamOptions(double lrMult, double decayMult, Option... own) {
    List<Option> all = new ArrayList<>(List.of(own));
    all.addAll(ParamSpec.options(lrMult, decayMult));
    return List.copyOf(all);
  }

  public static Collection<ActivationType> all() {
    return TYPES.values();
  }

  public static boolean exists(String name) {
    return TYPES.containsKey(name);
  }

  /** The type named {@code name}, or a {@link ConfigException} at {@code where} listing the known names. */
  public static ActivationType get(String name, String where) {
    ActivationType t = TYPES.get(name);
    if (t == null) {
      throw new ConfigException(where, "unknown activation '" + name + "'"
          + Suggest.didYouMean(name, TYPES.keySet()) + "; known: " + String.join(", ", TYPES.keySet()));
    }
    return t;
  }
}
