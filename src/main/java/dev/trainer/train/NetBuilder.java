package dev.trainer.train;

import dev.trainer.activation.Activation;
import dev.trainer.activation.Activations;
import dev.trainer.config.ActivationSpec;
import dev.trainer.config.Config;
import dev.trainer.config.ConfigException;
import dev.trainer.config.InitSpec;
import dev.trainer.config.LayerSpec;
import dev.trainer.init.Initializer;
import dev.trainer.init.Initializers;
import dev.trainer.init.Lsuv;
import dev.trainer.layer.AlphaDropout;
import dev.trainer.layer.AvgPool;
import dev.trainer.layer.BatchNorm;
import dev.trainer.layer.Conv2d;
import dev.trainer.layer.Dropout;
import dev.trainer.layer.Flatten;
import dev.trainer.layer.FullyConnected;
import dev.trainer.layer.GlobalAvgPool;
import dev.trainer.layer.Layer;
import dev.trainer.layer.MaxPool;
import dev.trainer.layer.Net;
import dev.trainer.layer.Param;
import dev.trainer.layer.Shortcut;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns the layer sections of a config into a {@link Net}. A {@code [conv]} or {@code [fc]} with an
 * activation becomes two layers, e.g. {@code conv1} and {@code conv1.prelu}, so parameters are
 * named {@code conv1.weight}, {@code conv1.bias}, {@code conv1.prelu.slope}; with
 * {@code batchnorm = true} a {@code conv1.bn} layer sits between the two (conv → BN → activation, as
 * in Ioffe and Szegedy and the MPELU authors' 15-layer nets), with the defaults of a {@code [batchnorm]}
 * section and the statistics of {@code batchnorm_stats}.
 *
 * <p>The weight initializer sees the activation that follows it on the data path (MSRA and Taylor
 * read its slope): the section's own {@code activation}, else the first stand-alone
 * {@code [activation]} reached through layers that do not change the slope's role (pooling,
 * dropout, flatten, batch normalization), as in Caffe's cifar10_quick, where conv1 is followed by
 * pool1 and then relu1. A conv/fc section or the end of the net before any activation means none
 * follows (a = 0, Caffe's and PyTorch's msra). The log line of each weight says where its slope
 * came from.
 *
 * <p>{@code net.activation} is the default of the {@code activation} key of [conv] and [fc] only;
 * a stand-alone {@code [activation]} always has its own {@code type}. When the two differ a note
 * goes to the log, since sweeping {@code net.activation} leaves such a layer as it is.
 *
 * <p>A {@code [shortcut]} becomes a {@link Shortcut} (and its activation, {@code shortcut1.relu})
 * that adds the output of the last layer of the section {@code from} sections back.
 */
public final class NetBuilder {
  private boolean usesLsuv;

  /**
   * Builds the net and sets it up for per-example {@code input}, initializing every parameter with
   * random streams derived from {@code root}; one line per parameter goes to {@code log}.
   */
  public Net build(List<LayerSpec> specs, Shape input, Rng root, Consumer<String> log) {
    Net net = new Net();
    Map<Layer, LayerSpec> weighted = new IdentityHashMap<>();
    Map<Shortcut, LayerSpec> shortcuts = new IdentityHashMap<>();
    List<Integer> lastLayerOf = new ArrayList<>();
    List<Optional<Activation>> activations = specs.stream().map(s -> s.activation().map(NetBuilder::activation)).toList();
    for (int i = 0; i < specs.size(); i++) {
      LayerSpec spec = specs.get(i);
      Optional<Activation> activation = activations.get(i);
      if (spec.type().equals("activation")) {
        net.add(spec.name(), activation.orElseThrow());
        lastLayerOf.add(net.size() - 1);
        continue;
      }
      if (spec.type().equals("shortcut")) {
        int source = source(spec, lastLayerOf);
        if (spec.bool("residual")) {
          Shortcut shortcut = new Shortcut(source, init(spec, following(specs, activations, i)), spec.bool("batchnorm"));
          shortcuts.put(shortcut, spec);
          net.add(spec.name(), shortcut);
        }
        activation.ifPresent(a -> net.add(spec.name() + "." + spec.activation().get().type(), a));
        lastLayerOf.add(net.size() - 1);
        continue;
      }
      Layer layer = layer(spec, following(specs, activations, i));
      net.add(spec.name(), layer);
      if (spec.init().isPresent()) {
        weighted.put(layer, spec);
        if (spec.bool("batchnorm")) net.add(spec.name() + ".bn", batchNorm(spec.string("batchnorm_stats")));
      }
      if (activation.isPresent()) net.add(spec.name() + "." + spec.activation().get().type(), activation.get());
      lastLayerOf.add(net.size() - 1);
    }
    for (LayerSpec spec : specs) net.place(spec.name(), spec.where());
    net.setup(input, root, log);
    weighted.forEach((layer, spec) -> applyMultipliers(spec, layer.params()));
    shortcuts.forEach((shortcut, spec) -> applyMultipliers(spec, shortcut.projectionParams()));
    return net;
  }

  /** True if a layer uses {@code init = lsuv}: {@link Lsuv#rescale} must finish it after setup. */
  public boolean usesLsuv() {
    return usesLsuv;
  }

  /** Layer types between a weight layer and its activation that leave the slope's role alone. */
  private static final Set<String> TRANSPARENT = Set.of("maxpool", "avgpool", "gap", "dropout", "batchnorm", "flatten");

  /** The activation that follows section i on the data path, and why (for the init log line). */
  record Following(Activation activation, String why) {}

  static Following following(List<LayerSpec> specs, List<Optional<Activation>> activations, int i) {
    String own = specs.get(i).name();
    if (activations.get(i).isPresent()) {
      return new Following(activations.get(i).get(), "slope of " + own + "." + specs.get(i).activation().get().type());
    }
    List<String> through = new ArrayList<>();
    for (int j = i + 1; j < specs.size(); j++) {
      LayerSpec next = specs.get(j);
      // A shortcut adds before its own activation, so that activation follows this layer too.
      boolean activates = next.type().equals("activation") || next.type().equals("shortcut") && activations.get(j).isPresent();
      if (activates) {
        return new Following(activations.get(j).orElseThrow(), "slope of " + next.name()
            + (through.isEmpty() ? ", next" : " after " + String.join(", ", through)));
      }
      if (!TRANSPARENT.contains(next.type()) && !next.type().equals("shortcut")) {
        return new Following(null, "no activation before " + next.name());
      }
      through.add(next.name());
    }
    return new Following(null, "no activation follows");
  }

  /**
   * One note per stand-alone {@code [activation]} whose type differs from {@code net.activation},
   * which does not apply to it.
   */
  public static List<String> netActivationNotes(Config config) {
    String net = config.net().string("activation");
    return config.layers().stream()
        .filter(s -> s.type().equals("activation") && !s.string("type").equals(net))
        .map(s -> "note: [activation] " + s.name() + " (" + s.where() + ") stays " + s.string("type")
            + ": net.activation = " + net + " sets only the activation key of [conv] and [fc]")
        .toList();
  }

  private static Activation activation(ActivationSpec a) {
    return Activations.get(a.type(), a.where()).create(a.settings());
  }

  private Layer layer(LayerSpec s, Following following) {
    return switch (s.type()) {
      case "conv" -> new Conv2d(s.integer("filters"), s.integer("size"), s.integer("stride"), s.integer("pad"),
          init(s, following));
      case "fc" -> new FullyConnected(s.integer("outputs"), init(s, following));
      case "maxpool" -> new MaxPool(s.integer("size"), s.integer("stride"), s.integer("pad"));
      case "avgpool" -> new AvgPool(s.integer("size"), s.integer("stride"), s.integer("pad"));
      case "gap" -> new GlobalAvgPool();
      case "dropout" -> new Dropout(s.real32("ratio"));
      case "alpha_dropout" -> new AlphaDropout(s.real32("ratio"));
      case "batchnorm" -> s.string("stats").equals("caffe")
          ? BatchNorm.caffe(s.real32("moving_average_fraction"), s.real32("eps"))
          : new BatchNorm(s.real32("momentum"), s.real32("eps"));
      case "flatten" -> new Flatten();
      default -> throw new IllegalStateException("no builder for layer type " + s.type());
    };
  }

  /** The batch norm of {@code batchnorm = true}: the defaults of a [batchnorm] section with {@code stats}. */
  private static BatchNorm batchNorm(String stats) {
    return stats.equals("caffe")
        ? BatchNorm.caffe(BatchNorm.DEFAULT_MOVING_AVERAGE_FRACTION, BatchNorm.DEFAULT_EPS)
        : new BatchNorm();
  }

  private Initializer init(LayerSpec s, Following following) {
    InitSpec spec = s.init().orElseThrow();
    Initializer init = Initializers.get(spec.type(), s.where()).create(spec.settings(), following.activation());
    if (init instanceof Lsuv) usesLsuv = true;
    String why = following.why();
    if (following.activation() == null) {
      why += spec.type().equals("msra") ? ": a = 0 as Caffe's msra" : ": alpha*beta = 1 as Caffe's taylor";
    }
    boolean sloped = spec.type().equals("msra")
        || spec.type().equals("taylor") && !spec.settings().isSet("alpha") && !spec.settings().isSet("beta");
    if (!sloped) return init;
    String reason = " (" + why + ")";
    return (w, fan, rng) -> init.fill(w, fan, rng) + reason;
  }

  /**
   * The net index of the layer a {@code [shortcut]} adds: the last layer of the section {@code from}
   * sections back, or −1 (the net's input) for one before the first. With {@code residual = true}
   * the shortcut's projection, if the shapes turn out to differ, is initialized for the activation
   * after the sum.
   */
  private static int source(LayerSpec s, List<Integer> lastLayerOf) {
    int section = lastLayerOf.size() + s.integer("from");
    if (section < -1) {
      throw new ConfigException(s.where(), "[shortcut] " + s.name() + ": from = " + s.integer("from")
          + " reaches before the first layer (it is section " + (lastLayerOf.size() + 1) + ")");
    }
    return section < 0 ? -1 : lastLayerOf.get(section);
  }

  /** Sets the section's lr/decay multipliers on the params the layer created in setup. */
  private static void applyMultipliers(LayerSpec s, List<Param> params) {
    for (Param p : params) {
      if (p.name().equals("bias")) p.setMultipliers(s.real32("bias_lr_mult"), s.real32("bias_decay_mult"));
      else p.setMultipliers(s.real32("lr_mult"), s.real32("decay_mult"));
    }
  }
}
