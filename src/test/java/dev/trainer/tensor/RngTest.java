package dev.trainer.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class RngTest {
  @Test
  void sameSeedSameSequenceAndRestoredStateContinuesExactly() {
    Rng a = new Rng(42);
    Rng b = new Rng(42);
    for (int i = 0; i < 100; i++) assertEquals(a.nextLong(), b.nextLong());
    a.nextGaussian();
    long[] saved = a.state();
    double[] expected = {a.nextGaussian(), a.nextGaussian(), a.nextDouble()};
    Rng c = new Rng(7);
    c.restore(saved);
    assertArrayEquals(expected, new double[] {c.nextGaussian(), c.nextGaussian(), c.nextDouble()});
  }

  @Test
  void streamsDependOnNameAndAreReproducible() {
    Rng root = new Rng(1);
    assertEquals(root.stream("conv1").nextLong(), new Rng(1).stream("conv1").nextLong());
    assertNotEquals(root.stream("conv1").nextLong(), root.stream("conv2").nextLong());
  }

  @Test
  void gaussianHasUnitVarianceAndUniformIsInRange() {
    Rng r = new Rng(3);
    double s = 0, s2 = 0;
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      double g = r.nextGaussian();
      s += g;
      s2 += g * g;
      float u = r.nextFloat();
      if (u < 0 || u >= 1) throw new AssertionError(u);
    }
    assertEquals(0, s / n, 0.01);
    assertEquals(1, s2 / n, 0.01);
  }
}
