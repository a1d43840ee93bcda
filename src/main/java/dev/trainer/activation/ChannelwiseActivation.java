package dev.trainer.activation;

import dev.trainer.layer.Mode;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;

/**
 * Base of the shape-preserving activations with per-channel parameters (PReLU, MPELU, Swish,
 * noisy units). Element (n, c, s) of an N×C×H×W batch is at {@code (n·C + c)·S + s} with S = H·W;
 * an N×F batch is the same with C = F and S = 1. Row r = n·C + c is the S elements of one example
 * and channel. The loops run over the rows in memory order ({@link #forEachRow}), in parallel parts
 * of whole rows; a parameter gradient is summed per row ({@link ChannelParam#rowSums}) and then per
 * channel over n in a fixed order, so results do not depend on the number of threads.
 */
public abstract class ChannelwiseActivation implements Activation {
  protected int channels;
  protected int spatial;
  /** Batch size of the last forward pass. */
  protected int batch;
  protected Mode mode;
  /** Input, output, top gradient and input gradient of the current pass. */
  protected float[] x;
  protected float[] y;
  protected float[] dy;
  protected float[] dx;
  private Tensor output;
  private Tensor inputGrad;

  /** Elements [from, to) of row {@code row}, all of channel c. */
  protected interface Row {
    void run(int row, int c, int from, int to);
  }

  @Override
  public Shape setup(Shape input, Rng rng) {
    channels = input.channels();
    spatial = input.spatial();
    createParams(channels, rng);
    return input;
  }

  /** Creates the parameters for {@code channels} channels; {@code rng} is the layer's stream. */
  protected abstract void createParams(int channels, Rng rng);

  @Override
  public Tensor forward(Tensor input, Mode mode) {
    this.mode = mode;
    batch = input.size() / (channels * spatial);
    output = Tensor.reuse(output, input.shape());
    x = input.data;
    y = output.data;
    forwardPass();
    return output;
  }

  @Override
  public Tensor backward(Tensor top) {
    inputGrad = Tensor.reuse(inputGrad, top.shape());
    dy = top.data;
    dx = inputGrad.data;
    backwardPass();
    return inputGrad;
  }

  /** Computes y from x. */
  protected abstract void forwardPass();

  /** Computes dx from dy (and x, y) and adds the parameter gradients. */
  protected abstract void backwardPass();

  /** Runs {@code body} on every row of the batch, in parallel parts of consecutive rows. */
  protected final void forEachRow(Row body) {
    int rows = batch * channels;
    Loops.split(rows, x.length, (from, to) -> {
      for (int r = from; r < to; r++) body.run(r, r % channels, r * spatial, (r + 1) * spatial);
    });
  }
}
