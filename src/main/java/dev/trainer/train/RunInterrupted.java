package dev.trainer.train;

/**
 * A run stopped by a signal ({@link StopSignals}) after writing {@code last.ckpt}: the command
 * prints the message and exits with {@link StopSignals#EXIT_STATUS}; {@code --resume} continues
 * exactly where it stopped.
 */
public final class RunInterrupted extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String signal;

  public RunInterrupted(String signal, String message) {
    super(message);
    this.signal = signal;
  }

  /** The signal's name, e.g. "SIGTERM". */
  public String signal() {
    return signal;
  }
}
