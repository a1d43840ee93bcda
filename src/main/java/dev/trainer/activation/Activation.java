package dev.trainer.activation;

import dev.trainer.layer.Layer;

/**
 * An activation function as a layer. Most keep the shape; Maxout divides the channels by k and
 * CReLU doubles them. Activations work on N×F (after fully connected layers, one "channel" per
 * unit) and on N×C×H×W (after convolutions, channel-wise parameters per C).
 *
 * <p>The two slopes below feed the initializers that depend on the following activation.
 */
public interface Activation extends Layer {

  /**
   * The negative slope {@code a} in He et al.'s {@code std = sqrt(2 / ((1 + a²) n))}: the slope of
   * a Leaky ReLU, the initial slope of a PReLU, the test slope of an RReLU, the fitted function's
   * slope for a PAU; 1 for SELU, whose E[selu(z)²] = 1 = ½(1 + a²) makes this its LeCun gain; 0 for
   * everything else (ReLU's gain; the class comments say where that is only an approximation).
   */
  default double heSlope() {
    return 0;
  }

  /**
   * The slope {@code αβ} of the first-order expansion of the negative branch at 0, as used by the
   * MPELU paper's Taylor initialization: α for ELU(α), αβ for MPELU, {@link #heSlope()} otherwise.
   */
  default double taylorSlope() {
    return heSlope();
  }
}
