package dev.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLogTest {
  @TempDir Path tmp;
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  private RunLog log(boolean terminal) {
    return new RunLog(new PrintStream(console, true, StandardCharsets.UTF_8), terminal);
  }

  private String console() {
    return console.toString(StandardCharsets.UTF_8);
  }

  @Test
  void linesBeforeAttachReachTheFileOnlyOnceAttached() throws IOException {
    Path file = tmp.resolve("log.txt");
    try (RunLog log = log(false)) {
      log.line("setup");
      assertFalse(Files.exists(file));
      log.attach(file);
      log.line("training");
    }
    assertEquals("setup\ntraining\n", Files.readString(file));
    assertEquals("setup\ntraining\n", console().replace(System.lineSeparator(), "\n"));
  }

  @Test
  void progressIsAPlainLineOffATerminal() throws IOException {
    try (RunLog log = log(false)) {
      log.attach(tmp.resolve("log.txt"));
      log.progress("iter 1");
      log.status("ignored");
      log.progress("iter 2");
    }
    assertEquals("iter 1\niter 2\n", console().replace(System.lineSeparator(), "\n"));
  }

  @Test
  void progressOverwritesOneStatusLineOnATerminalAndTheFileGetsPlainLines() throws IOException {
    Path file = tmp.resolve("log.txt");
    try (RunLog log = log(true)) {
      log.attach(file);
      log.progress("iter 1");
      log.progress("iter 2");
      log.line("test");
    }
    String eraseLine = "\u001b[K";
    assertEquals("\riter 1" + eraseLine + "\riter 2" + eraseLine + "\r" + eraseLine + "test\n",
        console().replace(System.lineSeparator(), "\n"));
    assertEquals("iter 1\niter 2\ntest\n", Files.readString(file));
  }
}
