package dev.trainer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.UserError;
import dev.trainer.tensor.Parallel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ModelsBenchTest {

  private static Object[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ModelsBench());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler((e, c, parsed) -> {
      if (!(e instanceof UserError u)) throw e;
      c.getErr().println("error: " + u.getMessage());
      return u.exitCode();
    });
    int status = cli.execute(args);
    return new Object[] {status, out.toString(), err.toString()};
  }

  @Test
  void csvHasOneJavaRowPerModelAndThreadCount() {
    String threads = String.valueOf(Parallel.threads());
    Object[] r = run("--models", "mlp", "-n", "2", "--warmup", "0", "--threads", threads, "--csv");
    assertEquals(0, r[0], (String) r[2]);
    List<String> lines = ((String) r[1]).lines().toList();
    assertEquals("model,threads,impl,images_per_second", lines.get(0));
    assertTrue(lines.get(1).matches("mlp," + threads + ",java,\\d+\\.\\d\\d"), lines.get(1));
    assertTrue(lines.size() == 2 || lines.get(2).startsWith("mlp," + threads + ",pytorch,"), (String) r[1]);
  }

  @Test
  void layersPrintsThePerLayerTableOfEveryModel() {
    Object[] r = run("--models", "mlp", "-n", "2", "--warmup", "0", "--threads", "1", "--layers");
    assertEquals(0, r[0], (String) r[2]);
    String out = (String) r[1];
    assertTrue(out.contains("mlp, 1 threads, layer by layer:"), out);
    assertTrue(out.indexOf("mlp              1 ") < out.indexOf("layer by layer"), "the model's row, then its table");
    assertTrue(out.lines().anyMatch(l -> l.matches("fc1 +128x256 .*")), out);
    assertTrue(out.lines().anyMatch(l -> l.startsWith("step: ")), out);
    r = run("--models", "mlp", "--layers", "--csv");
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("--layers"), (String) r[2]);
  }

  @Test
  void unknownModelAndMissingConfigsFolderAreNamed() {
    Object[] r = run("--models", "resnet");
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("no model 'resnet'"), (String) r[2]);
    r = run("--models", "mlp", "--configs", "no/such/folder");
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("no/such/folder/mlp.conf"), (String) r[2]);
  }

  @Test
  void everyWorkloadsConfigIsInConfigs() {
    for (ModelsBench.Workload w : ModelsBench.WORKLOADS) {
      assertTrue(java.nio.file.Files.isRegularFile(java.nio.file.Path.of("configs", w.config())), w.config());
    }
  }
}
