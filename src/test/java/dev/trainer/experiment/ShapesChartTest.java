package dev.trainer.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.UserError;
import dev.trainer.cli.Main;
import dev.trainer.train.Checkpoint;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plot --chart shapes}: curves at the start and the end of a real (tiny) run. */
class ShapesChartTest {
  @TempDir Path tmp;

  /** Trains a 784-16-12-10 MLP with {@code activation} for 10 iterations; returns the run directory. */
  private Path run(String activation) throws IOException {
    Path config = tmp.resolve(activation + ".conf");
    Files.writeString(config, """
        [data]
        set = fashion-mnist
        dir = %s
        batch_size = 32
        test_batch_size = 100
        [solver]
        base_lr = 0.1
        momentum = 0.9
        max_iter = 10
        test_interval = 10
        display = 10
        random_seed = 3
        [net]
        activation = %s
        init = msra
        [flatten]
        [fc]
        outputs = 16
        [fc]
        outputs = 12
        [fc]
        outputs = 10
        activation = none
        """.formatted(Path.of("data/fashion-mnist").toAbsolutePath(), activation));
    Path out = tmp.resolve("run-" + activation);
    assertEquals(0, silent("run", config.toString(), "--out", out.toString()));
    return out;
  }

  private static int silent(String... args) {
    PrintStream out = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      return Main.execute(args);
    } finally {
      System.setOut(out);
    }
  }

  @Test
  void preluCurvesStartAtTheInitialSlopeAndEndAtTheCheckpointsSlopes() throws IOException {
    Path dir = run("prelu");
    List<ActivationShapes.Panel> panels = ActivationShapes.panels(dir);
    assertEquals(List.of("fc1.prelu", "fc2.prelu"), panels.stream().map(ActivationShapes.Panel::layer).toList());
    ActivationShapes.Panel fc2 = panels.get(1);
    assertEquals(12, fc2.start().length, "one curve per channel");
    for (double[] curve : fc2.start()) {
      assertEquals(-1, curve[0], 1e-6, "y(−4) = −4 · 0.25");
      assertEquals(4, curve[ActivationShapes.POINTS - 1], 1e-6);
    }
    // the last checkpoint's slopes: fc2.prelu.slope is parameter 5 (fc1 w, b, slope, fc2 w, b, slope)
    float[] slopes = Checkpoint.load(dir.resolve("last.ckpt")).tensors.get("params").get(5);
    assertEquals(12, slopes.length);
    boolean moved = false;
    for (int c = 0; c < 12; c++) {
      assertEquals(-4 * slopes[c], fc2.end()[c][0], 1e-5, "channel " + c);
      moved |= Math.abs(slopes[c] - 0.25f) > 1e-4;
    }
    assertTrue(moved, "the slopes learned something in 10 iterations");
    Path png = tmp.resolve("shapes.png");
    assertEquals(0, silent("plot", dir.toString(), "--chart", "shapes", "--out", png.toString()));
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(2 * 420, image.getWidth());
  }

  @Test
  void fixedActivationsHaveOneCurve() throws IOException {
    List<ActivationShapes.Panel> panels = ActivationShapes.panels(run("mish"));
    assertEquals(2, panels.size());
    for (ActivationShapes.Panel p : panels) {
      assertEquals(1, p.start().length);
      assertEquals(1, p.end().length);
      double[] x = ActivationShapes.xs();
      for (int k = 0; k < x.length; k++) {
        double e = Math.exp(x[k]);
        double mish = x[k] * Math.tanh(Math.log1p(e));
        assertEquals(mish, p.end()[0][k], 1e-6);
      }
    }
  }

  @Test
  void aDirectoryWithoutACheckpointIsOneLine() {
    UserError e = assertThrows(UserError.class, () -> ActivationShapes.panels(tmp));
    assertTrue(e.getMessage().contains("last.ckpt"), e.getMessage());
  }
}
