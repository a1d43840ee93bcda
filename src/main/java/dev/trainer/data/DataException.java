package dev.trainer.data;

import dev.trainer.UserError;
import java.nio.file.Path;

/**
 * A data file that cannot be used: missing, truncated, of the wrong format or with a label out of
 * range. The message is one line that starts with the file; the CLI exits with status 2.
 */
public final class DataException extends UserError {
  private static final long serialVersionUID = 1L;

  public DataException(Path file, String message) {
    this(String.valueOf(file), message);
  }

  public DataException(String where, String message) {
    super(where + ": " + message, 2);
  }

  public DataException(Path file, String message, Throwable cause) {
    super(file + ": " + message, 2, cause);
  }
}
