package dev.trainer.activation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.trainer.layer.Mode;
import dev.trainer.layer.Param;
import dev.trainer.tensor.Parallel;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every activation gives bit-identical outputs and gradients on 1 and 2 threads, in TRAIN (with
 * its noise: RReLU, noisy units) and TEST. The batches are large enough (over 65536 elements) to be
 * split into parts and into several noise blocks; one layout has rows that are not a whole number
 * of vectors.
 */
class ThreadsTest {
  private static final Map<Shape, Integer> LAYOUTS =
      Map.of(Shape.of(6, 64, 64), 3, Shape.of(4, 13, 13), 100, Shape.of(8), 10000);

  static List<ActivationType> types() {
    return List.copyOf(Activations.all());
  }

  /** y and dx of two TRAIN passes and a TEST pass, then the parameter gradients. */
  private static List<float[]> run(ActivationType type, Shape shape, int batch, int threads) {
    int before = Parallel.threads();
    Parallel.setThreads(threads);
    try {
      Rng rng = new Rng(21);
      Activation a = ActivationGradcheck.build(type, ActivationGradcheck.variants(type, false).values().iterator()
          .next(), shape, rng.stream("layer"));
      Tensor x = new Tensor(shape.withBatch(batch));
      for (int i = 0; i < x.size(); i++) x.data[i] = (float) (3 * rng.nextGaussian());
      List<float[]> out = new ArrayList<>();
      for (Mode mode : new Mode[] {Mode.TRAIN, Mode.TRAIN, Mode.TEST}) {
        Tensor y = a.forward(x, mode);
        out.add(y.data.clone());
        Tensor dy = new Tensor(y.shape());
        for (int i = 0; i < dy.size(); i++) dy.data[i] = (float) rng.nextGaussian();
        out.add(a.backward(dy).data.clone());
      }
      for (Param p : a.params()) out.add(p.grad.data.clone());
      return out;
    } finally {
      Parallel.setThreads(before);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void oneAndTwoThreadsGiveIdenticalResults(ActivationType type) {
    for (Map.Entry<Shape, Integer> layout : LAYOUTS.entrySet()) {
      List<float[]> one = run(type, layout.getKey(), layout.getValue(), 1);
      List<float[]> two = run(type, layout.getKey(), layout.getValue(), 2);
      for (int i = 0; i < one.size(); i++) {
        assertArrayEquals(one.get(i), two.get(i), type.name() + " " + layout.getKey() + " tensor " + i);
      }
    }
  }
}
