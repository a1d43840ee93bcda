package dev.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through the command line, one row per mistake: each must end with exit status 2 and one
 * line on stderr that names the place (file:line, the override, or the file), never a stack trace,
 * and must not leave a run directory behind.
 */
class BadInputTest {
  private static final String GOOD = """
      [data]
      set = fashion-mnist
      dir = %s
      train_limit = 64
      test_limit = 50

      [solver]
      base_lr = 0.05
      max_iter = 1
      threads = 1

      [flatten]

      [fc]
      outputs = 10
      activation = none
      """;

  @TempDir Path tmp;

  /**
   * One mistake.
   *
   * @param args the command line; {@code CONF} stands for the config file, {@code OUT} for a run directory
   * @param config the config file's text ({@code %s} is the data folder)
   * @param place what the message must contain to name the place, and the problem
   */
  private record Case(String name, String config, List<String> args, String... place) {}

  private static String replace(String from, String to) {
    if (!GOOD.contains(from)) throw new IllegalArgumentException(from);
    return GOOD.replace(from, to);
  }

  private static List<Case> cases() {
    List<String> run = List.of("run", "CONF", "--out", "OUT");
    return List.of(
        new Case("unknown key", replace("base_lr = 0.05", "base_lrr = 0.05"), run,
            "bad.conf:8:", "unknown key 'base_lrr'", "did you mean 'base_lr'"),
        new Case("unknown section", replace("[solver]", "[solvr]"), run, "bad.conf:7:", "solvr",
            "did you mean 'solver'"),
        new Case("unknown activation", replace("activation = none", "activation = prelux"), run, "bad.conf:16:",
            "prelux", "did you mean 'prelu'"),
        new Case("bad number", replace("base_lr = 0.05", "base_lr = 0.o5"), run, "bad.conf:8:", "0.o5"),
        new Case("out of range", replace("base_lr = 0.05", "momentum = 1.5"), run, "bad.conf:8:", "momentum", "1.5"),
        new Case("missing config file", GOOD, List.of("run", "no-such.conf", "--out", "OUT"), "no-such.conf"),
        new Case("include cycle", "include = cycle.conf\n" + GOOD, run, "bad.conf", "cycle.conf", "cycle"),
        new Case("override of an unknown key", GOOD, List.of("run", "CONF", "--out", "OUT", "solver.base_lrr=1"),
            "override 'solver.base_lrr=1'", "did you mean 'base_lr'"),
        new Case("override without '='", GOOD, List.of("run", "CONF", "--out", "OUT", "solver.base_lr"),
            "override 'solver.base_lr'"),
        new Case("override out of range", GOOD, List.of("run", "CONF", "--out", "OUT", "data.validation=0.95"),
            "override 'data.validation=0.95'"),
        new Case("missing data folder", replace("dir = %s", "dir = %s/missing"), run, "missing"),
        new Case("truncated data file", replace("dir = %s", "dir = TRUNCATED"), run, "train-images-idx3-ubyte.gz"),
        new Case("unknown subcommand", GOOD, List.of("trian", "CONF"), "'trian'"),
        new Case("unknown option", GOOD, List.of("run", "CONF", "--outt", "OUT"), "'--outt'", "trainer run --help"),
        new Case("unknown info topic", GOOD, List.of("info", "init"), "info", "did you mean 'inits'"),
        new Case("test without a checkpoint file", GOOD, List.of("test", "CONF", "--weights", "OUT/last.ckpt"),
            "OUT/last.ckpt"),
        new Case("test with a file that is not a checkpoint", GOOD, List.of("test", "CONF", "--weights", "CONF"),
            "bad.conf", "not a trainer checkpoint"));
  }

  @TestFactory
  Stream<DynamicTest> everyMistakeIsOneLineWithExitTwo() throws IOException {
    String data = Path.of("data", "fashion-mnist").toAbsolutePath().toString();
    Path truncated = truncatedCopy(Path.of("data", "fashion-mnist"));
    Files.writeString(tmp.resolve("cycle.conf"), "include = bad.conf\n");
    return cases().stream().map(c -> dynamicTest(c.name(), () -> {
      Path conf = tmp.resolve("bad.conf");
      Path out = tmp.resolve("out");
      Files.writeString(conf, c.config().replace("TRUNCATED", truncated.toString()).formatted(data));
      Function<String, String> fill = a -> a.replace("CONF", conf.toString()).replace("OUT", out.toString());
      Cli.Result r = Cli.run(c.args().stream().map(fill).toArray(String[]::new));
      assertEquals(2, r.status(), r.describe());
      assertEquals(1, r.err().lines().count(), r.describe());
      assertTrue(r.err().startsWith("error: "), r.describe());
      for (String p : c.place()) assertTrue(r.err().contains(fill.apply(p)), "'" + p + "' in " + r.err());
      assertFalse(r.err().contains("at dev."), r.err());
      assertFalse(Files.exists(out), "no run directory is left behind");
    }));
  }

  /** The shipped Fashion-MNIST subset with the training images cut to half their bytes. */
  private Path truncatedCopy(Path source) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("truncated"));
    try (Stream<Path> files = Files.list(source)) {
      files.forEach(f -> {
        try {
          Files.copy(f, dir.resolve(f.getFileName()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    Path images = dir.resolve("train-images-idx3-ubyte.gz");
    try (FileChannel ch = FileChannel.open(images, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() / 2);
    }
    return dir;
  }
}
