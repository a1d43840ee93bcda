package dev.trainer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad input gives one ConfigException whose message starts with its place. */
class BadConfigTest {
  @TempDir Path dir;

  /**
   * @param files file name to content; test.conf is loaded
   * @param where the expected end of the place (file:line relative to the temp dir, or the override)
   * @param says a fragment the message must contain
   */
  record Case(String label, Map<String, String> files, List<String> overrides, String where, String says) {
    @Override
    public String toString() {
      return label;
    }
  }

  private static final String M = ConfigFiles.MINIMAL; // 7 lines: [data] set [solver] max_epochs [fc] outputs activation

  private static Case file(String label, String text, String where, String says) {
    return new Case(label, Map.of("test.conf", text), List.of(), where, says);
  }

  private static Case override(String label, String override, String says) {
    return new Case(label, Map.of("test.conf", M), List.of(override), "override '" + override + "'", says);
  }

  static Stream<Case> cases() {
    return Stream.of(
        file("unknown section", M + "[convv]\n", "test.conf:8", "unknown section [convv] (did you mean 'conv'?)"),
        file("near-miss key", M.replace("max_epochs = 1", "max_epochs = 1\nbase_lrr = 0.1"), "test.conf:5",
            "unknown key 'base_lrr' (did you mean 'base_lr'?)"),
        file("unknown key", M + "[maxpool]\nkernel = 2\n", "test.conf:9", "unknown key 'kernel'"),
        file("unknown activation", M + "[fc]\noutputs = 3\nactivation = prleu\n", "test.conf:10",
            "'prleu' is not one of none, relu, prelu, elu (did you mean 'prelu'?)"),
        file("unknown activation layer", M + "[activation]\ntype = eluu\n", "test.conf:9", "did you mean 'elu'?"),
        file("unknown activation key", M + "[net]\nprelu.initt = 0.1\n", "test.conf:9",
            "unknown key 'prelu.initt' (did you mean 'prelu.init'?)"),
        file("init key in a pooling layer", M + "[maxpool]\ninit.fan = in\n", "test.conf:9", "unknown key 'init.fan'"),
        file("unknown initializer", M + "[net]\ninit = msr\n", "test.conf:9", "did you mean 'msra'?"),
        file("bad number", M.replace("max_epochs = 1", "max_epochs = 1\nbase_lr = 0.1x"), "test.conf:5",
            "base_lr: expected a number, got '0.1x'"),
        file("bad integer", M.replace("outputs = 10", "outputs = 10.5"), "test.conf:6",
            "outputs: expected an integer, got '10.5'"),
        file("bad bool", M.replace("set = mnist", "set = mnist\nmirror = maybe"), "test.conf:3",
            "expected true or false"),
        file("bad choice", M.replace("max_epochs = 1", "max_epochs = 1\nlr_policy = stepp"), "test.conf:5",
            "did you mean 'step'?"),
        file("out of range", M.replace("max_epochs = 1", "max_epochs = 1\nmomentum = 1.5"), "test.conf:5",
            "momentum: 1.5 is out of range (real in [0, 1])"),
        file("out of range in a list", M.replace("max_epochs = 1", "max_epochs = 1\nstepvalue = 10, -5"),
            "test.conf:5", "stepvalue: -5 is out of range"),
        file("activation option out of range", M + "[fc]\noutputs = 3\nprelu.init = 2\n", "test.conf:10",
            "init: 2 is out of range"),
        new Case("missing file", Map.of(), List.of(), "test.conf", "no such config file"),
        new Case("missing include", Map.of("test.conf", "include = base.conf\n" + M), List.of(), "test.conf:1",
            "no such included file"),
        new Case("include cycle", Map.of("test.conf", "include = a.conf\n" + M, "a.conf", "include = b.conf\n",
            "b.conf", "\ninclude = a.conf\n"), List.of(), "b.conf:2", "include cycle: "),
        file("duplicate [solver]", M + "[solver]\nbase_lr = 1\n", "test.conf:8",
            "duplicate section [solver] (first at "),
        file("duplicate key", M.replace("outputs = 10", "outputs = 10\noutputs = 20"), "test.conf:7",
            "key 'outputs' is already set at "),
        file("line without '='", M.replace("max_epochs = 1", "max_epochs 1"), "test.conf:4",
            "expected 'key = value' or '[section]', got 'max_epochs 1'"),
        file("empty key", M + "= 3\n", "test.conf:8", "expected 'key = value'"),
        file("malformed header", M + "[conv\n", "test.conf:8", "malformed section header '[conv'"),
        file("key outside a section", "base_lr = 1\n" + M, "test.conf:1", "key 'base_lr' is outside a section"),
        file("include inside a section", M + "include = x.conf\n", "test.conf:8",
            "include must come before the first section"),
        file("missing required key", M + "\n[conv]\nsize = 3\n", "test.conf:9",
            "missing required key 'filters' in [conv] conv1"),
        file("missing data set", M.replace("set = mnist", ""), "test.conf:1", "missing required key 'set' in [data]"),
        file("no layers", "[data]\nset = mnist\n[solver]\nmax_iter = 5\n", "test.conf", "no layers"),
        file("max_iter and max_epochs", M.replace("max_epochs = 1", "max_epochs = 1\nmax_iter = 9"), "test.conf:5",
            "set only one of max_iter and max_epochs"),
        file("neither max_iter nor max_epochs", M.replace("max_epochs = 1", "base_lr = 1"), "test.conf:3",
            "set max_iter or max_epochs"),
        file("step without stepsize", M.replace("max_epochs = 1", "max_epochs = 1\nlr_policy = step"), "test.conf:5",
            "lr_policy step needs stepsize > 0"),
        file("multistep not increasing", M.replace("max_epochs = 1", "max_epochs = 1\nlr_policy = multistep\n"
            + "stepvalue = 5, 5"), "test.conf:6", "stepvalue must be increasing"),
        file("bad layer name", M + "[fc]\nname = fc.a\noutputs = 2\n", "test.conf:9", "bad layer name 'fc.a'"),
        file("duplicate layer name", M + "[fc]\nname = fc1\noutputs = 2\n", "test.conf:8",
            "duplicate layer name 'fc1' (also used at "),
        override("override of an unknown key", "solver.base_lrr=0.05", "unknown key 'base_lrr' (did you mean 'base_lr'?)"),
        override("override of an unknown layer key", "fc1.filters=3", "unknown key 'filters'"),
        override("override of an unknown layer", "fc2.outputs=3", "no section or layer named 'fc2' (did you mean 'fc1'?)"),
        override("override without '='", "solver.base_lr", "expected section.key=value"),
        override("override without a section", "base_lr=0.1", "expected section.key=value"),
        override("override with a bad value", "fc1.outputs=ten", "outputs: expected an integer, got 'ten'"),
        override("override out of range", "solver.momentum=-1", "momentum: -1 is out of range"),
        override("override of an unnamed section's repeat", "fc1.repeat=3", "'repeat' can only be overridden"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void failsWithItsPlace(Case c) {
    c.files().forEach((name, text) -> ConfigFiles.write(dir, name, text));
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigFiles.load(dir.resolve("test.conf"), c.overrides().toArray(String[]::new)));
    String where = c.where().startsWith("override") ? c.where() : dir.resolve(c.where()).toString();
    assertEquals(where, e.where(), e.getMessage());
    assertTrue(e.getMessage().startsWith(where + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(c.says()), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    assertEquals(2, e.exitCode());
  }
}
