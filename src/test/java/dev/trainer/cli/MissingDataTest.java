package dev.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose data folder is missing says how to get the data, not only that it is missing. */
class MissingDataTest {
  @TempDir Path tmp;

  @Test
  void paperConfigNamesFetchDataDirAndTheSmallSibling() {
    assumeFalse(Files.exists(Path.of("data/cifar10")), "full CIFAR-10 was fetched into this checkout");
    Cli.Result r = Cli.run("run", "configs/cifar10-nin-relu.conf", "--out", tmp.resolve("r").toString());
    assertEquals(2, r.status(), r.describe());
    assertEquals("error: data/cifar10: no such data folder; get it with './trainer data fetch cifar10', or set "
        + "data.dir=FOLDER to a copy you have; configs/cifar10-nin-relu-small.conf runs on the shipped subset\n",
        r.err(), r.describe());
  }

  @Test
  void anotherFolderGetsTheFetchDirOption() {
    String dir = tmp.resolve("mnist-here").toString();
    Cli.Result r = Cli.run("run", "configs/quickstart.conf", "data.set=mnist", "data.dir=" + dir, "--out",
        tmp.resolve("r").toString());
    assertEquals(2, r.status(), r.describe());
    assertEquals("error: " + dir + ": no such data folder; get it with './trainer data fetch mnist --dir " + dir
        + "', or set data.dir=FOLDER to a copy you have\n", r.err(), r.describe());
  }
}
