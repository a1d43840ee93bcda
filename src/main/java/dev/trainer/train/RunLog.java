package dev.trainer.train;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Lines for the user: printed to the console and appended (flushed) to the run's {@code log.txt}. */
public final class RunLog implements AutoCloseable {
  private final PrintStream console;
  private final Writer file;

  public RunLog(PrintStream console, Path file) throws IOException {
    this.console = console;
    this.file = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  public void line(String s) {
    console.println(s);
    try {
      file.write(s);
      file.write('\n');
      file.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A transient status line (terminal only, overwritten by the next one). */
  public void status(String s) {
    console.print("\r" + s + "\u001b[K");
    console.flush();
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
