package dev.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.config.Config;
import dev.trainer.init.Moments;
import dev.trainer.layer.Net;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The slope MSRA reads follows the data path to the next activation; the log says which and why. */
class NetBuilderTest {
  @TempDir Path dir;

  private static final String HEAD = """
      [data]
      set = cifar10
      [solver]
      max_epochs = 1
      [net]
      activation = %s
      init = msra
      """;

  private Config config(String net, String layers) throws IOException {
    Path file = dir.resolve("net.conf");
    Files.writeString(file, HEAD.formatted(net) + layers);
    return Config.load(file, List.of());
  }

  private static Net build(Config c, List<String> log) {
    return new NetBuilder().build(c.layers(), Shape.of(3, 32, 32), new Rng(1).stream("init"), log::add);
  }

  private static String line(List<String> log, String prefix) {
    return log.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(prefix + " in " + log));
  }

  /** cifar10_quick's layout: conv1 (no activation) -> pool1 -> a stand-alone activation. */
  private static final String POOL_THEN_ACTIVATION = """
      [conv]
      name = conv1
      filters = 64
      size = 5
      activation = none
      [maxpool]
      name = pool1
      [dropout]
      name = drop1
      [activation]
      name = act1
      type = lrelu
      lrelu.slope = 0.5
      [conv]
      name = conv2
      filters = 8
      size = 3
      activation = none
      [flatten]
      [fc]
      name = ip
      outputs = 10
      activation = none
      """;

  @Test
  void msraTakesTheSlopeOfTheNextActivationThroughPoolingAndDropout() throws IOException {
    List<String> log = new ArrayList<>();
    Net net = build(config("relu", POOL_THEN_ACTIVATION), log);
    String conv1 = line(log, "conv1.weight");
    assertTrue(conv1.contains("a=0.5 ") && conv1.contains("(slope of act1 after pool1, drop1)"), conv1);
    // std = sqrt(2 / ((1 + a^2) n)), n = 5*5*3: 0.1461 with a = 0.5 against 0.1633 with a = 0.
    double std = Moments.of(net.params().get(0).param().value).std();
    assertEquals(Math.sqrt(2 / (1.25 * 75)), std, 0.004, "conv1 weight std");
  }

  @Test
  void aWeightLayerReachedFirstMeansNoActivationFollowsAndTheLogSaysWhy() throws IOException {
    List<String> log = new ArrayList<>();
    build(config("relu", POOL_THEN_ACTIVATION), log);
    String conv2 = line(log, "conv2.weight");
    assertTrue(conv2.contains("a=0 ") && conv2.contains("(no activation before ip: a = 0 as Caffe's msra)"), conv2);
    String ip = line(log, "ip.weight");
    assertTrue(ip.contains("(no activation follows: a = 0 as Caffe's msra)"), ip);
  }

  @Test
  void aLayersOwnActivationIsNamedInTheLog() throws IOException {
    List<String> log = new ArrayList<>();
    build(config("lrelu", """
        [fc]
        name = ip1
        outputs = 10
        lrelu.slope = 0.25
        """), log);
    String ip1 = line(log, "ip1.weight");
    assertTrue(ip1.contains("a=0.25 ") && ip1.contains("(slope of ip1.lrelu)"), ip1);
  }

  @Test
  void aStandAloneActivationKeepsItsTypeAndANoteSaysNetActivationDoesNotApply() throws IOException {
    Config c = config("lrelu", POOL_THEN_ACTIVATION.replace("type = lrelu", "type = relu"));
    List<String> notes = NetBuilder.netActivationNotes(c);
    assertEquals(1, notes.size(), notes.toString());
    assertTrue(notes.get(0).startsWith("note: [activation] act1 (") && notes.get(0).contains("stays relu")
        && notes.get(0).contains("net.activation = lrelu"), notes.get(0));
    List<String> log = new ArrayList<>();
    Net net = build(c, log);
    assertEquals("ReLU", net.layer(net.names().indexOf("act1")).getClass().getSimpleName());
    assertTrue(line(log, "conv1.weight").contains("a=0 "), log.toString());
    assertEquals(List.of(), NetBuilder.netActivationNotes(config("relu", POOL_THEN_ACTIVATION.replace("type = lrelu", "type = relu"))));
  }
}
