package dev.trainer.data;

/**
 * Per-channel standardisation: {@code x[c] ← (x[c] − mean[c]) / std[c]}, where mean and std are the
 * mean and population standard deviation of channel c over all pixels of all training examples. A
 * channel with std 0 is only centred.
 */
public final class ChannelNormalization implements Preprocessor {
  private float[] mean;
  private float[] std;

  @Override
  public void fit(Dataset train) {
    int channels = train.shape().channels();
    int spatial = train.shape().spatial();
    double[] sum = new double[channels];
    double[] sumSq = new double[channels];
    float[] x = train.images;
    for (int i = 0; i < train.size(); i++) {
      for (int c = 0; c < channels; c++) {
        int off = (i * channels + c) * spatial;
        double s = 0, q = 0;
        for (int p = 0; p < spatial; p++) {
          double v = x[off + p];
          s += v;
          q += v * v;
        }
        sum[c] += s;
        sumSq[c] += q;
      }
    }
    double count = (double) train.size() * spatial;
    mean = new float[channels];
    std = new float[channels];
    for (int c = 0; c < channels; c++) {
      double m = sum[c] / count;
      double var = Math.max(0, sumSq[c] / count - m * m);
      mean[c] = (float) m;
      std[c] = var > 0 ? (float) Math.sqrt(var) : 1f;
    }
  }

  @Override
  public void apply(Dataset data) {
    if (mean == null) throw new IllegalStateException("apply before fit");
    int channels = data.shape().channels();
    int spatial = data.shape().spatial();
    float[] x = data.images;
    for (int i = 0; i < data.size(); i++) {
      for (int c = 0; c < channels; c++) {
        int off = (i * channels + c) * spatial;
        float m = mean[c];
        float inv = 1f / std[c];
        for (int p = 0; p < spatial; p++) x[off + p] = (x[off + p] - m) * inv;
      }
    }
  }

  public float[] mean() {
    return mean.clone();
  }

  public float[] std() {
    return std.clone();
  }

  @Override
  public String describe() {
    StringBuilder b = new StringBuilder("channel-normalization");
    for (int c = 0; c < mean.length; c++) b.append(String.format(" c%d: mean=%.4f std=%.4f", c, mean[c], std[c]));
    return b.toString();
  }
}
