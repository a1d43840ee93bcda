package dev.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.cli.Cli;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults that must not lose or corrupt what a run wrote: a full disk (a file's temporary twin
 * linked to /dev/full, where every write fails with ENOSPC), a damaged checkpoint, an --out that
 * cannot be a directory, and two processes on one run directory.
 */
class FaultsTest {
  @TempDir Path tmp;
  private String mlp;

  @BeforeEach
  void writeConfig() throws IOException {
    String data = Path.of("data", "fashion-mnist").toAbsolutePath().toString();
    mlp = Files.writeString(tmp.resolve("mlp.conf"), InterruptTest.MLP.formatted(data)).toString();
  }

  private Path run(String name, String... overrides) {
    Path dir = tmp.resolve(name);
    Cli.Result r = Cli.run(args(dir, false, overrides));
    assertEquals(0, r.status(), r.describe());
    return dir;
  }

  private String[] args(Path dir, boolean resume, String... overrides) {
    List<String> a = new java.util.ArrayList<>(List.of("run", mlp, "--out", dir.toString()));
    a.addAll(List.of(overrides));
    if (resume) a.add("--resume");
    return a.toArray(String[]::new);
  }

  /** One line "error: …" naming {@code file}, no stack trace. */
  private static void assertOneLineNaming(Cli.Result r, Path file) {
    assertEquals(1, r.err().lines().count(), r.describe());
    assertTrue(r.err().startsWith("error: ") && r.err().contains(file.toString()), r.describe());
    assertFalse(r.err().contains("at dev.") || r.err().contains("Exception"), r.describe());
  }

  /** Makes every write to {@code file}'s temporary twin fail as on a full disk. */
  private static Path diskFull(Path file) throws IOException {
    return Files.createSymbolicLink(file.resolveSibling(file.getFileName() + ".tmp"), Path.of("/dev/full"));
  }

  @Test
  void aFullDiskWhileSavingACheckpointKeepsTheLastGoodOne() throws IOException {
    Path dir = run("full-disk", "solver.max_epochs=1");
    byte[] good = Files.readAllBytes(dir.resolve("last.ckpt"));
    Path link = diskFull(dir.resolve("last.ckpt"));
    Cli.Result r = Cli.run(args(dir, true, "solver.max_epochs=2"));
    assertEquals(1, r.status(), r.describe());
    assertOneLineNaming(r, dir.resolve("last.ckpt"));
    assertTrue(r.err().contains("No space left on device"), r.err());
    assertArrayEquals(good, Files.readAllBytes(dir.resolve("last.ckpt")));
    assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the temporary file is removed");
    assertTrue(Files.readString(dir.resolve("log.txt")).contains(r.err().strip()), "log.txt records the failure");

    Cli.Result again = Cli.run(args(dir, true, "solver.max_epochs=2"));
    assertEquals(0, again.status(), again.describe());
    Path whole = run("whole", "solver.max_epochs=2");
    assertArrayEquals(Files.readAllBytes(whole.resolve("last.ckpt")), Files.readAllBytes(dir.resolve("last.ckpt")));
  }

  /**
   * A numbered snapshot that cannot be written (a kill or a full disk at that moment) is written
   * again by the resumed run: last.ckpt, written after it, still names the iteration before.
   */
  @Test
  void aSnapshotLostBeforeLastCkptIsWrittenAgainOnResume() throws IOException {
    Path whole = run("whole", "solver.snapshot=8");
    Path dir = tmp.resolve("lost");
    Files.createDirectories(dir);
    Path link = diskFull(dir.resolve("iter_16.ckpt"));
    Cli.Result r = Cli.run(args(dir, false, "solver.snapshot=8"));
    assertEquals(1, r.status(), r.describe());
    assertOneLineNaming(r, dir.resolve("iter_16.ckpt"));
    assertEquals(8, Checkpoint.load(dir.resolve("last.ckpt")).iteration, "last.ckpt is not ahead of the snapshots");
    Files.deleteIfExists(link);

    Cli.Result resumed = Cli.run(args(dir, true, "solver.snapshot=8"));
    assertEquals(0, resumed.status(), resumed.describe());
    for (String f : List.of("iter_8.ckpt", "iter_16.ckpt", "iter_24.ckpt", "iter_32.ckpt", "best.ckpt", "last.ckpt")) {
      assertArrayEquals(Files.readAllBytes(whole.resolve(f)), Files.readAllBytes(dir.resolve(f)), f);
    }
  }

  /** Resume drops the rows after the checkpoint by writing a new metrics.csv and renaming it over the old one. */
  @Test
  void resumeReplacesMetricsCsvByARenameNeverInPlace() throws IOException {
    Path dir = run("rename", "solver.max_epochs=1");
    Files.writeString(dir.resolve("metrics.csv"), "16,cut sh", java.nio.file.StandardOpenOption.APPEND);
    String before = Files.readString(dir.resolve("metrics.csv"));
    Object inode = Files.readAttributes(dir.resolve("metrics.csv"), BasicFileAttributes.class).fileKey();

    diskFull(dir.resolve("metrics.csv"));
    Cli.Result full = Cli.run(args(dir, true, "solver.max_epochs=2"));
    assertEquals(1, full.status(), full.describe());
    assertOneLineNaming(full, dir.resolve("metrics.csv"));
    assertEquals(before, Files.readString(dir.resolve("metrics.csv")), "a failed rewrite leaves the rows as they were");

    Cli.Result r = Cli.run(args(dir, true, "solver.max_epochs=2"));
    assertEquals(0, r.status(), r.describe());
    assertNotEquals(inode, Files.readAttributes(dir.resolve("metrics.csv"), BasicFileAttributes.class).fileKey(),
        "rewritten as a new file");
    assertEquals(InterruptTest.withoutTiming(run("whole", "solver.max_epochs=2")), InterruptTest.withoutTiming(dir));
  }

  @Test
  void aDamagedCheckpointIsRefusedNamingTheFile() throws IOException {
    Path dir = run("damaged", "solver.max_epochs=1");
    Path ckpt = dir.resolve("last.ckpt");
    byte[] bytes = Files.readAllBytes(ckpt);
    byte[] flipped = bytes.clone();
    flipped[bytes.length / 2] ^= 0x10; // one bit of a weight
    Files.write(ckpt, flipped);
    Cli.Result test = Cli.run("test", mlp, "--weights", ckpt.toString());
    assertEquals(2, test.status(), test.describe());
    assertOneLineNaming(test, ckpt);
    assertTrue(test.err().contains("corrupted"), test.err());
    Cli.Result resume = Cli.run(args(dir, true, "solver.max_epochs=2"));
    assertEquals(2, resume.status(), resume.describe());
    assertOneLineNaming(resume, ckpt);

    byte[] badLength = bytes.clone();
    ByteBuffer.wrap(badLength).putInt(12, -7); // the config's length field
    Files.write(ckpt, Arrays.copyOf(version1(badLength), badLength.length - 4));
    Cli.Result length = Cli.run("test", mlp, "--weights", ckpt.toString());
    assertEquals(2, length.status(), length.describe());
    assertOneLineNaming(length, ckpt);
  }

  /** Version 1 checkpoints (before the CRC32 trailer) still load. */
  @Test
  void aVersionOneCheckpointStillLoads() throws IOException {
    Path dir = run("v1", "solver.max_epochs=1");
    Path ckpt = dir.resolve("last.ckpt");
    byte[] v2 = Files.readAllBytes(ckpt);
    Path old = tmp.resolve("old.ckpt");
    Files.write(old, Arrays.copyOf(version1(v2), v2.length - 4));
    Checkpoint a = Checkpoint.load(ckpt);
    Checkpoint b = Checkpoint.load(old);
    assertEquals(a.iteration, b.iteration);
    assertArrayEquals(a.tensors.get("params").get(0), b.tensors.get("params").get(0));
  }

  private static byte[] version1(byte[] v2) {
    byte[] b = v2.clone();
    ByteBuffer.wrap(b).putInt(8, 1);
    return b;
  }

  @Test
  void anOutThatCannotBeADirectoryIsOneLine() throws IOException {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    Cli.Result onFile = Cli.run(args(file, false));
    assertEquals(2, onFile.status(), onFile.describe());
    assertOneLineNaming(onFile, file);
    assertEquals("x", Files.readString(file));

    Path under = file.resolve("run");
    Cli.Result underFile = Cli.run(args(under, false));
    assertEquals(2, underFile.status(), underFile.describe());
    assertOneLineNaming(underFile, under);

    Cli.Result empty = Cli.run("run", mlp, "--out", "");
    assertEquals(2, empty.status(), empty.describe());
    assertEquals(1, empty.err().lines().count(), empty.describe());
    assertTrue(empty.err().contains("--out \"\""), empty.err());
  }

  /**
   * A second process on a run directory that another one is training in stops with the holder's
   * pid instead of interleaving rows; once the holder is killed (kill -9: its .lock file stays
   * behind), the directory is free again.
   */
  @Test
  void aRunDirectoryInUseIsRefusedNamingThePidAndAStaleLockBlocksNothing() throws Exception {
    Path dir = tmp.resolve("shared");
    Process p = Subprocess.start(tmp.resolve("child.txt"), "run", mlp, "--out", dir.toString(), "solver.max_epochs=1000");
    try {
      InterruptTest.awaitLines(dir.resolve("metrics.csv"), 2, p);
      while (!Files.exists(dir.resolve("last.ckpt"))) { // written just after the first row
        assertTrue(p.isAlive());
        Thread.sleep(10);
      }
      Cli.Result r = Cli.run(args(dir, true, "solver.max_epochs=1000"));
      assertEquals(1, r.status(), r.describe());
      assertEquals(1, r.err().lines().count(), r.describe());
      assertTrue(r.err().contains(dir + " is in use") && r.err().contains("pid " + p.pid()), r.err());
    } finally {
      p.destroyForcibly();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    }
    assertTrue(Files.exists(dir.resolve(DirectoryLock.FILE)));
    int at = Checkpoint.load(dir.resolve("last.ckpt")).iteration;
    Cli.Result after = Cli.run(args(dir, true, "solver.max_epochs=0", "solver.max_iter=" + (at + 3)));
    assertEquals(0, after.status(), after.describe());
  }

  /** A sweep directory is locked too: a second sweep on it stops before training anything. */
  @Test
  void aSweepDirectoryInUseIsRefused() throws IOException {
    Path file = Files.writeString(tmp.resolve("sweep.conf"), "[sweep]\nbase = " + mlp + "\nset.solver.max_iter = 2\n"
        + "set.solver.max_epochs = 0\n");
    Path out = tmp.resolve("sweep");
    try (DirectoryLock held = DirectoryLock.acquire(out)) {
      Cli.Result r = Cli.run("sweep", file.toString(), "--out", out.toString());
      assertEquals(1, r.status(), r.describe());
      assertTrue(r.err().contains(out + " is in use") && r.err().contains("pid " + ProcessHandle.current().pid()), r.err());
      try (var files = Files.list(out)) {
        assertEquals(List.of(DirectoryLock.FILE), files.map(f -> f.getFileName().toString()).toList());
      }
    }
    Cli.Result free = Cli.run("sweep", file.toString(), "--out", out.toString());
    assertEquals(0, free.status(), free.describe());
  }
}
