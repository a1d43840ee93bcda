package dev.trainer.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.UserError;
import dev.trainer.cli.Main;
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

class PlotTest {
  @TempDir Path tmp;

  /** A run directory with hand-written metrics.csv and params.csv. */
  private Path run(String name, double scale) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("sweep").resolve(name));
    StringBuilder m = new StringBuilder("iteration,epoch,lr,train_loss,train_acc,val_loss,val_acc,test_loss,test_acc,"
        + "test_top5,seconds,images_per_sec\n");
    StringBuilder p = new StringBuilder("iteration,param,mean,std,min,max\n");
    for (int e = 1; e <= 5; e++) {
      m.append(e * 10).append(',').append(e).append(",0.1,").append(scale * 2.0 / e).append(",0.5,,,1.0,")
          .append(0.5 + 0.08 * e).append(",0.9,1.0,100\n");
      p.append(e * 10).append(",fc1.prelu.slope,").append(0.25 - 0.02 * e * scale).append(",0.01,0.2,0.3\n");
    }
    Files.writeString(dir.resolve("metrics.csv"), m);
    Files.writeString(dir.resolve("params.csv"), p);
    return dir;
  }

  private Path sweepDir() throws IOException {
    run("a=1,b=x-s1", 1);
    run("a=1,b=y-s1", 1.5);
    Path sweep = tmp.resolve("sweep");
    Files.writeString(sweep.resolve("summary.csv"), """
        a,b,seed,final_test_acc,best_test_acc,final_train_loss,verdict,iterations,run
        1,x,1,0.9,0.9,0.4,converged,50,"a=1,b=x-s1"
        1,y,1,0.1,0.1,2.3,stalled,50,"a=1,b=y-s1"
        2,x,1,,,,diverged,3,"a=2,b=x-s1"
        """);
    return sweep;
  }

  /** Runs the CLI with its "wrote ..." line discarded (tests are silent). */
  private static int cli(String... args) {
    PrintStream out = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      return Main.execute(args);
    } finally {
      System.setOut(out);
    }
  }

  private static BufferedImage check(Path png) throws IOException {
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(Plots.WIDTH, img.getWidth());
    assertEquals(Plots.HEIGHT, img.getHeight());
    return img;
  }

  /** Non-white pixels in the rectangle, borders excluded. */
  private static int ink(BufferedImage img, int x0, int y0, int x1, int y1) {
    int n = 0;
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        if ((img.getRGB(x, y) & 0xffffff) != 0xffffff) n++;
      }
    }
    return n;
  }

  @Test
  void curvesOfASweepDirectoryAreDrawn() throws IOException {
    Path png = tmp.resolve("curves.png");
    Plots.curves(List.of(sweepDir()), png);
    BufferedImage img = check(png);
    assertTrue(ink(img, 90, 60, 500, 400) > 300, "lines inside the left plot");
    assertTrue(ink(img, 640, 200, 1050, 400) > 100, "lines inside the right plot");
    assertEquals(0xffffff, img.getRGB(2, 2) & 0xffffff, "white background");
  }

  @Test
  void paramsAndGridChartsAreDrawnAndTheCliWritesThem() throws IOException {
    Path sweep = sweepDir();
    Path params = tmp.resolve("params.png");
    assertEquals(0, cli("plot", sweep.resolve("a=1,b=x-s1").toString(), "--chart", "params", "--out",
        params.toString()));
    assertTrue(ink(check(params), 100, 60, 1000, 400) > 300);
    assertEquals(0, cli("plot", sweep.toString(), "--chart", "grid"));
    BufferedImage grid = check(sweep.resolve("grid.png"));
    int red = 0;
    for (int y = 60; y < 400; y++) {
      for (int x = 160; x < 1000; x++) {
        if ((grid.getRGB(x, y) & 0xffffff) == (Plots.DIVERGED.getRGB() & 0xffffff)) red++;
      }
    }
    assertTrue(red > 1000, "the diverged cell is red");
  }

  @Test
  void curvesOfASweepAreTheMeanOverSeedsWithAMinMaxBand() throws IOException {
    run("a=1,b=x-s1", 1);
    run("a=1,b=x-s2", 2);
    run("a=1,b=y-s1", 1.5);
    Path sweep = tmp.resolve("sweep");
    Files.writeString(sweep.resolve("summary.csv"), """
        a,b,seed,final_test_acc,best_test_acc,final_train_loss,verdict,iterations,run
        1,x,1,0.9,0.9,0.4,converged,50,"a=1,b=x-s1"
        1,x,2,0.9,0.9,0.8,converged,50,"a=1,b=x-s2"
        1,y,1,0.1,0.1,2.3,stalled,50,"a=1,b=y-s1"
        """);
    List<Plots.Group> groups = Plots.groups(List.of(sweep));
    assertEquals(List.of("1,x (2 seeds)", "1,y"), groups.stream().map(Plots.Group::name).toList());
    List<CsvTable> seeds = groups.get(0).dirs().stream().map(d -> CsvTable.read(d.resolve("metrics.csv"))).toList();
    // train loss at epoch e: scale · 2/e, so at epoch 1 the seeds have 2 and 4: mean 3, band [2, 4].
    Chart.Series loss = Plots.seedBand("x", seeds, "train_loss", false);
    assertEquals(5, loss.x().length);
    assertEquals(3, loss.y()[0], 1e-12);
    assertEquals(2, loss.low()[0], 1e-12);
    assertEquals(4, loss.high()[0], 1e-12);
    // test accuracy 0.5 + 0.08 e in both: error 42 % at epoch 1, no spread.
    Chart.Series error = Plots.seedBand("x", seeds, "test_acc", true);
    assertEquals(42, error.y()[0], 1e-9);
    assertEquals(error.low()[0], error.high()[0], 1e-12);
    assertEquals(null, Plots.seedBand("y", List.of(seeds.get(0)), "train_loss", false).low(), "no band for one run");

    Path png = tmp.resolve("bands.png");
    Plots.curves(List.of(sweep), png);
    BufferedImage img = check(png);
    int shaded = 0;
    for (int y = 40; y < 420; y++) {
      for (int x = 75; x < 530; x++) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        int r = rgb >> 16;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (b > r + 20 && r > 150 && g > 150) shaded++;
      }
    }
    assertTrue(shaded > 2000, "a light blue band around the first grid point's loss: " + shaded);
  }

  @Test
  void aDirectoryWithoutRunsIsAUserError() throws IOException {
    Files.createDirectories(tmp.resolve("empty"));
    assertThrows(UserError.class, () -> Plots.curves(List.of(tmp.resolve("empty")), tmp.resolve("x.png")));
    Path run = run("r", 1);
    Files.writeString(run.resolve("params.csv"), "iteration,param,mean,std,min,max\n");
    assertThrows(UserError.class, () -> Plots.params(List.of(run), tmp.resolve("y.png")));
  }
}
