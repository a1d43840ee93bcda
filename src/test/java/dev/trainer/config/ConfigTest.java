package dev.trainer.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  @TempDir Path dir;

  static final String FULL = """
      # NIN-style CIFAR-10 net, PReLU everywhere
      [data]
      set = cifar10
      dir = /data/cifar   ; inline comment
      batch_size = 128
      preprocess = gcn_zca
      crop = 32
      pad = 4
      mirror = true

      [solver]
      base_lr = 0.1
      momentum = 0.9
      weight_decay = 1e-4
      lr_policy = multistep
      gamma = 0.1
      stepvalue = 100000, 110000
      max_iter = 120000
      test_interval = 1000
      test_iter = 100

      [net]
      activation = prelu
      init = msra
      init.fan = out
      prelu.init = 0.1
      elu.alpha = 0.5

      [conv]
      name = c1
      filters = 192
      size = 5
      pad = 2
      prelu.init = 0.3          # this layer only

      [maxpool]
      size = 3
      stride = 2

      [conv]
      filters = 160
      size = 1
      activation = elu
      init = gaussian
      init.std = 0.05
      lr_mult = 2

      [dropout]
      ratio = 0.5

      [batchnorm]

      [activation]
      type = prelu
      prelu.channel_shared = true

      [gap]

      [fc]
      outputs = 10
      activation = none
      """;

  @Test
  void parsesAFullExample() {
    Config c = ConfigFiles.parse(dir, FULL);
    assertEquals("cifar10", c.data().string("set"));
    assertEquals(Path.of("/data/cifar"), c.dataDir());
    assertTrue(c.data().bool("mirror"));
    assertEquals(0.1, c.solver().real("base_lr"));
    assertArrayEquals(new int[] {100000, 110000}, c.solver().integers("stepvalue"));
    assertEquals(List.of("c1", "maxpool1", "conv2", "dropout1", "batchnorm1", "activation1", "gap1", "fc1"),
        c.layers().stream().map(LayerSpec::name).toList());

    LayerSpec c1 = c.layer("c1");
    assertEquals(192, c1.integer("filters"));
    assertEquals(2, c1.integer("pad"));
    assertEquals("prelu", c1.activation().orElseThrow().type());
    assertEquals(0.3, c1.activation().orElseThrow().settings().real("init"), "layer key beats [net]");
    assertEquals("msra", c1.init().orElseThrow().type());
    assertEquals("out", c1.init().orElseThrow().settings().string("fan"), "inherited from [net]");

    LayerSpec conv2 = c.layer("conv2");
    assertEquals(0.5, conv2.activation().orElseThrow().settings().real("alpha"), "[net] elu.alpha applies");
    assertEquals("gaussian", conv2.init().orElseThrow().type());
    assertEquals(0.05, conv2.init().orElseThrow().settings().real("std"));
    assertEquals(2, conv2.real("lr_mult"));

    LayerSpec act = c.layer("activation1");
    assertEquals("prelu", act.activation().orElseThrow().type());
    assertEquals(0.1, act.activation().orElseThrow().settings().real("init"));
    assertTrue(act.activation().orElseThrow().settings().bool("channel_shared"));
    assertTrue(act.init().isEmpty());

    assertTrue(c.layer("fc1").activation().isEmpty(), "activation = none");
    assertTrue(c.layer("maxpool1").activation().isEmpty());
    assertEquals(3, c.layer("maxpool1").integer("size"));
  }

  @Test
  void writtenAndInheritedValuesAreTold() {
    Config c = ConfigFiles.parse(dir, FULL);
    Settings prelu = c.layer("c1").activation().orElseThrow().settings();
    assertTrue(prelu.isSet("init"));
    assertFalse(prelu.isSet("channel_shared"));
    assertTrue(c.layer("conv2").settings().isSet("activation"));
    assertFalse(c.layer("c1").settings().isSet("activation"), "taken from [net]");
  }

  @Test
  void unsetKeysTakeTheirDefaults() {
    Config c = ConfigFiles.parse(dir, ConfigFiles.MINIMAL + "[conv]\nfilters = 8\nsize = 3\n");
    assertEquals(Path.of("data/mnist"), c.dataDir());
    assertEquals(64, c.data().integer("batch_size"));
    assertEquals("scale", c.data().string("preprocess"));
    assertEquals("sgd", c.solver().string("type"));
    assertEquals(0.01, c.solver().real("base_lr"));
    assertEquals("fixed", c.solver().string("lr_policy"));
    assertEquals(0, c.solver().integers("stepvalue").length);
    assertEquals(1, c.solver().integer("random_seed"));
    LayerSpec conv = c.layer("conv1");
    assertEquals(1, conv.integer("stride"));
    assertEquals(0, conv.integer("pad"));
    assertEquals("relu", conv.string("activation"), "[net] default");
    assertEquals("relu", conv.activation().orElseThrow().type());
    assertEquals("msra", conv.init().orElseThrow().type());
    assertEquals("in", conv.init().orElseThrow().settings().string("fan"));
    assertEquals(1, conv.real("bias_lr_mult"));
    assertFalse(conv.settings().isSet("activation"));
  }

  @Test
  void initializerDefaultsAreTheirOwn() {
    Config c = ConfigFiles.parse(dir, ConfigFiles.MINIMAL + "[conv]\nfilters = 8\nsize = 3\ninit = xavier\n");
    assertEquals("uniform", c.layer("conv1").init().orElseThrow().settings().string("distribution"));
  }

  @Test
  void initKeysOfAnotherInitializerDoNotApply() {
    Config c = ConfigFiles.parse(dir, ConfigFiles.MINIMAL.replace("[solver]", "[net]\ninit.std = 0.2\n[solver]")
        + "[conv]\nfilters = 8\nsize = 3\n[conv]\nfilters = 8\nsize = 3\ninit = gaussian\n");
    assertEquals(List.of("fan"), c.layer("conv1").init().orElseThrow().settings().options()
        .stream().map(Option::key).toList());
    assertEquals(0.2, c.layer("conv2").init().orElseThrow().settings().real("std"));
  }

  @Test
  void netMultipliersAreInheritedAndOverriddenPerLayer() {
    Config c = ConfigFiles.parse(dir, ConfigFiles.MINIMAL.replace("[solver]", "[net]\nbias_lr_mult = 2\n[solver]")
        + "[fc]\noutputs = 5\nbias_lr_mult = 3\n");
    assertEquals(2, c.layer("fc1").real("bias_lr_mult"));
    assertEquals(3, c.layer("fc2").real("bias_lr_mult"));
  }

  @Test
  void quickstartParsesWithTheRealRegistry() {
    Config c = Config.load(Path.of("configs/quickstart.conf"), List.of());
    assertEquals("fashion-mnist", c.data().string("set"));
    assertEquals(Path.of("data/fashion-mnist"), c.dataDir());
    assertEquals(64, c.data().integer("batch_size"));
    assertEquals(0.05, c.solver().real("base_lr"));
    assertEquals(0.9, c.solver().real("momentum"));
    assertEquals(5e-4, c.solver().real("weight_decay"));
    assertEquals(5, c.solver().integer("max_epochs"));
    assertEquals(List.of("flatten1", "fc1", "fc2", "fc3"), c.layers().stream().map(LayerSpec::name).toList());
    assertEquals(List.of(256, 128, 10), c.layers().subList(1, 4).stream().map(l -> l.integer("outputs")).toList());
    assertEquals("relu", c.layer("fc1").activation().orElseThrow().type());
    assertEquals("msra", c.layer("fc2").init().orElseThrow().type());
    assertTrue(c.layer("fc3").activation().isEmpty());
  }
}
