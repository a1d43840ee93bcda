package dev.trainer;

/**
 * A failure the user can act on: bad input or a run that cannot go on. The CLI prints its one-line
 * message (no stack trace) and exits with {@link #exitCode()}: 2 for bad input (config, overrides,
 * data files), 1 for a run that failed (e.g. diverged).
 */
public class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  public UserError(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public UserError(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
