package dev.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.activation.ActivationType;
import dev.trainer.activation.Activations;
import dev.trainer.config.Option;
import java.util.List;
import org.junit.jupiter.api.Test;

class InfoAndGradcheckCommandTest {

  @Test
  void infoActivationsListsEveryRegisteredNameAndOption() {
    Cli.Result r = Cli.run("info", "activations");
    assertEquals(0, r.status());
    List<String> lines = r.out().lines().toList();
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
    Cli.Result r = Cli.run("info", "activation");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("did you mean 'activations'"), r.err());
  }

  @Test
  void gradcheckOneActivationPrintsRowsAndSucceeds() {
    Cli.Result r = Cli.run("gradcheck", "--activation", "mpelu", "--shared");
    assertEquals(0, r.status(), r.out());
    String out = r.out();
    assertTrue(out.contains("mpelu") && out.contains("alpha") && out.contains("beta") && out.contains("shared"), out);
    assertTrue(out.contains("12 checks, 0 failed"), out);
  }

  @Test
  void gradcheckUnknownActivationExitsWithTwoAndSuggests() {
    Cli.Result r = Cli.run("gradcheck", "--activation", "mplu");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("did you mean 'mpelu'"), r.err());
  }
}
