package dev.trainer.train;

import dev.trainer.activation.Activation;
import dev.trainer.activation.Activations;
import dev.trainer.config.ActivationSpec;
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
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns the layer sections of a config into a {@link Net}. A {@code [conv]} or {@code [fc]} with an
 * activation becomes two layers, e.g. {@code conv1} and {@code conv1.prelu}, so parameters are
 * named {@code conv1.weight}, {@code conv1.bias}, {@code conv1.prelu.slope}; with
 * {@code batchnorm = true} a {@code conv1.bn} layer sits between the two (conv → BN → activation, as
 * in Ioffe and Szegedy and the MPELU authors' 15-layer nets). The weight initializer sees the
 * activation that follows it (MSRA and Taylor read its slope).
 */
public final class NetBuilder {
  private Lsuv lsuv;

  /**
   * Builds the net and sets it up for per-example {@code input}, initializing every parameter with
   * random streams derived from {@code root}; one line per parameter goes to {@code log}.
   */
  public Net build(List<LayerSpec> specs, Shape input, Rng root, Consumer<String> log) {
    Net net = new Net();
    Map<Layer, LayerSpec> weighted = new IdentityHashMap<>();
    for (LayerSpec spec : specs) {
      Optional<Activation> activation = spec.activation().map(NetBuilder::activation);
      if (spec.type().equals("activation")) {
        net.add(spec.name(), activation.orElseThrow());
        continue;
      }
      Layer layer = layer(spec, activation.orElse(null));
      net.add(spec.name(), layer);
      if (spec.init().isPresent()) {
        weighted.put(layer, spec);
        if (spec.bool("batchnorm")) net.add(spec.name() + ".bn", new BatchNorm());
      }
      if (activation.isPresent()) net.add(spec.name() + "." + spec.activation().get().type(), activation.get());
    }
    net.setup(input, root, log);
    weighted.forEach((layer, spec) -> applyMultipliers(spec, layer));
    return net;
  }

  /** The LSUV initializer if any layer uses {@code init = lsuv} (it must rescale after setup). */
  public Optional<Lsuv> lsuv() {
    return Optional.ofNullable(lsuv);
  }

  private static Activation activation(ActivationSpec a) {
    return Activations.get(a.type(), a.where()).create(a.settings());
  }

  private Layer layer(LayerSpec s, Activation following) {
    return switch (s.type()) {
      case "conv" -> new Conv2d(s.integer("filters"), s.integer("size"), s.integer("stride"), s.integer("pad"),
          init(s, following));
      case "fc" -> new FullyConnected(s.integer("outputs"), init(s, following));
      case "maxpool" -> new MaxPool(s.integer("size"), s.integer("stride"), s.integer("pad"));
      case "avgpool" -> new AvgPool(s.integer("size"), s.integer("stride"), s.integer("pad"));
      case "gap" -> new GlobalAvgPool();
      case "dropout" -> new Dropout(s.real32("ratio"));
      case "alpha_dropout" -> new AlphaDropout(s.real32("ratio"));
      case "batchnorm" -> new BatchNorm(s.real32("momentum"), s.real32("eps"));
      case "flatten" -> new Flatten();
      default -> throw new IllegalStateException("no builder for layer type " + s.type());
    };
  }

  private Initializer init(LayerSpec s, Activation following) {
    InitSpec spec = s.init().orElseThrow();
    Initializer init = Initializers.get(spec.type(), s.where()).create(spec.settings(), following);
    if (init instanceof Lsuv l) lsuv = l;
    return init;
  }

  /** Sets the section's lr/decay multipliers on the params the layer created in setup. */
  private static void applyMultipliers(LayerSpec s, Layer layer) {
    for (Param p : layer.params()) {
      if (p.name().equals("bias")) p.setMultipliers(s.real32("bias_lr_mult"), s.real32("bias_decay_mult"));
      else p.setMultipliers(s.real32("lr_mult"), s.real32("decay_mult"));
    }
  }
}
