package dev.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {
  private static String resolved(String policy, int maxIter, double lr) {
    return "# header\n[solver]\nlr_policy = " + policy + "\nmax_iter = " + maxIter + "\nbase_lr = " + lr
        + "\n[conv]\nname = conv1\nfilters = 8\n";
  }

  @Test
  void lengthOfTrainingMayChangeOnResume() {
    assertEquals(List.of(), ConfigDiff.differences(resolved("step", 100, 0.1), resolved("step", 200, 0.1)));
  }

  @Test
  void otherKeysAreNamed() {
    assertEquals(List.of("solver.base_lr"), ConfigDiff.differences(resolved("step", 100, 0.1), resolved("step", 100, 0.2)));
  }

  @Test
  void polyScheduleDependsOnMaxIterSoItMayNotChange() {
    assertEquals(List.of("solver.max_iter"), ConfigDiff.differences(resolved("poly", 100, 0.1), resolved("poly", 200, 0.1)));
  }

  @Test
  void cosineOverTheWholeRunDependsOnMaxIterButWithAPeriodDoesNot() {
    assertEquals(List.of("solver.max_iter"), ConfigDiff.differences(resolved("cosine", 100, 0.1) + "[solver]\ncosine_period = 0\n",
        resolved("cosine", 200, 0.1) + "[solver]\ncosine_period = 0\n"));
    assertEquals(List.of(), ConfigDiff.differences(resolved("cosine", 100, 0.1) + "[solver]\ncosine_period = 50\n",
        resolved("cosine", 200, 0.1) + "[solver]\ncosine_period = 50\n"));
  }
}
