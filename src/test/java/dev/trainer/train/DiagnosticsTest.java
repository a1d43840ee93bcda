package dev.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.TestData;
import dev.trainer.activation.ReLU;
import dev.trainer.activation.Sigmoid;
import dev.trainer.activation.Tanh;
import dev.trainer.config.Config;
import dev.trainer.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagnosticsTest {
  @TempDir Path dir;

  /** A deep sigmoid MLP on the shipped Fashion-MNIST subset, 3 iterations, diagnostics every iteration. */
  private Map<String, String[]> lastRows(String activation) throws IOException {
    StringBuilder conf = new StringBuilder("""
        [data]
        set = fashion-mnist
        dir = data/fashion-mnist
        batch_size = 32
        train_limit = 128
        test_limit = 100
        [solver]
        base_lr = 0.1
        max_iter = 3
        diagnostics_interval = 1
        [net]
        init = xavier
        [flatten]
        """);
    for (int i = 0; i < 6; i++) conf.append("[fc]\noutputs = 64\nactivation = ").append(activation).append('\n');
    conf.append("[fc]\noutputs = 10\nactivation = none\n");
    Path file = dir.resolve(activation + ".conf");
    Files.writeString(file, conf);
    Path run = Files.createDirectories(dir.resolve(activation));
    try (RunLog log = new RunLog(new PrintStream(OutputStream.nullOutputStream()), run.resolve("log.txt"))) {
      new Trainer(Config.load(file, List.of()), run, log).run(false);
    }
    List<String> lines = Files.readAllLines(run.resolve("diagnostics.csv"));
    assertEquals(String.join(",", Diagnostics.HEADER), lines.get(0));
    assertEquals(1 + 3 * 14, lines.size(), "flatten, 7 fc and 6 sigmoid layers, 3 iterations");
    Map<String, String[]> last = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      if (cells[0].equals("3")) last.put(cells[1], cells);
    }
    return last;
  }

  @Test
  void weightAndBiasGradientNormsAreSeparateColumnsThatMakeUpGradNorm() throws IOException {
    Map<String, String[]> rows = lastRows("sigmoid");
    List<String> header = List.of(Diagnostics.HEADER);
    int all = header.indexOf("grad_norm");
    int w = header.indexOf("weight_grad_norm");
    int b = header.indexOf("bias_grad_norm");
    assertTrue(w > 0 && b > 0, header.toString());
    for (String layer : List.of("fc1", "fc4", "fc7")) {
      String[] r = rows.get(layer);
      double weight = Double.parseDouble(r[w]);
      double bias = Double.parseDouble(r[b]);
      assertTrue(weight > 0 && bias > 0, String.join(",", r));
      assertEquals(Double.parseDouble(r[all]), Math.hypot(weight, bias), 1e-4 * Double.parseDouble(r[all]), layer);
    }
    String[] act = rows.get("fc3.sigmoid");
    assertEquals("", act[w], "a layer without weights leaves the cell empty");
    assertEquals("", act[b]);
  }

  @Test
  void saturationIsWithinOnePercentOfTheBoundsOfTheRange() {
    Tensor y = TestData.tensor(new float[] {0.005f, 0.5f, 0.995f, 0.02f}, 4);
    assertEquals(0.5, Diagnostics.saturated(new Sigmoid(), y), 1e-12);
    Tensor t = TestData.tensor(new float[] {-0.995f, 0.5f, 0.98f, 0.999f}, 4);
    assertEquals(0.5, Diagnostics.saturated(new Tanh(), t), 1e-12);
    assertTrue(Double.isNaN(Diagnostics.saturated(new ReLU(), t)), "ReLU has no upper bound");
  }

  @Test
  void sigmoidGradientNormsShrinkTowardTheInput() throws IOException {
    Map<String, String[]> rows = lastRows("sigmoid");
    double bottom = Double.parseDouble(rows.get("fc1")[6]);
    double top = Double.parseDouble(rows.get("fc6")[6]);
    assertTrue(bottom < 0.05 * top, "grad norm fc1 " + bottom + " vs fc6 " + top);
    String[] act = rows.get("fc3.sigmoid");
    double dead = Double.parseDouble(act[4]);
    double saturated = Double.parseDouble(act[5]);
    assertTrue(dead == 0 && saturated >= 0 && saturated <= 1, String.join(",", act));
    assertEquals("", rows.get("fc3")[4], "no dead fraction for a weight layer");
    assertEquals("0.00000", rows.get("flatten1")[6], "no params, zero gradient norm");
  }
}
