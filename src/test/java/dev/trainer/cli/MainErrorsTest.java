package dev.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The top level: whatever escapes a command is one line and exit status 1; --debug adds the trace. */
class MainErrorsTest {
  private static String report(Throwable t, boolean debug, int[] status) {
    StringWriter s = new StringWriter();
    status[0] = Main.internalError(t, "trainer run", debug, new PrintWriter(s));
    return s.toString();
  }

  @Test
  void errorsOfTheJvmAreOneLineNamingTheCommand() {
    int[] status = new int[1];
    for (Throwable t : new Throwable[] {new OutOfMemoryError("Java heap space"), new StackOverflowError(),
        new IllegalStateException("a bug\non two lines")}) {
      String err = report(t, false, status);
      assertEquals(1, status[0]);
      assertEquals(1, err.lines().count(), err);
      assertTrue(err.startsWith("error: trainer run: "), err);
      assertFalse(err.contains("\tat "), err);
      assertTrue(err.contains("--debug or TRAINER_DEBUG=1"), err);
    }
    assertTrue(report(new OutOfMemoryError("Java heap space"), false, status).contains("max heap is "));
  }

  @Test
  void debugPrintsTheTrace() {
    int[] status = new int[1];
    String err = report(new IllegalStateException("a bug"), true, status);
    assertTrue(err.lines().count() > 1, err);
    assertTrue(err.contains("\tat dev.trainer.cli.MainErrorsTest"), err);
  }

  @Test
  void debugOptionShowsTheTraceOfAUserErrorToo() {
    Cli.Result plain = Cli.run("run", "no-such.conf");
    assertEquals(2, plain.status());
    assertEquals(1, plain.err().lines().count(), plain.describe());
    Cli.Result debug = Cli.run("--debug", "run", "no-such.conf");
    assertEquals(2, debug.status(), debug.describe());
    assertTrue(debug.err().startsWith(plain.err()), debug.describe());
    assertTrue(debug.err().contains("\tat dev.trainer.config"), debug.describe());
    Cli.Result after = Cli.run("run", "no-such.conf", "--debug");
    assertTrue(after.err().contains("\tat dev.trainer.config"), "--debug after the subcommand: " + after.describe());
  }
}
