package dev.trainer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.cli.Cli;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The activation bench's rows, in-process and forked (tiny sizes: this checks the output, not speed). */
class ActivationBenchTest {
  private static final String ROW = "%s +\\d+\\.\\d +\\d+\\.\\d%% +\\d+\\.\\d \\(\\d+\\.\\d, \\d+\\.\\d\\)";

  private static List<String> rows(String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("bench", "activations", "--batch", "2", "--size", "4",
        "--channels", "8", "--repeats", "1", "--warmup", "0"));
    args.addAll(List.of(extra));
    Cli.Result r = Cli.run(args.toArray(String[]::new));
    assertEquals(0, r.status(), r.describe());
    return r.out().lines().skip(2).toList();
  }

  @Test
  void inProcessPrintsOneRowPerActivation() {
    List<String> rows = rows("--no-fork", "--activation", "relu,mpelu");
    assertEquals(2, rows.size(), String.join("\n", rows));
    assertTrue(rows.get(0).matches(String.format(ROW, "relu")), rows.get(0));
    assertTrue(rows.get(1).matches(String.format(ROW, "mpelu")), rows.get(1));
  }

  @Test
  void forkedRunsEachActivationInItsOwnJvm() {
    List<String> rows = rows("--activation", "prelu,elu");
    assertEquals(2, rows.size(), String.join("\n", rows));
    assertTrue(rows.get(1).matches(String.format(ROW, "elu")), rows.get(1));
  }

  @Test
  void anUnknownActivationIsAOneLineError() {
    Cli.Result r = Cli.run("bench", "activations", "--activation", "rellu");
    assertEquals(2, r.status(), r.describe());
    assertTrue(r.err().contains("rellu") && r.err().contains("relu"), r.err());
  }
}
