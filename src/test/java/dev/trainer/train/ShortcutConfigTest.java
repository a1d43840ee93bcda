package dev.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.cli.Cli;
import dev.trainer.config.Config;
import dev.trainer.layer.Conv2d;
import dev.trainer.layer.FullyConnected;
import dev.trainer.layer.Mode;
import dev.trainer.layer.NamedParam;
import dev.trainer.layer.Net;
import dev.trainer.layer.Shortcut;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** [shortcut] sections as configured: which output they add, the ResNet-20 configs, and the refusals. */
class ShortcutConfigTest {
  private static final String NET = """
      [data]
      set = fashion-mnist
      dir = %s
      train_limit = 64
      test_limit = 50

      [solver]
      base_lr = 0.05
      max_iter = 2
      threads = 1

      [conv]
      filters = 4
      size = 3
      pad = 1

      %s

      [gap]

      [fc]
      outputs = 10
      activation = none
      """;

  @TempDir Path tmp;

  private static Net build(Config c) {
    return new NetBuilder().build(c.layers(), SyntheticData.inputShape(c), new Rng(1).stream("init"), line -> {});
  }

  private static List<Integer> shortcuts(Net net) {
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < net.size(); i++) if (net.layer(i) instanceof Shortcut) at.add(i);
    return at;
  }

  private static long weighted(Net net) {
    long n = 0;
    for (int i = 0; i < net.size(); i++) if (net.layer(i) instanceof Conv2d || net.layer(i) instanceof FullyConnected) n++;
    return n;
  }

  /** 19 convs + 1 fc; 9 shortcuts, two of them (stage 2 and 3 entries) projections; 0.27M parameters. */
  @Test
  void resnet20HasNineBlocksAndPlain20TheSameLayersWithoutThem() {
    Net res = build(Config.load(Path.of("configs/resnet20-cifar10.conf"), List.of()));
    Net plain = build(Config.load(Path.of("configs/plain20-cifar10.conf"), List.of()));
    assertEquals(20, weighted(res));
    assertEquals(20, weighted(plain));
    assertTrue(shortcuts(plain).isEmpty());
    List<Integer> at = shortcuts(res);
    assertEquals(9, at.size());
    List<String> projecting = at.stream().filter(i -> ((Shortcut) res.layer(i)).projects()).map(res::name).toList();
    assertEquals(List.of("shortcut4", "shortcut7"), projecting);
    // Each block adds its input: the output of the section three back (conv1.relu, then the previous block's sum).
    assertEquals("conv1.relu", res.name(((Shortcut) res.layer(at.get(0))).source()));
    assertEquals("shortcut1.relu", res.name(((Shortcut) res.layer(at.get(1))).source()));
    long params = res.params().stream().mapToLong(p -> p.param().value.size()).sum();
    long plainParams = plain.params().stream().mapToLong(p -> p.param().value.size()).sum();
    assertEquals(2560 + 96 + 192, params - plainParams, "1x1 projections 16->32, 32->64 with bias and BN");
    assertEquals(273_258, params);
    for (NamedParam p : res.params()) {
      if (p.name().equals("shortcut4.weight")) assertEquals(1f, p.param().lrMult());
    }
  }

  /**
   * net.residual = false turns ResNet-20 into plain-20: the same layers, and (each layer's random
   * stream comes from its name) the same initial weights, so the same outputs bit for bit.
   */
  @Test
  void residualFalseIsThePlainNet() {
    Config c = Config.load(Path.of("configs/resnet20-cifar10.conf"), List.of("net.residual=false"));
    Net off = build(c);
    Net plain = build(Config.load(Path.of("configs/plain20-cifar10.conf"), List.of()));
    assertTrue(shortcuts(off).isEmpty());
    assertEquals(plain.size(), off.size());
    Tensor x = new Tensor(Shape.of(2, 3, 32, 32));
    Rng rng = new Rng(3);
    for (int i = 0; i < x.size(); i++) x.data[i] = (float) rng.nextGaussian();
    assertArrayEquals(plain.forward(x, Mode.TEST).data, off.forward(x, Mode.TEST).data);
  }

  private Cli.Result run(String middle, String... overrides) throws IOException {
    String data = Path.of("data", "fashion-mnist").toAbsolutePath().toString();
    Path conf = Files.writeString(tmp.resolve("net.conf"), NET.formatted(data, middle));
    List<String> args = new ArrayList<>(List.of("run", conf.toString(), "--out", tmp.resolve("out").toString()));
    args.addAll(List.of(overrides));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void aShortcutFromTheInputTrains() throws IOException {
    Cli.Result r = run("[conv]\nfilters = 1\nsize = 3\npad = 1\n\n[shortcut]\nfrom = -3");
    assertEquals(0, r.status(), r.describe());
  }

  @Test
  void mismatchedShapesAndReachingTooFarAreOneLineErrors() throws IOException {
    Cli.Result r = run("[fc]\noutputs = 8\n\n[shortcut]\nfrom = -2");
    assertEquals(2, r.status(), r.describe());
    assertEquals(1, r.err().lines().count(), r.describe());
    assertTrue(r.err().contains("layer 'shortcut1': cannot add the output of conv1.relu (4x28x28) to that of fc1.relu (8)"),
        r.err());
    r = run("[shortcut]\nfrom = -3");
    assertEquals(2, r.status(), r.describe());
    assertEquals(1, r.err().lines().count(), r.describe());
    assertTrue(r.err().contains("net.conf:17: [shortcut] shortcut1: from = -3 reaches before the first layer"), r.err());
    assertFalse(Files.exists(tmp.resolve("out")));
  }
}
