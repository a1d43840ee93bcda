package dev.trainer.experiment;

/**
 * How a run ended, with K classes (chance top-1 accuracy 1/K, chance loss ln K):
 *
 * <pre>
 *   diverged   the DivergenceGuard stopped it (a non-finite loss, output, parameter or gradient)
 *   stalled    it finished, but its final train loss (mean over the last test interval, the last
 *              metrics.csv row) is above 0.9·ln K, or its final test top-1 accuracy is below
 *              1/K + 0.05 (not 5 points better than chance)
 *   converged  it finished and is not stalled
 * </pre>
 */
public enum Verdict {
  CONVERGED, STALLED, DIVERGED;

  /** Loss above this fraction of ln K counts as no better than chance. */
  static final double LOSS_FRACTION = 0.9;
  /** Accuracy within this much of chance (1/K) counts as chance. */
  static final double ACCURACY_MARGIN = 0.05;

  /** The verdict of a finished (not diverged) run; NaN values (no test yet) count as stalled. */
  public static Verdict of(double finalTrainLoss, double finalTestAccuracy, int classes) {
    boolean lossOk = finalTrainLoss <= LOSS_FRACTION * Math.log(classes);
    boolean accuracyOk = finalTestAccuracy >= 1.0 / classes + ACCURACY_MARGIN;
    return lossOk && accuracyOk ? CONVERGED : STALLED;
  }

  /** converged, stalled, diverged. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
