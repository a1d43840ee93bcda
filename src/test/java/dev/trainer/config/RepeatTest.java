package dev.trainer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepeatTest {
  @TempDir Path dir;

  private static final String PLAIN = ConfigFiles.MINIMAL.replace("[fc]", """
      [conv]
      filters = 16
      size = 3
      [conv]
      name = block
      repeat = 3
      filters = 16
      size = 3
      pad = 1
      [conv]
      repeat = 2
      filters = 32
      size = 1
      [fc]""");

  private static List<String> names(Config c) {
    return c.layers().stream().map(LayerSpec::name).toList();
  }

  @Test
  void expandsSectionsInOrder() {
    Config c = ConfigFiles.parse(dir, PLAIN);
    assertEquals(List.of("conv1", "block_1", "block_2", "block_3", "conv5", "conv6", "fc1"), names(c),
        "named copies get _i; unnamed copies take the next default names");
    assertEquals(1, c.layer("block_3").integer("pad"));
    assertEquals(32, c.layer("conv6").integer("filters"));
    assertTrue(c.layers().stream().allMatch(l -> l.where().startsWith(dir.toString())));
  }

  @Test
  void aNamedSectionsRepeatCanBeOverridden() {
    Config c = ConfigFiles.parse(dir, PLAIN, "block.repeat=30", "block.filters=8", "block_2.filters=4");
    assertEquals(1 + 30 + 2 + 1, c.layers().size());
    assertEquals("block_30", c.layers().get(30).name());
    assertEquals(8, c.layer("block_1").integer("filters"), "the section override reaches every copy");
    assertEquals(4, c.layer("block_2").integer("filters"), "a copy's override reaches only that copy");
  }

  @Test
  void repeatOneKeepsTheName() {
    Config c = ConfigFiles.parse(dir, PLAIN, "block.repeat=1");
    assertEquals(List.of("conv1", "block", "conv3", "conv4", "fc1"), names(c));
  }

  @Test
  void repeatMustBePositive() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigFiles.parse(dir, PLAIN.replace(
        "repeat = 3", "repeat = 0")));
    assertEquals(dir.resolve("test.conf") + ":10: repeat: 0 is out of range (int in [1, 10000])", e.getMessage());
  }

  @Test
  void copiesMustNotCollideWithOtherNames() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigFiles.parse(dir, PLAIN.replace(
        "[fc]", "[fc]\nname = block_2\n[fc]")));
    assertTrue(e.getMessage().contains("duplicate layer name 'block_2'"), e.getMessage());
  }

  @Test
  void theResolvedConfigIsExpanded() {
    Config c = ConfigFiles.parse(dir, PLAIN);
    String text = c.resolved();
    assertTrue(text.contains("name = block_2\n"), text);
    assertTrue(!text.contains("repeat"), text);
    Config again = ConfigFiles.load(ConfigFiles.write(dir, "resolved.conf", text));
    assertEquals(names(c), names(again));
  }
}
