package dev.trainer.data;

import java.util.List;

/**
 * A transformation of the examples that may be fitted to data (a mean, a whitening matrix). It is
 * fitted on the training set only and then applied unchanged to every split, so no statistic of
 * the validation or test data leaks into training. {@link #apply} rewrites {@code images} in place.
 */
public interface Preprocessor {
  /** Estimates this step's statistics from the training set (after the earlier steps). */
  void fit(Dataset train);

  /** Transforms every example of {@code data} in place with the fitted statistics. */
  void apply(Dataset data);

  /** One line for the run log, e.g. {@code "zca filter_bias=0.1 D=3072"}. */
  String describe();

  /**
   * Runs the steps in order: each is fitted on the training set as transformed by the previous
   * steps, then applied to the training set and to {@code others} (validation, test).
   */
  static void fitAndApply(List<Preprocessor> steps, Dataset train, List<Dataset> others) {
    for (Preprocessor p : steps) {
      p.fit(train);
      p.apply(train);
      for (Dataset d : others) p.apply(d);
    }
  }
}
