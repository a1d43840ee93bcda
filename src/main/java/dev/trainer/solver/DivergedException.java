package dev.trainer.solver;

import dev.trainer.UserError;

/** Training produced a non-finite number; the run stops with exit status 1 and a one-line hint. */
public final class DivergedException extends UserError {
  private static final long serialVersionUID = 1L;

  public DivergedException(String message) {
    super(message, 1);
  }
}
