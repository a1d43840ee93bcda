package dev.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus in {@code src/test/resources/bad-input/cases.txt}: every mistake, run through
 * the command line in-process, ends with its exit status and one line on stderr that names the
 * place and the problem, never an exception's name or a stack trace, and leaves no run directory.
 */
class BadInputCorpusTest {
  private static final Path CORPUS = Path.of("src", "test", "resources", "bad-input");

  @TempDir Path tmp;

  /** One line of cases.txt. */
  private record Case(String name, int status, List<String> fragments, List<String> args) {
    static Case parse(String line) {
      String[] f = line.split("\\|");
      if (f.length != 4) throw new IllegalArgumentException("cases.txt: expected 4 columns in: " + line);
      return new Case(f[0].trim(), Integer.parseInt(f[1].trim()),
          Arrays.stream(f[2].split("&&")).map(String::trim).toList(), List.of(f[3].trim().split("\\s+")));
    }
  }

  @TestFactory
  Stream<DynamicTest> everyMistakeIsOneLineWithItsStatus() throws IOException {
    Path dir = copyCorpus();
    List<Case> cases = Files.readAllLines(CORPUS.resolve("cases.txt"), StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#")).map(Case::parse).toList();
    assertTrue(cases.size() >= 30, "the corpus has " + cases.size() + " cases");
    return cases.stream().map(c -> dynamicTest(c.name(), () -> {
      Path out = Files.createTempDirectory(tmp, "case").resolve("out"); // its own, so one case cannot spoil the next
      String[] args = c.args().stream()
          .map(a -> a.equals("%out") ? out.toString() : a.startsWith("%") ? dir.resolve(a.substring(1)).toString() : a)
          .toArray(String[]::new);
      Cli.Result r = Cli.run(args);
      assertEquals(c.status(), r.status(), r.describe());
      assertEquals(1, r.err().lines().count(), "one line on stderr: " + r.describe());
      assertTrue(r.err().startsWith("error: "), r.describe());
      for (String p : c.fragments()) {
        String fragment = p.replace("%", dir + "/");
        assertTrue(r.err().contains(fragment), "'" + fragment + "' in " + r.err());
      }
      assertFalse(r.err().contains("Exception"), "no exception's name: " + r.err());
      assertFalse(r.err().contains("at dev.trainer"), "no stack trace: " + r.err());
      assertFalse(Files.exists(out), "no run directory is left behind");
    }));
  }

  /** The corpus folder in a temporary folder, with @DATA@ replaced by the shipped Fashion-MNIST subset. */
  private Path copyCorpus() throws IOException {
    String data = Path.of("data", "fashion-mnist").toAbsolutePath().toString();
    Path dir = tmp.resolve("corpus");
    try (Stream<Path> files = Files.walk(CORPUS)) {
      for (Path f : files.toList()) {
        Path to = dir.resolve(CORPUS.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else if (f.toString().endsWith(".conf")) {
          Files.writeString(to, Files.readString(f).replace("@DATA@", data));
        } else {
          Files.copy(f, to);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return dir;
  }
}
