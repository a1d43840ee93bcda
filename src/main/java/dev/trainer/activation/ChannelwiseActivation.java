package dev.trainer.activation;

import dev.trainer.layer.Mode;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;

/**
 * Base of the shape-preserving activations with per-channel parameters (PReLU, MPELU, Swish,
 * noisy units). Element (n, c, s) of an N×C×H×W batch is at {@code (n·C + c)·S + s} with S = H·W;
 * an N×F batch is the same with C = F and S = 1. The loops are split by channel ranges, so each
 * channel's parameter gradient is summed by one thread in a fixed order.
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
    beforeForward();
    Loops.split(channels, x.length, this::forwardChannels);
    return output;
  }

  @Override
  public Tensor backward(Tensor top) {
    inputGrad = Tensor.reuse(inputGrad, top.shape());
    dy = top.data;
    dx = inputGrad.data;
    Loops.split(channels, x.length, this::backwardChannels);
    afterBackward();
    return inputGrad;
  }

  /** Sequential work before the parallel forward loops (e.g. drawing noise). */
  protected void beforeForward() {}

  /** Computes y for channels [from, to) of every example. */
  protected abstract void forwardChannels(int from, int to);

  /** Computes dx and the per-channel parameter sums for channels [from, to). */
  protected abstract void backwardChannels(int from, int to);

  /** Adds the per-channel sums into the parameter gradients. */
  protected abstract void afterBackward();

  /** Index of element (n, c, 0). */
  protected final int offset(int n, int c) {
    return (n * channels + c) * spatial;
  }
}
