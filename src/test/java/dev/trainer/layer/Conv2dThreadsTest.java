package dev.trainer.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.trainer.init.Gaussian;
import dev.trainer.tensor.Parallel;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Conv2d splits the batch into fixed parts, so 1 and 2 threads give bit-identical results. */
class Conv2dThreadsTest {

  private static float[][] run(int threads) {
    int before = Parallel.threads();
    Parallel.setThreads(threads);
    try {
      Rng rng = new Rng(5);
      Conv2d conv = new Conv2d(6, 3, 1, 1, new Gaussian(0.1));
      conv.setup(Shape.of(4, 9, 9), rng);
      for (Param p : conv.params()) p.initialize(rng);
      Tensor x = Tensor.of(7, 4, 9, 9);
      for (int i = 0; i < x.size(); i++) x.data[i] = (float) rng.nextGaussian();
      Tensor y = conv.forward(x, Mode.TRAIN).copy();
      Tensor dy = new Tensor(y.shape());
      for (int i = 0; i < dy.size(); i++) dy.data[i] = (float) rng.nextGaussian();
      Tensor dx = conv.backward(dy).copy();
      return new float[][] {y.data, dx.data, conv.params().get(0).grad.data.clone(), conv.params().get(1).grad.data.clone()};
    } finally {
      Parallel.setThreads(before);
    }
  }

  @Test
  void oneAndTwoThreadsGiveIdenticalOutputsAndGradients() {
    float[][] one = run(1);
    float[][] two = run(2);
    for (int i = 0; i < one.length; i++) assertArrayEquals(one[i], two[i], "tensor " + i);
  }
}
