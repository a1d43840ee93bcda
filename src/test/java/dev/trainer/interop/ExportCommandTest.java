package dev.trainer.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.cli.Cli;
import dev.trainer.config.Config;
import dev.trainer.train.Checkpoint;
import dev.trainer.train.RunLog;
import dev.trainer.train.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trainer export} and {@code trainer run --init-from} on a small conv net with batch norm,
 * PReLU and MPELU: the names and shapes PyTorch expects, the checkpoint's values bit for bit, a
 * byte-for-byte round trip through --init-from, and the errors for files that do not fit the net.
 */
class ExportCommandTest {
  private static final String CONFIG = """
      [data]
      set = fashion-mnist
      dir = %s
      batch_size = 32
      train_limit = 128
      test_limit = 64

      [solver]
      base_lr = 0.05
      max_iter = 4
      threads = 1

      [net]
      activation = prelu

      [conv]
      name = conv1
      filters = 4
      size = 5
      stride = 2
      batchnorm = true

      [maxpool]                  # 12x12 -> 6x6: ip1 sees 4 x 6 x 6 = 144 inputs
      name = pool1

      [flatten]

      [fc]
      name = ip1
      outputs = 12
      activation = mpelu

      [fc]
      name = ip2
      outputs = 10
      activation = none
      """;

  @TempDir Path tmp;
  private String conf;
  private Path run;

  @BeforeEach
  void train() throws IOException {
    conf = Files.writeString(tmp.resolve("net.conf"), CONFIG.formatted(Path.of("data", "fashion-mnist").toAbsolutePath())).toString();
    run = tmp.resolve("run");
    Cli.Result r = Cli.run("run", conf, "--out", run.toString());
    assertEquals(0, r.status(), r.describe());
  }

  @Test
  void exportWritesTorchNamesLayoutsAndTheCheckpointsValues() throws IOException {
    Path st = tmp.resolve("w.safetensors");
    Cli.Result r = Cli.run("export", run.toString(), st.toString());
    assertEquals(0, r.status(), r.describe());
    Safetensors.Contents c = Safetensors.read(st);
    Map<String, String> shapes = new LinkedHashMap<>();
    for (NamedTensor t : c.tensors()) shapes.put(t.name(), t.shapeText());
    assertEquals(new LinkedHashMap<>(Map.ofEntries(
        Map.entry("conv1.weight", "[4, 1, 5, 5]"), Map.entry("conv1.bias", "[4]"),
        Map.entry("conv1.bn.weight", "[4]"), Map.entry("conv1.bn.bias", "[4]"),
        Map.entry("conv1.bn.running_mean", "[4]"), Map.entry("conv1.bn.running_var", "[4]"),
        Map.entry("conv1.prelu.weight", "[4]"), Map.entry("ip1.weight", "[12, 144]"), Map.entry("ip1.bias", "[12]"),
        Map.entry("ip1.mpelu.alpha", "[12]"), Map.entry("ip1.mpelu.beta", "[12]"),
        Map.entry("ip2.weight", "[10, 12]"), Map.entry("ip2.bias", "[10]"))), new LinkedHashMap<>(shapes));
    List<String> order = List.of("conv1.weight", "conv1.bias", "conv1.bn.weight", "conv1.bn.bias", "conv1.bn.running_mean",
        "conv1.bn.running_var", "conv1.prelu.weight", "ip1.weight", "ip1.bias", "ip1.mpelu.alpha", "ip1.mpelu.beta",
        "ip2.weight", "ip2.bias");
    assertEquals(order, new ArrayList<>(shapes.keySet()), "layer order");

    // The learned parameters are the checkpoint's, bit for bit, in the net's parameter order.
    Checkpoint ckpt = Checkpoint.load(run.resolve("last.ckpt"));
    List<float[]> params = ckpt.tensors.get("params");
    List<NamedTensor> learned = c.tensors().stream().filter(t -> !t.name().contains("running_")).toList();
    assertEquals(params.size(), learned.size());
    for (int i = 0; i < params.size(); i++) assertArrayEquals(params.get(i), learned.get(i).data(), learned.get(i).name());
    // EMA batch norm: running_mean and running_var are the checkpoint's state as stored.
    assertArrayEquals(ckpt.tensors.get("state").get(0), tensor(c, "conv1.bn.running_mean").data());
    assertArrayEquals(ckpt.tensors.get("state").get(1), tensor(c, "conv1.bn.running_var").data());

    assertEquals("4", c.metadata().get("iteration"));
    assertEquals("pt", c.metadata().get("format"));
    assertEquals(CheckpointWeights.version(), c.metadata().get("trainer_version"));
    assertEquals(CheckpointWeights.sha256(ckpt.config), c.metadata().get("config_sha256"));
    assertEquals(ckpt.config, c.metadata().get("config"));

    Path npz = tmp.resolve("w.npz");
    assertEquals(0, Cli.run("export", run.resolve("last.ckpt").toString(), "--format", "npz", npz.toString()).status());
    List<NamedTensor> fromNpz = NpzTest.read(Files.readAllBytes(npz));
    assertEquals(c.tensors().size(), fromNpz.size());
    for (int i = 0; i < fromNpz.size(); i++) {
      assertEquals(c.tensors().get(i).name(), fromNpz.get(i).name());
      assertArrayEquals(c.tensors().get(i).shape(), fromNpz.get(i).shape());
      assertArrayEquals(c.tensors().get(i).data(), fromNpz.get(i).data());
    }
  }

  @Test
  void exportThenInitFromThenExportGivesTheSameBytes() throws IOException {
    Path a = tmp.resolve("a.safetensors");
    assertEquals(0, Cli.run("export", run.toString(), a.toString()).status());
    Checkpoint ckpt = Checkpoint.load(run.resolve("last.ckpt"));

    // The --init-from path of a fresh run of the same config, exported again.
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try (RunLog log = new RunLog(new PrintStream(console, true), false)) {
      Trainer fresh = new Trainer(Config.load(Path.of(conf), List.of()), tmp.resolve("fresh"), log);
      byte[] before = Safetensors.bytes(PortableWeights.of(fresh.net()), CheckpointWeights.metadata(ckpt));
      assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), before), "a fresh net differs from the trained one");
      fresh.initFrom(a, false);
      assertArrayEquals(Files.readAllBytes(a), Safetensors.bytes(PortableWeights.of(fresh.net()), CheckpointWeights.metadata(ckpt)));
    }
    assertTrue(console.toString().contains("init-from " + a + ": loaded 13 of the net's 13 tensors (exported at iteration 4)"), console.toString());

    // Through the command line: with a learning rate of 0 the weights stay those of the file.
    Path tuned = tmp.resolve("tuned");
    Cli.Result r = Cli.run("run", conf, "solver.base_lr=0", "--init-from", a.toString(), "--out", tuned.toString());
    assertEquals(0, r.status(), r.describe());
    Path b = tmp.resolve("b.safetensors");
    assertEquals(0, Cli.run("export", tuned.toString(), b.toString()).status());
    List<NamedTensor> ta = Safetensors.read(a).tensors();
    List<NamedTensor> tb = Safetensors.read(b).tensors();
    for (int i = 0; i < ta.size(); i++) {
      if (ta.get(i).name().contains("running_")) continue; // TRAIN-mode batches update them
      assertArrayEquals(ta.get(i).data(), tb.get(i).data(), ta.get(i).name());
    }
    // params.csv's iteration-0 rows are the loaded values, not the initializer's 0.25.
    String firstSlope = Files.readAllLines(tuned.resolve("params.csv")).get(1);
    assertTrue(firstSlope.startsWith("0,conv1.prelu.slope,"), firstSlope);
    assertFalse(firstSlope.startsWith("0,conv1.prelu.slope,0.250000,0.00000"), firstSlope);
  }

  @Test
  void filesThatDoNotFitTheNetAreOneLineErrors() throws IOException {
    Path a = tmp.resolve("a.safetensors");
    assertEquals(0, Cli.run("export", run.toString(), a.toString()).status());

    Cli.Result shape = Cli.run("run", conf, "conv1.filters=5", "--init-from", a.toString(), "--out", tmp.resolve("s").toString());
    assertEquals(2, shape.status(), shape.describe());
    assertEquals("error: " + a + ": tensor 'conv1.weight' has shape [4, 1, 5, 5] in the file, [5, 1, 5, 5] in the net",
        shape.err().strip());

    Cli.Result extra = Cli.run("run", conf, "conv1.batchnorm=false", "--init-from", a.toString(), "--out", tmp.resolve("e").toString());
    assertEquals(2, extra.status(), extra.describe());
    assertEquals(1, extra.err().strip().lines().count(), extra.err());
    assertTrue(extra.err().contains("4 tensor(s) the net does not have: conv1.bn.weight, conv1.bn.bias, conv1.bn.running_mean, "
        + "conv1.bn.running_var (--init-from-partial skips them)"), extra.err());

    Path partial = tmp.resolve("p");
    Cli.Result ok = Cli.run("run", conf, "conv1.batchnorm=false", "--init-from", a.toString(), "--init-from-partial",
        "--out", partial.toString());
    assertEquals(0, ok.status(), ok.describe());
    String log = Files.readString(partial.resolve("log.txt"));
    assertTrue(log.contains("skipped 4 tensor(s) the net does not have: conv1.bn.weight"), log);

    // The other way round: the BN net from the file of the net without BN keeps its BN initial values.
    Path noBn = tmp.resolve("nobn.safetensors");
    assertEquals(0, Cli.run("export", partial.toString(), noBn.toString()).status());
    Path missing = tmp.resolve("m");
    Cli.Result m = Cli.run("run", conf, "--init-from", noBn.toString(), "--out", missing.toString());
    assertEquals(0, m.status(), m.describe());
    assertTrue(Files.readString(missing.resolve("log.txt")).contains("4 tensor(s) not in the file keep their initial values: "
        + "conv1.bn.weight, conv1.bn.bias, conv1.bn.running_mean, conv1.bn.running_var"));

    Cli.Result none = Cli.run("export", tmp.resolve("nowhere").toString(), tmp.resolve("x.safetensors").toString());
    assertEquals(2, none.status());
    assertTrue(none.err().startsWith("error: " + tmp.resolve("nowhere") + ": no such checkpoint file or run directory"), none.err());
    Cli.Result format = Cli.run("export", run.toString(), tmp.resolve("x.bin").toString());
    assertEquals(2, format.status());
    assertTrue(format.err().contains("give --format safetensors or npz"), format.err());
  }

  private static NamedTensor tensor(Safetensors.Contents c, String name) {
    return c.tensors().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }
}
