package dev.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.activation.ActivationType;
import dev.trainer.activation.Activations;
import dev.trainer.config.Option;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class InfoAndGradcheckCommandTest {

  /** Runs the CLI with stdout and stderr captured; returns {exit status, stdout, stderr}. */
  static Object[] run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int status = Main.execute(args);
      return new Object[] {status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void infoActivationsListsEveryRegisteredNameAndOption() {
    Object[] r = run("info", "activations");
    assertEquals(0, r[0]);
    List<String> lines = ((String) r[1]).lines().toList();
    for (ActivationType t : Activations.all()) {
      assertTrue(lines.contains(t.name()), t.name());
      for (Option o : t.options()) {
        assertTrue(lines.stream().anyMatch(l -> l.trim().startsWith(t.name() + "." + o.key() + " ")
            && l.contains(o.describeType()) && l.contains(o.doc())), t.name() + "." + o.key());
      }
    }
  }

  @Test
  void infoUnknownTopicIsAUsageError() {
    Object[] r = run("info", "activation");
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("did you mean 'activations'"), (String) r[2]);
  }

  @Test
  void gradcheckOneActivationPrintsRowsAndSucceeds() {
    Object[] r = run("gradcheck", "--activation", "mpelu", "--shared");
    assertEquals(0, r[0], (String) r[1]);
    String out = (String) r[1];
    assertTrue(out.contains("mpelu") && out.contains("alpha") && out.contains("beta") && out.contains("shared"), out);
    assertTrue(out.contains("12 checks, 0 failed"), out);
  }

  @Test
  void gradcheckUnknownActivationExitsWithTwoAndSuggests() {
    Object[] r = run("gradcheck", "--activation", "mplu");
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("did you mean 'mpelu'"), (String) r[2]);
  }
}
