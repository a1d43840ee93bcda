package dev.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HelpAndSuggestionTest {
  @Test
  void topLevelHelpListsEveryDescriptionWhole() {
    Cli.Result r = Cli.run("--help");
    assertEquals(0, r.status(), r.describe());
    String flat = r.out().replaceAll("\\s+", " ");
    // time's description has several sentences; picocli's default list showed only the first line.
    assertTrue(flat.contains("The last line is 'throughput: N images/s'."), r.out());
    assertTrue(flat.contains("plot Draw a PNG chart of runs or sweeps: curves, params or grid."), r.out());
    for (String line : r.out().split("\n")) {
      assertFalse(line.stripTrailing().endsWith(":") && line.startsWith("  "), "cut line: " + line);
    }
  }

  @Test
  void misspelledSubcommandGetsASuggestion() {
    Cli.Result r = Cli.run("rnu", "configs/quickstart.conf");
    assertEquals(2, r.status(), r.describe());
    assertEquals("error: unknown command 'rnu' (did you mean 'run'?); see 'trainer --help'\n", r.err());
    r = Cli.run("data", "inf", "data/fashion-mnist");
    assertEquals(2, r.status(), r.describe());
    assertTrue(r.err().startsWith("error: unknown command 'inf' (did you mean 'info'?)"), r.err());
    r = Cli.run("frobnicate");
    assertEquals(2, r.status(), r.describe());
    assertEquals("error: unknown command 'frobnicate'; see 'trainer --help'\n", r.err());
  }
}
