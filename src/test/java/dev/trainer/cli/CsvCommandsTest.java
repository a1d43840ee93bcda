package dev.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code set = csv} end to end through the command line: run, test and data info. */
class CsvCommandsTest {
  @TempDir Path tmp;

  private Path config(Path dir, String extra) throws IOException {
    return Files.writeString(tmp.resolve("csv.conf"), """
        [data]
        set = csv
        dir = %s
        train_file = tr.csv
        test_file = te.csv
        label_column = 0
        feature_columns = a, b
        batch_size = 4
        preprocess = mean_std
        %s
        [solver]
        base_lr = 0.1
        max_epochs = 3
        display = 0
        [fc]
        outputs = 8
        activation = relu
        [fc]
        outputs = 2
        activation = none
        """.formatted(dir, extra));
  }

  private Path data() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("d"));
    StringBuilder train = new StringBuilder("y,a,b,ignored\n");
    for (int i = 0; i < 16; i++) train.append(i % 2).append(',').append(i % 2 == 0 ? -1 - i * 0.01 : 1 + i * 0.01).append(",0.5,x\n");
    Files.writeString(dir.resolve("tr.csv"), train);
    Files.writeString(dir.resolve("te.csv"), "y,a,b,ignored\n0,-1,0.5,x\n1,1,0.5,x\n");
    return dir;
  }

  @Test
  void runAndTestAndInfoOnCsvFiles() throws IOException {
    Path conf = config(data(), "");
    Path out = tmp.resolve("run");
    Cli.Result run = Cli.run("run", conf.toString(), "--out", out.toString());
    assertEquals(0, run.status(), run.describe());
    assertTrue(run.out().contains("data csv from " + tmp.resolve("d") + ": 16 train, no validation, 2 test, 2 per example"), run.out());
    assertTrue(Files.readAllLines(out.resolve("metrics.csv")).size() >= 2);
    Cli.Result test = Cli.run("test", conf.toString(), "--weights", out.resolve("last.ckpt").toString());
    assertEquals(0, test.status(), test.describe());
    assertTrue(test.out().contains("on 2 test examples"), test.out());
  }

  @Test
  void aBadCellStopsTheRunWithOneLineNamingFileAndLine() throws IOException {
    Path dir = data();
    Files.writeString(dir.resolve("te.csv"), "y,a,b,ignored\n0,-1,0.5,x\n1,inf,0.5,x\n");
    Cli.Result run = Cli.run("run", config(dir, "").toString(), "--out", tmp.resolve("bad").toString());
    assertEquals(2, run.status(), run.describe());
    assertTrue(run.err().contains("error: " + dir.resolve("te.csv") + ":3: column 2 is 'inf', not a finite number"), run.err());
    assertFalse(run.err().contains("\tat "), run.err());
  }

  @Test
  void imageAugmentationOnFeatureVectorsIsAnError() throws IOException {
    Cli.Result run = Cli.run("run", config(data(), "mirror = true").toString(), "--out", tmp.resolve("m").toString());
    assertEquals(2, run.status(), run.describe());
    assertTrue(run.err().contains("pad, crop and mirror need [C, H, W] images, not 2"), run.err());
  }

  @Test
  void csvKeysOnAnotherSetAreAnErrorButTheirDefaultsReadBack() throws IOException {
    Cli.Result r = Cli.run("run", "configs/quickstart.conf", "data.label_column=y", "--out", tmp.resolve("q").toString());
    assertEquals(2, r.status(), r.describe());
    assertEquals("error: override 'data.label_column=y': 'label_column' applies only to set = csv, not fashion-mnist\n", r.err());
    Path out = tmp.resolve("q2");
    assertEquals(0, Cli.run("run", "configs/quickstart.conf", "data.train_limit=64", "solver.max_epochs=1", "--out", out.toString()).status());
    Cli.Result test = Cli.run("test", out.resolve("config.resolved.conf").toString(), "--weights", out.resolve("last.ckpt").toString());
    assertEquals(0, test.status(), test.describe());
    assertEquals("", test.err());
  }

  @Test
  void theShippedExampleTrainsAndIsDescribed() {
    Cli.Result info = Cli.run("data", "info", "data/spiral", "--set", "csv");
    assertEquals(0, info.status(), info.describe());
    assertTrue(info.out().contains("train: 300 examples of 2, 3 classes"), info.out());
    assertTrue(info.out().contains("test: 150 examples of 2, 3 classes"), info.out());
    Cli.Result run = Cli.run("run", "configs/csv-example.conf", "solver.max_epochs=2", "--out", tmp.resolve("ex").toString());
    assertEquals(0, run.status(), run.describe());
  }
}
