package dev.trainer.config;

import dev.trainer.UserError;

/**
 * A mistake in a config file, an override or another user input. The message is one line that
 * starts with the place ({@code configs/a.conf:12}, {@code override 'solver.base_lr=x'}), and the
 * CLI prints it without a stack trace and exits with status 2.
 */
public final class ConfigException extends UserError {
  private static final long serialVersionUID = 1L;
  private final String where;

  public ConfigException(String where, String message) {
    super(where == null || where.isEmpty() ? message : where + ": " + message, 2);
    this.where = where;
  }

  /** The place the mistake was found, e.g. {@code configs/a.conf:12}. */
  public String where() {
    return where;
  }
}
