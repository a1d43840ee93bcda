package dev.trainer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolvedConfigTest {
  @TempDir Path dir;

  /** The resolved text without its header comment (which names the sources). */
  private static String body(String resolved) {
    return resolved.lines().filter(l -> !l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
  }

  private void assertRoundTrip(Config c) {
    String text = c.resolved();
    Config again = ConfigFiles.load(ConfigFiles.write(dir, "resolved.conf", text));
    assertEquals(body(text), body(again.resolved()));
    assertEquals(c.layers().size(), again.layers().size());
  }

  @Test
  void aFullExampleRoundTrips() {
    assertRoundTrip(ConfigFiles.parse(dir, ConfigTest.FULL));
  }

  @Test
  void includesAndOverridesRoundTrip() {
    ConfigFiles.write(dir, "base.conf", "[net]\nactivation = elu\nprelu.init = 0.1\ninit = gaussian\n");
    Path main = ConfigFiles.write(dir, "main.conf", "include = base.conf\n" + ConfigFiles.MINIMAL
        + "[conv]\nfilters = 4\nsize = 3\nactivation = prelu\n");
    Config c = ConfigFiles.load(main, "solver.base_lr=0.3", "net.init.std=0.02");
    String text = c.resolved();
    assertTrue(text.startsWith("# Resolved config"), text);
    assertTrue(text.contains("# source: " + main + "\n# source: " + dir.resolve("base.conf") + "\n"), text);
    assertTrue(text.contains("# override: solver.base_lr=0.3\n"), text);
    assertTrue(text.contains("\nbase_lr = 0.3\n"), text);
    assertTrue(text.contains("[net]\nactivation = elu\ninit = gaussian\nbatchnorm = false\nbatchnorm_stats = ema\nbias_lr_mult = 1\nbias_decay_mult = 1\nresidual = true\n"
        + "init.std = 0.02\ninit.mean = 0\nprelu.init = 0.1\nelu.alpha = 1\n"), text);
    assertRoundTrip(c);
  }

  @Test
  void everyKeyIsWrittenWithItsEffectiveValue() {
    Config c = ConfigFiles.parse(dir, ConfigFiles.MINIMAL + "[conv]\nfilters = 4\nsize = 3\n");
    String text = c.resolved();
    for (Option o : ConfigFiles.schema().data()) assertTrue(text.contains("\n" + o.key() + " ="), o.key());
    for (Option o : ConfigFiles.schema().solver()) assertTrue(text.contains("\n" + o.key() + " ="), o.key());
    assertTrue(text.contains("\ndir = data/mnist\n"), text);
    assertTrue(text.contains("\nstepvalue =\n"), text);
    assertTrue(text.contains("""
        [conv]
        name = conv1
        filters = 4
        size = 3
        stride = 1
        pad = 0
        activation = relu
        init = msra
        batchnorm = false
        batchnorm_stats = ema
        lr_mult = 1
        decay_mult = 1
        bias_lr_mult = 1
        bias_decay_mult = 1
        init.fan = in
        """), text);
    assertRoundTrip(c);
  }

  @Test
  void realsAreWrittenAsPlainDecimalsThatReadBack() {
    assertEquals("0.0005", Option.format(5e-4));
    assertEquals("0.00001", Option.format(1e-5));
    assertEquals("-2.5", Option.format(-2.5));
    assertEquals("120000", Option.format(1.2e5));
    for (double v : new double[] {5e-4, 1e-5, 0.1, 1.0 / 3, 123.456, 1e-12}) {
      assertEquals(v, Double.parseDouble(Option.format(v)));
    }
  }

  @Test
  void theQuickstartRoundTrips() {
    Config c = Config.load(Path.of("configs/quickstart.conf"), List.of("net.activation=relu"));
    Path file = ConfigFiles.write(dir, "q.conf", c.resolved());
    assertEquals(body(c.resolved()), body(Config.load(file, List.of()).resolved()));
  }
}
