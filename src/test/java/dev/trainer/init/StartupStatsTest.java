package dev.trainer.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.activation.ReLU;
import dev.trainer.layer.Net;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import org.junit.jupiter.api.Test;

/** He et al.'s claim on a 20-layer plain ReLU net of width 256: msra keeps the signal, std 0.01 kills it. */
class StartupStatsTest {

  private static StartupStats plainNet(Initializer init) {
    Net net = new Net();
    for (int i = 1; i <= 20; i++) net.add("fc" + i, new Dense(256, init)).add("relu" + i, new ReLU());
    net.setup(Shape.of(256), new Rng(1), line -> { });
    return StartupStats.measure(net, LsuvTest.gaussianBatch(new Rng(2), 64, 256, 1), new Rng(3));
  }

  @Test
  void msraFanInKeepsForwardAndBackwardStdThroughTwentyReluLayers() {
    StartupStats s = plainNet(new Msra(FanMode.IN, 0));
    assertEquals(40, s.rows().size());
    assertTrue(s.forwardRatio() > 0.5 && s.forwardRatio() < 2, "forward ratio " + s.forwardRatio() + "\n" + s.lines());
    assertTrue(s.backwardRatio() > 0.5 && s.backwardRatio() < 2, "backward ratio " + s.backwardRatio() + "\n" + s.lines());
    assertEquals(Math.sqrt(2), s.rows().get(0).outputStd(), 0.1);
  }

  @Test
  void smallFixedGaussianCollapses() {
    StartupStats s = plainNet(new Gaussian(0.01));
    assertTrue(s.forwardRatio() < 0.01, "forward ratio " + s.forwardRatio());
    assertTrue(s.backwardRatio() < 0.01, "backward ratio " + s.backwardRatio());
    assertEquals(41, s.lines().size());
  }

  @Test
  void xavierShrinksByAboutSqrtTwoPerReluLayer() {
    StartupStats s = plainNet(new Xavier(FanMode.IN, Xavier.Distribution.NORMAL));
    double expected = Math.pow(Math.sqrt(0.5), 19);
    assertTrue(s.forwardRatio() > expected / 2 && s.forwardRatio() < expected * 2, "forward ratio " + s.forwardRatio());
  }
}
