package dev.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCommandTest {
  @TempDir Path tmp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream stdout;
  private PrintStream stderr;

  @BeforeEach
  void capture() {
    stdout = System.out;
    stderr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(stdout);
    System.setErr(stderr);
  }

  @Test
  void infoOnTheShippedCifarSubset() {
    assertEquals(0, Main.execute("data", "info", "data/cifar-10-small", "--set", "cifar10"));
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("train: 500 examples of 3x32x32, 10 classes, values in [0.0000, 1.0000]"), text);
    assertTrue(text.contains("test: 100 examples"), text);
    assertTrue(text.matches("(?s).*6 frog +53\\n.*"), text);
  }

  @Test
  void infoDetectsTheSetFromItsFiles() {
    assertEquals(0, Main.execute("data", "info", "data/cifar-10-small"));
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("cifar10 in data/cifar-10-small (detected from its files)"), text);
    assertTrue(text.contains("train: 500 examples of 3x32x32"), text);
  }

  @Test
  void badInputExitsWithStatus2AndOneLine() throws IOException {
    assertEquals(2, Main.execute("data", "info", "data/cifar-10-small", "--set", "cifar-10"));
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("error: --set cifar-10: unknown data set"));
    err.reset();
    Path wrong = Files.write(tmp.resolve("cifar-10-binary.tar.gz"), new byte[] {1, 2, 3});
    Path dir = tmp.resolve("cifar10");
    assertEquals(2, Main.execute("data", "fetch", "cifar10", "--dir", dir.toString(), "--from", wrong.toString()));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("does not match the published c32a1d4ab5d03f1284b67883e8d87530"));
    assertFalse(Files.exists(dir), "nothing kept after a checksum mismatch, not even the folder");
  }
}
