package dev.trainer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverrideTest {
  @TempDir Path dir;

  private static final String NET = ConfigFiles.MINIMAL.replace("[fc]", """
      [net]
      activation = prelu
      [conv]
      filters = 8
      size = 3
      [conv]
      name = mid
      filters = 8
      size = 3
      activation = relu
      [fc]""");

  @Test
  void overridesASectionKey() {
    Config c = ConfigFiles.parse(dir, NET, "solver.base_lr=0.05", "data.mirror=true");
    assertEquals(0.05, c.solver().real("base_lr"));
    assertTrue(c.data().bool("mirror"));
    assertEquals(List.of("solver.base_lr=0.05", "data.mirror=true"), c.overrides());
  }

  @Test
  void netOverridesReachLayersWithoutTheirOwnValue() {
    Config c = ConfigFiles.parse(dir, NET, "net.activation=elu", "net.elu.alpha=0.5", "net.init=xavier");
    assertEquals("elu", c.layer("conv1").activation().orElseThrow().type());
    assertEquals(0.5, c.layer("conv1").activation().orElseThrow().settings().real("alpha"));
    assertEquals("relu", c.layer("mid").activation().orElseThrow().type(), "the layer's own key wins");
    assertEquals("xavier", c.layer("mid").init().orElseThrow().type());
  }

  @Test
  void overridesALayerByName() {
    Config c = ConfigFiles.parse(dir, NET, "conv1.filters=96", "mid.stride=2", "mid.init.fan=out",
        "conv1.prelu.init=0.5");
    assertEquals(96, c.layer("conv1").integer("filters"));
    assertEquals(8, c.layer("mid").integer("filters"));
    assertEquals(2, c.layer("mid").integer("stride"));
    assertEquals("out", c.layer("mid").init().orElseThrow().settings().string("fan"));
    assertEquals(0.5, c.layer("conv1").activation().orElseThrow().settings().real("init"));
  }

  @Test
  void createsASectionTheFileDoesNotHave() {
    Config c = ConfigFiles.parse(dir, ConfigFiles.MINIMAL + "[fc]\noutputs = 3\n", "net.activation=elu");
    assertEquals("elu", c.layer("fc2").activation().orElseThrow().type());
  }

  @Test
  void theLastOverrideWins() {
    Config c = ConfigFiles.parse(dir, NET, "solver.base_lr=0.05", "solver.base_lr=0.2");
    assertEquals(0.2, c.solver().real("base_lr"));
  }

  @Test
  void anOverriddenValueIsReportedAtTheOverride() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigFiles.parse(dir, NET, "solver.lr_policy=step"));
    assertEquals("override 'solver.lr_policy=step': lr_policy step needs stepsize > 0", e.getMessage());
  }

  @Test
  void anUnknownKeyIsAnError() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigFiles.parse(dir, NET, "conv1.filter=96"));
    assertEquals("override 'conv1.filter=96': unknown key 'filter' (did you mean 'filters'?)", e.getMessage());
  }

  @Test
  void anUnknownLayerNameListsTheKnownOnes() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigFiles.parse(dir, NET, "conv3.filters=96"));
    assertEquals("override 'conv3.filters=96': no section or layer named 'conv3' (did you mean 'conv1'?); "
        + "known: data, solver, net, conv1, mid, fc1", e.getMessage());
  }

  @Test
  void aLayerCannotBeRenamed() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigFiles.parse(dir, NET, "mid.name=x"));
    assertTrue(e.getMessage().contains("cannot be overridden"), e.getMessage());
  }
}
