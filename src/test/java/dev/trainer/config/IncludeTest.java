package dev.trainer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncludeTest {
  @TempDir Path dir;

  @Test
  void pathsAreRelativeToTheIncludingFile() {
    ConfigFiles.write(dir, "configs/shared/data.conf", "[data]\nset = cifar10\nbatch_size = 32\n");
    ConfigFiles.write(dir, "configs/base/solver.conf", "include = ../shared/data.conf\n[solver]\nmax_epochs = 3\n");
    Path main = ConfigFiles.write(dir, "configs/variant.conf", "include = base/solver.conf\n[fc]\noutputs = 10\n");
    Config c = ConfigFiles.load(main);
    assertEquals("cifar10", c.data().string("set"));
    assertEquals(32, c.data().integer("batch_size"));
    assertEquals(3, c.solver().integer("max_epochs"));
    assertEquals(List.of(main.toString(), dir.resolve("configs/base/solver.conf").toString(),
        dir.resolve("configs/shared/data.conf").toString()), c.sources());
  }

  @Test
  void laterKeysWinAndLayersAreAppended() {
    ConfigFiles.write(dir, "base.conf", """
        [data]
        set = mnist
        [solver]
        base_lr = 0.1
        momentum = 0.8
        max_epochs = 2
        [net]
        activation = relu
        [conv]
        filters = 8
        size = 3
        """);
    ConfigFiles.write(dir, "more.conf", "[solver]\nmomentum = 0.7\nweight_decay = 0.001\n");
    Path main = ConfigFiles.write(dir, "main.conf", """
        include = base.conf
        include = more.conf   # applied after base.conf
        [solver]
        base_lr = 0.05
        [net]
        activation = prelu
        [fc]
        outputs = 10
        """);
    Config c = ConfigFiles.load(main);
    assertEquals(0.05, c.solver().real("base_lr"), "the including file wins");
    assertEquals(0.7, c.solver().real("momentum"), "the second include wins over the first");
    assertEquals(0.001, c.solver().real("weight_decay"));
    assertEquals(2, c.solver().integer("max_epochs"), "keys not repeated are kept");
    assertEquals(List.of("conv1", "fc1"), c.layers().stream().map(LayerSpec::name).toList());
    assertEquals("prelu", c.layer("conv1").activation().orElseThrow().type(), "[net] of main applies to base layers");
  }

  @Test
  void mergedValuesKeepTheirOwnPlace() {
    ConfigFiles.write(dir, "base.conf", "[solver]\nlr_policy = step\nmax_epochs = 2\n");
    Path main = ConfigFiles.write(dir, "main.conf", "include = base.conf\n" + ConfigFiles.MINIMAL.replace(
        "max_epochs = 1\n", ""));
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigFiles.load(main));
    assertEquals(dir.resolve("base.conf") + ":2", e.where(), "lr_policy was written in base.conf");
  }

  @Test
  void aCycleNamesTheChain() {
    ConfigFiles.write(dir, "a.conf", "include = b.conf\n");
    ConfigFiles.write(dir, "b.conf", "include = a.conf\n");
    Path main = ConfigFiles.write(dir, "main.conf", "include = a.conf\n" + ConfigFiles.MINIMAL);
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigFiles.load(main));
    assertEquals(dir.resolve("b.conf") + ":1: include cycle: " + dir.resolve("a.conf") + " -> "
        + dir.resolve("b.conf") + " -> " + dir.resolve("a.conf"), e.getMessage());
  }

  @Test
  void includingItselfIsACycle() {
    Path main = ConfigFiles.write(dir, "main.conf", "include = main.conf\n" + ConfigFiles.MINIMAL);
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigFiles.load(main));
    assertTrue(e.getMessage().endsWith("include cycle: " + main + " -> " + main), e.getMessage());
  }

  @Test
  void aMissingIncludeNamesTheLineAndTheFile() {
    Path main = ConfigFiles.write(dir, "sub/main.conf", "# header\ninclude = ../nowhere.conf\n" + ConfigFiles.MINIMAL);
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigFiles.load(main));
    assertEquals(main + ":2: no such included file '" + dir.resolve("nowhere.conf") + "'", e.getMessage());
  }

  @Test
  void aChainDeeperThanTheLimitIsRefusedNamingItsEnds() {
    int depth = ConfigFile.MAX_DEPTH + 8;
    for (int i = 1; i < depth; i++) ConfigFiles.write(dir, "c" + i + ".conf", "include = c" + (i + 1) + ".conf\n");
    ConfigFiles.write(dir, "c" + depth + ".conf", "");
    Path main = ConfigFiles.write(dir, "main.conf", "include = c1.conf\n" + ConfigFiles.MINIMAL);
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigFiles.load(main));
    assertEquals(dir.resolve("c" + (ConfigFile.MAX_DEPTH - 1) + ".conf") + ":1", e.where());
    assertTrue(e.getMessage().contains("nested more than " + ConfigFile.MAX_DEPTH + " deep: " + main + " -> "
        + dir.resolve("c1.conf") + " -> ... -> "), e.getMessage());
    assertTrue(e.getMessage().endsWith(dir.resolve("c" + ConfigFile.MAX_DEPTH + ".conf").toString()), e.getMessage());
  }

  @Test
  void aChainAtTheLimitIsRead() {
    for (int i = 1; i < ConfigFile.MAX_DEPTH - 1; i++) {
      ConfigFiles.write(dir, "c" + i + ".conf", "include = c" + (i + 1) + ".conf\n");
    }
    ConfigFiles.write(dir, "c" + (ConfigFile.MAX_DEPTH - 1) + ".conf", "[solver]\nbase_lr = 0.25\n");
    Path main = ConfigFiles.write(dir, "main.conf", "include = c1.conf\n" + ConfigFiles.MINIMAL);
    assertEquals(0.25, ConfigFiles.load(main).solver().real("base_lr"));
  }

  @Test
  void aByteOrderMarkIsSkipped() {
    ConfigFiles.write(dir, "base.conf", "\uFEFF[solver]\nbase_lr = 0.25\n");
    Path main = ConfigFiles.write(dir, "main.conf", "\uFEFFinclude = base.conf\n" + ConfigFiles.MINIMAL);
    assertEquals(0.25, ConfigFiles.load(main).solver().real("base_lr"));
  }
}
