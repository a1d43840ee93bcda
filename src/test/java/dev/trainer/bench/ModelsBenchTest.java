package dev.trainer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.UserError;
import dev.trainer.config.Config;
import dev.trainer.layer.Conv2d;
import dev.trainer.layer.Net;
import dev.trainer.tensor.Parallel;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.train.NetBuilder;
import dev.trainer.train.SyntheticData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ModelsBenchTest {

  private static Object[] run(String... args) {
    return run(null, args);
  }

  /** Runs the command; {@code torches} replaces the PyTorch builds found on the machine. */
  private static Object[] run(List<TorchRunner> torches, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ModelsBench bench = new ModelsBench();
    bench.torches = torches;
    CommandLine cli = new CommandLine(bench);
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

  /** A stand-in PyTorch: a shell printing what a real runner prints, plus a warning line. */
  private static TorchRunner fake(String label, int threads, String seconds) {
    return new TorchRunner(null) {
      @Override
      String name() {
        return "fake";
      }

      @Override
      List<String> command(Job job) {
        return List.of("sh", "-c", "echo 'WARNING: a library talks'; echo 'label " + label + "'; echo 'threads "
            + threads + "'; echo 'note composed of ops'; echo 'step_seconds " + seconds + "'");
      }
    };
  }

  @Test
  void csvHasOneTrainerRowPerModelAndThreadCount() {
    String threads = String.valueOf(Parallel.threads());
    Object[] r = run("--models", "mlp", "-n", "2", "--warmup", "0", "--threads", threads, "--csv", "--no-pytorch");
    assertEquals(0, r[0], (String) r[2]);
    List<String> lines = ((String) r[1]).lines().toList();
    assertEquals("model,threads,impl,images_per_second", lines.get(0));
    assertTrue(lines.get(1).matches("mlp," + threads + ",trainer,\\d+\\.\\d\\d"), lines.get(1));
    assertEquals(2, lines.size(), (String) r[1]);
  }

  @Test
  void everyPyTorchGetsARowWithItsLabelAndTheRatioIsOverTheBest() {
    // Steps of 0.5, 0.25 and 1 s at batch 128: 256, 512 and 128 images/s, median 256.
    List<TorchRunner> torches = List.of(fake("slow torch 1 (test, glibc malloc)", 1, "1.0 1.0 1.0"),
        fake("fast torch 2 (test, tcmalloc)", 1, "0.5 0.25 1.0"));
    Object[] r = run(torches, "--models", "mlp", "-n", "3", "--warmup", "0", "--threads", "1", "--csv");
    assertEquals(0, r[0], (String) r[2]);
    List<String> lines = ((String) r[1]).lines().toList();
    assertEquals(4, lines.size(), (String) r[1]);
    assertEquals("mlp,1,\"slow torch 1 (test, glibc malloc)\",128.00", lines.get(2));
    assertEquals("mlp,1,\"fast torch 2 (test, tcmalloc)\",256.00", lines.get(3));

    r = run(torches, "--models", "mlp", "-n", "3", "--warmup", "0", "--threads", "1");
    assertEquals(0, r[0], (String) r[2]);
    String out = (String) r[1];
    assertTrue(out.lines().anyMatch(l -> l.matches(" +fast torch 2 \\(test, tcmalloc\\) +256\\.0 +\\(128\\.0-512\\.0\\) .*")), out);
    assertTrue(out.contains("note: composed of ops"), out);
    String row = out.lines().filter(l -> l.startsWith("mlp ")).findFirst().orElseThrow();
    double trainer = Double.parseDouble(row.trim().split(" +")[3]);
    String ratio = out.lines().filter(l -> l.contains("trainer / best PyTorch (fast torch 2): ")).findFirst().orElseThrow();
    assertEquals(trainer / 256, Double.parseDouble(ratio.substring(ratio.lastIndexOf(' ') + 1)), 0.0051, out);
  }

  @Test
  void aPyTorchOnTheWrongThreadCountOrStepCountIsAnError() {
    Object[] r = run(List.of(fake("t", 2, "0.1")), "--models", "mlp", "-n", "1", "--warmup", "0", "--threads", "1");
    assertEquals(1, r[0]);
    assertTrue(((String) r[2]).contains("ran mlp on 2 threads, asked for 1"), (String) r[2]);
    r = run(List.of(fake("t", 1, "0.1 0.1")), "--models", "mlp", "-n", "1", "--warmup", "0", "--threads", "1");
    assertEquals(1, r[0]);
    assertTrue(((String) r[2]).contains("timed 2 steps of mlp, asked for 1"), (String) r[2]);
  }

  @Test
  void layersPrintsThePerLayerTableOfEveryModel() {
    Object[] r = run("--models", "mlp", "-n", "2", "--warmup", "0", "--threads", "1", "--layers", "--no-pytorch");
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
    Object[] r = run("--models", "alexnet");
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("no model 'alexnet' (known: nin-relu, nin-prelu, quick-cnn, mlp, plain30)"),
        (String) r[2]);
    r = run("--models", "mlp", "--configs", "no/such/folder");
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("no/such/folder/mlp.conf"), (String) r[2]);
  }

  @Test
  void everyWorkloadsConfigIsInConfigs() {
    for (ModelsBench.Workload w : ModelsBench.WORKLOADS) {
      assertTrue(Files.isRegularFile(Path.of("configs", w.config())), w.config());
    }
  }

  @Test
  void plain30HasThirtyConvsOfSixteenChannelsAt32And16And8Pixels() {
    Config c = Config.load(Path.of("configs/plain30.conf"), List.of());
    Net net = new NetBuilder().build(c.layers(), SyntheticData.inputShape(c), new Rng(1).stream("init"), line -> {});
    List<Integer> convs = IntStream.range(0, net.size()).filter(i -> net.layer(i) instanceof Conv2d).boxed().toList();
    assertEquals(30, convs.size(), net.names().toString());
    List<Shape> shapes = convs.stream().map(net::outputShape).toList();
    for (int i = 0; i < 30; i++) {
      int side = 32 >> (i / 10);
      assertEquals(Shape.of(16, side, side), shapes.get(i), net.name(convs.get(i)));
    }
    assertEquals(64, c.data().integer("batch_size"));
  }

  @Test
  void rateIsTheMedianOfThePerStepRatesWithTheSlowestAndFastest() {
    ModelsBench.Rate r = ModelsBench.Rate.of(100, new double[] {1, 0.5, 0.25, 2});
    assertEquals(new ModelsBench.Rate(150, 50, 400), r);
  }

  @Test
  void theTrainersJarCarriesNeitherLibtorchNorTheBenchScript() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("ai.djl.engine.Engine"));
    assertEquals(null, ModelsBench.class.getResource("/bench/models.py"));
    Path root = ModelsBench.projectRoot();
    assertTrue(Files.isRegularFile(root.resolve("bench/models.py")), root.toString());
    assertTrue(Files.isRegularFile(root.resolve("bench/pom.xml")), root.toString());
  }
}
