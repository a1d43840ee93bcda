package dev.trainer.train;

import dev.trainer.UserError;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Lines for the user: printed to the console and appended (flushed) to the run's {@code log.txt}.
 *
 * <p>Lines written before {@link #attach} (the setup: data, initialization, resume checks) are held
 * back and go to the file only once training starts, so that a run that fails during setup, or a
 * resume of a finished run, leaves the run directory untouched.
 *
 * <p>On a terminal, progress is shown as one status line that each update overwrites; elsewhere
 * (a file, a pipe, a batch job) every progress report is a plain line. {@code log.txt} gets the
 * plain lines either way.
 */
public final class RunLog implements AutoCloseable {
  private static final long STATUS_NANOS = 250_000_000L;
  private final PrintStream console;
  private final boolean terminal;
  private final List<String> pending = new ArrayList<>();
  private Writer file;
  private Path attached;
  private boolean statusShown;
  private long lastStatus;

  /** @param terminal show progress as an updating status line (the console is a terminal) */
  public RunLog(PrintStream console, boolean terminal) {
    this.console = console;
    this.terminal = terminal;
  }

  /** Plain lines (no status line), appended to {@code file} from the start (in-process runs such as sweeps). */
  public RunLog(PrintStream console, Path file) throws IOException {
    this(console, false);
    attach(file);
  }

  /**
   * From now on lines also go to {@code path} (appended); the lines held back so far are written
   * first. Attaching the file this log already writes to does nothing.
   */
  public void attach(Path path) throws IOException {
    if (path.equals(attached)) return;
    if (file != null) throw new IllegalStateException("log already writes to " + attached + ", not " + path);
    try {
      file = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw AtomicFiles.cannotWrite(path, e);
    }
    attached = path;
    for (String s : pending) toFile(s);
    pending.clear();
  }

  public void line(String s) {
    clearStatus();
    console.println(s);
    toFile(s);
  }

  /** A periodic progress report: the status line on a terminal, else a plain line; always a line in the file. */
  public void progress(String s) {
    if (!terminal) {
      line(s);
      return;
    }
    status(s);
    toFile(s);
  }

  /** True on a terminal when the status line has not been updated for a quarter of a second. */
  public boolean statusDue() {
    return terminal && System.nanoTime() - lastStatus > STATUS_NANOS;
  }

  /** Overwrites the status line (terminal only; not written to the file). */
  public void status(String s) {
    if (!terminal) return;
    console.print("\r" + s + "\u001b[K");
    console.flush();
    statusShown = true;
    lastStatus = System.nanoTime();
  }

  private void clearStatus() {
    if (!statusShown) return;
    console.print("\r\u001b[K");
    statusShown = false;
  }

  /**
   * Records a failure that the CLI reports on stderr, as {@code error: message}, in the file if
   * training had started (a run that failed during setup leaves no file).
   */
  public void failure(String message) {
    clearStatus();
    if (file == null) return;
    try {
      toFile("error: " + message);
    } catch (UserError e) {
      // The failure may be that log.txt cannot be written (a full disk): the console has the message.
    }
  }

  private void toFile(String s) {
    if (file == null) {
      pending.add(s);
      return;
    }
    try {
      file.write(s);
      file.write('\n');
      file.flush();
    } catch (IOException e) {
      throw AtomicFiles.cannotWrite(attached, e);
    }
  }

  @Override
  public void close() throws IOException {
    clearStatus();
    console.flush();
    if (file == null) return;
    try {
      file.close();
    } catch (IOException e) {
      // Every line was flushed when written; a failure then was reported.
    }
  }
}
