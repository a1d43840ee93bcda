package dev.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.config.Config;
import dev.trainer.data.BatchIterator;
import dev.trainer.init.Moments;
import dev.trainer.layer.Mode;
import dev.trainer.tensor.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LSUV as a run applies it ({@link Experiment#applyLsuv}): the target variance holds at training
 * time behind a dropout, and only layers with {@code init = lsuv} are rescaled.
 */
class LsuvRunTest {
  private static final String MLP = """
      [data]
      set = fashion-mnist
      dir = %s
      batch_size = 64
      train_limit = 512
      test_limit = 10
      [solver]
      max_epochs = 1
      threads = 1
      [net]
      init = lsuv
      [flatten]
      [fc]
      outputs = 48
      [dropout]
      ratio = 0.5
      [fc]
      name = out
      outputs = 10
      activation = none
      """;

  @TempDir Path tmp;

  private Experiment experiment(String... overrides) throws IOException {
    String data = Path.of("data", "fashion-mnist").toAbsolutePath().toString();
    Path file = Files.writeString(tmp.resolve("lsuv.conf"), MLP.formatted(data));
    return new Experiment(Config.load(file, List.of(overrides)), line -> {});
  }

  /** Variance of the last layer's output over 4 training batches forwarded in TRAIN mode. */
  private static double trainVariance(Experiment e) {
    double v = 0;
    try (BatchIterator it = e.data.trainBatches(new Rng(99))) {
      for (int k = 0; k < 4; k++) v += Moments.of(e.net.forward(it.next().x, Mode.TRAIN)).variance() / 4;
    }
    return v;
  }

  /** Behind a dropout of 0.5, a TEST-mode LSUV would leave the training-time variance near 2. */
  @Test
  void theTargetHoldsAtTrainingTimeBehindADropout() throws IOException {
    Experiment e = experiment();
    List<String> log = new ArrayList<>();
    e.applyLsuv(log::add);
    assertEquals(2, log.size(), log.toString());
    assertEquals(1, trainVariance(e), 0.15, log.toString());
  }

  @Test
  void aLayerWithAnotherInitKeepsItsWeightsAndTheLogSaysSo() throws IOException {
    Experiment e = experiment("out.init=gaussian", "out.init.std=0.01");
    float[] before = e.net.layer(e.net.names().indexOf("out")).params().get(0).value.data.clone();
    List<String> log = new ArrayList<>();
    e.applyLsuv(log::add);
    assertArrayEquals(before, e.net.layer(e.net.names().indexOf("out")).params().get(0).value.data);
    assertTrue(log.contains("out.weight: kept (its init is not lsuv)"), log.toString());
    assertTrue(log.get(0).startsWith("fc1.weight: lsuv variance"), log.toString());
  }

  @Test
  void theSameSeedGivesTheSameWeights() throws IOException {
    Experiment a = experiment();
    Experiment b = experiment();
    a.applyLsuv(line -> {});
    b.applyLsuv(line -> {});
    assertArrayEquals(a.paramValues().get(0).data, b.paramValues().get(0).data);
    assertArrayEquals(a.paramValues().get(2).data, b.paramValues().get(2).data);
  }
}
