package dev.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.config.Config;
import dev.trainer.layer.Net;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.data.Batch;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerTimerTest {

  @Test
  void medianOfOddAndEvenCounts() {
    assertEquals(2.0, LayerTimer.medianMs(new long[] {3_000_000, 1_000_000, 2_000_000}), 1e-12);
    assertEquals(2.5, LayerTimer.medianMs(new long[] {4_000_000, 1_000_000, 2_000_000, 3_000_000}), 1e-12);
  }

  @Test
  void stepsTrainLikeTheNetAndOnlyRecordedStepsCount() {
    Config c = Config.load(Path.of("configs/quickstart.conf"), List.of());
    Shape input = SyntheticData.inputShape(c);
    Net net = new NetBuilder().build(c.layers(), input, new Rng(1).stream("init"), line -> {});
    LayerTimer timer = new LayerTimer(net, Solvers.create(c, net, 1));
    Batch b = SyntheticData.batch(input, 16, 10, new Rng(2));
    double first = timer.step(b.x, b.labels, 0, false);
    double loss = first;
    for (int i = 1; i <= 20; i++) loss = timer.step(b.x, b.labels, i, true);
    assertTrue(loss < first / 2, "loss " + first + " -> " + loss);
    LayerTimer.Summary s = timer.summary();
    assertEquals(20, s.steps());
    assertEquals(net.size(), s.forwardMs().length);
    assertTrue(s.stepMs() > 0 && s.partsMs() > 0);
  }
}
