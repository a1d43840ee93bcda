package dev.trainer.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trainer.layer.Mode;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The vector formulas of the smooth units agree with the functions computed in double. */
class SmoothFormulasTest {

  @Test
  void softplusIsLogOfOnePlusExpToFloatPrecision() {
    // e^x is clamped below −87.3 (so it stays a normal float); the range stays above
    Tensor x = new Tensor(Shape.of(4001, 1));
    for (int i = 0; i < x.size(); i++) x.data[i] = -80 + 0.04f * i;
    x.data[2000] = 0f;
    Softplus softplus = new Softplus();
    softplus.setup(Shape.of(1), null);
    float[] y = softplus.forward(x, Mode.TRAIN).data;
    for (int i = 0; i < x.size(); i++) {
      double v = x.data[i];
      double expected = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
      assertEquals(expected, y[i], 3e-7 * expected, "softplus(" + v + ")");
    }
  }
}
