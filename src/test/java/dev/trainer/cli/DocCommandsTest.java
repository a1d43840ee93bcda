package dev.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ./trainer} command in a {@code ```sh} block of README.md and docs/*.md works as
 * written: it is run in-process through {@link Main#execute} (what the launcher runs) and must
 * exit with status 0. The rules:
 *
 * <ul>
 *   <li>A command is a line of a {@code ```sh} block that starts with {@code ./trainer}; a trailing
 *       {@code # comment} is dropped and words are split as the shell would (quotes kept
 *       together). Other lines ({@code mvn}, {@code apt-get}) are not trainer commands.
 *   <li>Commands run in order, file by file, so a later one may use what an earlier one wrote.
 *       Runs write to a temporary folder: an {@code --out DIR} is moved under it and a
 *       {@code run} without {@code --out} gets one; {@code run} also gets
 *       {@code data.train_limit=256 data.test_limit=200} so that documented runs take seconds.
 *   <li>A block after the line {@code <!-- docs-test: skip REASON -->} is expensive (full data
 *       sets, long training, benchmarks). Its commands are checked with {@code --help} appended:
 *       the subcommand and every option must exist, and every {@code .conf} file named must exist.
 * </ul>
 */
class DocCommandsTest {
  private static final Pattern SKIP = Pattern.compile("<!--\\s*docs-test:\\s*skip\\s+(\\S.*?)\\s*-->");

  @TempDir Path tmp;

  /** One documented command and where it is written. */
  record Command(String where, List<String> words, boolean skip) {}

  @Test
  void everyDocumentedCommandWorks() throws IOException {
    List<Command> commands = new ArrayList<>();
    for (Path doc : docs()) commands.addAll(commands(doc));
    int ran = 0;
    int checked = 0;
    int n = 0;
    for (Command c : commands) {
      List<String> args = new ArrayList<>(c.words().subList(1, c.words().size()));
      if (c.skip()) {
        for (String a : args) {
          if (a.endsWith(".conf")) assertTrue(Files.isRegularFile(Path.of(a)), c.where() + ": no file " + a);
        }
        args.add("--help");
        checked++;
      } else {
        cheapen(args, n++);
        ran++;
      }
      Cli.Result r = Cli.run(args.toArray(String[]::new));
      assertEquals(0, r.status(), c.where() + ": " + String.join(" ", c.words()) + "\nran as " + args + "\n" + r.describe());
    }
    // A parser that found nothing would pass vacuously.
    assertTrue(ran >= 10, "ran only " + ran + " documented commands");
    assertTrue(checked >= 5, "checked only " + checked + " skipped commands");
  }

  @Test
  void extractionFollowsTheRules() throws IOException {
    Path md = Files.writeString(tmp.resolve("x.md"), """
        text ./trainer not a command
        ```sh
        ./trainer info keys   # a comment
        mvn -B test
          ./trainer run 'a b.conf' x=1 \\
            y=2
        ```
        <!-- docs-test: skip needs full CIFAR-10 -->
        ```sh
        ./trainer sweep configs/sweeps/tiny.conf
        ```
        ```
        ./trainer not sh
        ```
        """);
    List<Command> c = commands(md);
    assertEquals(3, c.size(), c.toString());
    assertEquals(List.of("./trainer", "info", "keys"), c.get(0).words());
    assertEquals(List.of("./trainer", "run", "a b.conf", "x=1", "y=2"), c.get(1).words());
    assertEquals(md + ":5", c.get(1).where());
    assertTrue(c.get(2).skip() && !c.get(0).skip());
  }

  private static List<Path> docs() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> s = Files.list(Path.of("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  static List<Command> commands(Path doc) throws IOException {
    List<String> lines = Files.readAllLines(doc);
    List<Command> out = new ArrayList<>();
    boolean inSh = false;
    boolean inOther = false;
    boolean skip = false;
    for (int i = 0; i < lines.size(); i++) {
      String t = lines.get(i).strip();
      if (!inSh && !inOther && t.startsWith("```")) {
        inSh = t.equals("```sh");
        inOther = !inSh;
        skip = inSh && i > 0 && SKIP.matcher(lines.get(i - 1)).find();
        continue;
      }
      if ((inSh || inOther) && t.equals("```")) {
        inSh = inOther = false;
        continue;
      }
      if (!inSh || !t.startsWith("./trainer ")) continue;
      int first = i;
      StringBuilder cmd = new StringBuilder();
      while (t.endsWith("\\") && i + 1 < lines.size()) {
        cmd.append(t, 0, t.length() - 1).append(' ');
        t = lines.get(++i).strip();
      }
      cmd.append(t);
      out.add(new Command(doc + ":" + (first + 1), words(cmd.toString()), skip));
    }
    return out;
  }

  /** Shell-like words: whitespace splits, quotes group, an unquoted # starts a comment. */
  static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    Matcher m = Pattern.compile("'([^']*)'|\"([^\"]*)\"|(#.*)|(\\S+)").matcher(line);
    while (m.find()) {
      if (m.group(3) != null) break;
      words.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(4));
    }
    return words;
  }

  /**
   * Runs write under the temporary folder (an {@code --out DIR} and any other path under
   * {@code runs/}, such as an exported file); {@code run}s use a few hundred examples.
   */
  private void cheapen(List<String> args, int n) {
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).startsWith("runs/") || i > 0 && args.get(i - 1).equals("--out")) {
        args.set(i, tmp.resolve(args.get(i)).toString());
      }
    }
    if (!args.contains("--out") && List.of("run", "sweep").contains(args.get(0))) {
      args.add("--out");
      args.add(tmp.resolve("out-" + n).toString());
    }
    if (args.get(0).equals("run")) {
      args.add("data.train_limit=256");
      args.add("data.test_limit=200");
    }
  }
}
