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
  void aKeyAddedAfterTheCheckpointCountsAsItsDefault() {
    String old = "[data]\nset = mnist\n" + resolved("step", 100, 0.1);
    String now = "[data]\nset = mnist\ntrain_file = train.csv\nfeature_columns =\nclasses = 0\n" + resolved("step", 100, 0.1);
    assertEquals(List.of(), ConfigDiff.differences(old, now));
    String other = "[data]\nset = mnist\nclasses = 3\n" + resolved("step", 100, 0.1);
    assertEquals(List.of("data.classes"), ConfigDiff.differences(old, other));
  }

  @Test
  void polyScheduleDependsOnMaxIterSoItMayNotChange() {
    assertEquals(List.of("solver.max_iter"), ConfigDiff.differences(resolved("poly", 100, 0.1), resolved("poly", 200, 0.1)));
  }

  @Test
  void layerKeysAreNamedByTheLayerNotAnInternalIndex() {
    String a = "[data]\nset = mnist\n[fc]\nname = fc1\noutputs = 100\n[fc]\nname = out\noutputs = 10\n";
    String b = a.replace("outputs = 100", "outputs = 200");
    assertEquals(List.of("fc1.outputs"), ConfigDiff.differences(a, b));
  }

  @Test
  void aLayerOnlyInOneConfigIsOneEntry() {
    String a = "[fc]\nname = fc1\noutputs = 100\nactivation = relu\n";
    String b = a + "[fc]\nname = fc2\noutputs = 10\nactivation = none\n";
    assertEquals(List.of("layer fc2"), ConfigDiff.differences(a, b));
  }

  /** A run saved before data.drop_last existed resumes: the missing key reads as today's default. */
  @Test
  void aKeyAddedLaterReadsAsItsOldBehaviourInAnOlderConfig() {
    String old = "[data]\nset = cifar10\n" + resolved("step", 100, 0.1);
    String now = "[data]\nset = cifar10\ndrop_last = true\n" + resolved("step", 100, 0.1);
    assertEquals(List.of(), ConfigDiff.differences(old, now));
    assertEquals(List.of("data.drop_last"), ConfigDiff.differences(old, now.replace("drop_last = true", "drop_last = false")));
  }

  @Test
  void cosineOverTheWholeRunDependsOnMaxIterButWithAPeriodDoesNot() {
    assertEquals(List.of("solver.max_iter"), ConfigDiff.differences(resolved("cosine", 100, 0.1) + "[solver]\ncosine_period = 0\n",
        resolved("cosine", 200, 0.1) + "[solver]\ncosine_period = 0\n"));
    assertEquals(List.of(), ConfigDiff.differences(resolved("cosine", 100, 0.1) + "[solver]\ncosine_period = 50\n",
        resolved("cosine", 200, 0.1) + "[solver]\ncosine_period = 50\n"));
  }
}
