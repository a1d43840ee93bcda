package dev.trainer.init;

/**
 * Fan-in and fan-out of a weight tensor. Fully connected weights [out, in]: fan-in = in units,
 * fan-out = out units. Convolution weights [C_out, C_in, k, k]: fan-in = k·k·C_in, fan-out =
 * k·k·C_out (as in Caffe's fillers).
 */
public record Fan(int in, int out) {

  public static Fan fullyConnected(int inputs, int outputs) {
    return new Fan(inputs, outputs);
  }

  public static Fan conv(int inChannels, int outChannels, int kernel) {
    return new Fan(kernel * kernel * inChannels, kernel * kernel * outChannels);
  }
}
