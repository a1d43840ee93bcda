package dev.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trainer.cli.Cli;
import dev.trainer.config.Config;
import dev.trainer.data.Batch;
import dev.trainer.layer.Mode;
import dev.trainer.layer.Net;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch-norm test statistics as configured: {@code [batchnorm]} and {@code batchnorm = true} mean
 * the same thing by default (momentum 0.1 = the weight of the new batch), Caffe's form is one key
 * away in both, and its statistics survive a resume exactly.
 */
class BatchNormStatsTest {
  private static final String HEAD = """
      [data]
      set = mnist
      [solver]
      max_epochs = 1
      [net]
      activation = none
      """;

  @TempDir Path tmp;

  private Net build(String body, String... overrides) throws IOException {
    Path file = Files.writeString(tmp.resolve("bn" + body.hashCode() + ".conf"), HEAD + body);
    Config c = Config.load(file, List.of(overrides));
    return new NetBuilder().build(c.layers(), Shape.of(6), new Rng(1).stream("init"), line -> {});
  }

  private static final String STAND_ALONE = """
      [fc]
      outputs = 3
      [batchnorm]
      [fc]
      outputs = 10
      """;

  private static final String INLINE = """
      [fc]
      outputs = 3
      batchnorm = true
      [fc]
      outputs = 10
      """;

  /** One TRAIN batch through layer 1 (the batch norm); returns its input. */
  private static Tensor trainOnce(Net net) {
    Batch b = SyntheticData.batch(Shape.of(6), 16, 10, new Rng(2));
    net.forward(b.x, Mode.TRAIN);
    return net.output(0);
  }

  @Test
  void defaultMomentumIsTheWeightOfTheNewBatchInBothPaths() throws IOException {
    Net standAlone = build(STAND_ALONE);
    Net inline = build(INLINE);
    assertEquals(List.of("fc1", "batchnorm1", "fc2"), standAlone.names());
    assertEquals(List.of("fc1", "fc1.bn", "fc2"), inline.names());
    Tensor x = trainOnce(standAlone);
    trainOnce(inline);
    float[] mean = standAlone.layer(1).state().get(0).data;
    for (int c = 0; c < 3; c++) {
      double batchMean = 0;
      for (int e = 0; e < 16; e++) batchMean += x.data[e * 3 + c] / 16.0;
      assertEquals(0.1 * batchMean, mean[c], 1e-6, "running mean = 0.9 * 0 + 0.1 * batch mean");
    }
    for (int i = 0; i < 2; i++) {
      assertArrayEquals(standAlone.layer(1).state().get(i).data, inline.layer(1).state().get(i).data);
    }
  }

  @Test
  void caffeStatisticsInBothPaths() throws IOException {
    Net standAlone = build(STAND_ALONE, "batchnorm1.stats=caffe", "batchnorm1.moving_average_fraction=0.999");
    Net inline = build(INLINE, "net.batchnorm_stats=caffe");
    Tensor x = trainOnce(standAlone);
    trainOnce(inline);
    List<Tensor> state = standAlone.layer(1).state();
    assertEquals(3, state.size());
    assertArrayEquals(new float[] {1f}, state.get(2).data, "w after one batch");
    for (int c = 0; c < 3; c++) {
      double batchMean = 0;
      for (int e = 0; e < 16; e++) batchMean += x.data[e * 3 + c] / 16.0;
      assertEquals(batchMean, state.get(0).data[c], 1e-6, "S_mean / w = the first batch's mean, unbiased");
    }
    for (int i = 0; i < 3; i++) assertArrayEquals(state.get(i).data, inline.layer(1).state().get(i).data);
  }

  /** Caffe's S_mean, S_var and w are in the checkpoint: half a run resumed equals the whole run. */
  @Test
  void caffeStatisticsSurviveAResumeExactly() throws IOException {
    String data = Path.of("data", "fashion-mnist").toAbsolutePath().toString();
    String conf = Files.writeString(tmp.resolve("conv.conf"), """
        [data]
        set = fashion-mnist
        dir = %s
        batch_size = 32
        train_limit = 64
        test_limit = 32
        [solver]
        base_lr = 0.02
        max_epochs = 2
        threads = 1
        [conv]
        filters = 2
        size = 5
        stride = 3
        [batchnorm]
        stats = caffe
        moving_average_fraction = 0.9
        [fc]
        outputs = 10
        activation = none
        """.formatted(data)).toString();
    Path full = tmp.resolve("full");
    Path half = tmp.resolve("half");
    assertEquals(0, Cli.run("run", conf, "--out", full.toString()).status());
    assertEquals(0, Cli.run("run", conf, "--out", half.toString(), "solver.max_epochs=1").status());
    Cli.Result r = Cli.run("run", conf, "--out", half.toString(), "--resume");
    assertEquals(0, r.status(), r.describe());
    List<float[]> a = Checkpoint.load(full.resolve("last.ckpt")).tensors.get("state");
    List<float[]> b = Checkpoint.load(half.resolve("last.ckpt")).tensors.get("state");
    assertEquals(3, a.size());
    assertEquals(1 + 0.9 + 0.81 + 0.729, a.get(2)[0], 1e-5, "w after 4 training batches (tests leave it)");
    for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i), "state[" + i + "]");

    Checkpoint c = Checkpoint.load(full.resolve("last.ckpt"));
    c.tensors.get("state").get(1)[0] = Float.POSITIVE_INFINITY;
    Path bad = tmp.resolve("inf.ckpt");
    c.save(bad);
    Cli.Result t = Cli.run("test", conf, "--weights", bad.toString());
    assertEquals(1, t.status(), t.describe());
    assertEquals(bad + ": the running statistics of layer 'batchnorm1' holds Infinity (value 1 of 2); a net with "
        + "non-finite weights has no test accuracy", t.err().strip().replaceFirst("^error: ", ""));
  }
}
