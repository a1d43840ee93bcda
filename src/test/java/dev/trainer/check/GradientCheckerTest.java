package dev.trainer.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.activation.ReLU;
import dev.trainer.layer.Layer;
import dev.trainer.layer.Mode;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientCheckerTest {

  static Tensor randomInput(Rng rng, int... dims) {
    Tensor x = Tensor.of(dims);
    for (int i = 0; i < x.size(); i++) x.data[i] = (float) rng.nextGaussian();
    return x;
  }

  @Test
  void reluPassesAwayFromItsKink() {
    Rng rng = new Rng(1);
    ReLU relu = new ReLU();
    relu.setup(Shape.of(3, 4, 4), rng);
    List<GradientChecker.Result> results =
        GradientChecker.defaults().check(relu, null, randomInput(rng, 2, 3, 4, 4), Mode.TRAIN, rng);
    assertTrue(results.get(0).ok(), results.toString());
    assertTrue(results.get(0).checked() > 50);
  }

  /** The checker must be able to fail: a layer whose backward is off by a factor 2 is caught. */
  @Test
  void detectsAWrongGradient() {
    Rng rng = new Rng(2);
    Layer wrong = new Layer() {
      private final ReLU relu = new ReLU();

      @Override
      public Shape setup(Shape input, Rng r) {
        return relu.setup(input, r);
      }

      @Override
      public Tensor forward(Tensor x, Mode mode) {
        return relu.forward(x, mode);
      }

      @Override
      public Tensor backward(Tensor dy) {
        Tensor dx = relu.backward(dy);
        for (int i = 0; i < dx.size(); i++) dx.data[i] *= 2;
        return dx;
      }
    };
    wrong.setup(Shape.of(10), rng);
    List<GradientChecker.Result> results =
        GradientChecker.defaults().check(wrong, null, randomInput(rng, 4, 10), Mode.TRAIN, rng);
    assertFalse(results.get(0).ok());
  }
}
