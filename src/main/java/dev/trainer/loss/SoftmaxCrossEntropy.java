package dev.trainer.loss;

import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;

/**
 * Softmax followed by the multinomial logistic loss (Caffe's SoftmaxWithLoss), averaged over the
 * batch. For logits z of shape [N, K] and labels t:
 *
 * <pre>
 *   p[n][j] = exp(z[n][j] − max_j z[n]) / Σ_i exp(z[n][i] − max_j z[n])
 *   L       = (1/N) Σ_n (log Σ_i exp(z[n][i] − max) − (z[n][t_n] − max))
 *   dL/dz[n][j] = (p[n][j] − [j = t_n]) / N
 * </pre>
 *
 * Subtracting the row maximum keeps exp finite for any logits; the sums run in double.
 */
public final class SoftmaxCrossEntropy {
  private Tensor logits; // a copy, so the queries below stay valid after the net runs again
  private int[] labels;
  private Tensor probs;
  private Tensor grad;

  /**
   * Returns the mean loss of a batch; any per-example shape is read as K classes.
   *
   * @throws IllegalArgumentException if the label count is not N or a label is not in [0, K)
   */
  public double forward(Tensor logits, int[] labels) {
    int n = logits.batch();
    int k = logits.size() / n;
    if (labels.length != n) throw new IllegalArgumentException(labels.length + " labels for a batch of " + n);
    for (int t : labels) {
      if (t < 0 || t >= k) throw new IllegalArgumentException("label " + t + " not in [0, " + k + ")");
    }
    this.logits = Tensor.reuse(this.logits, logits.shape());
    this.logits.copyFrom(logits);
    if (this.labels == null || this.labels.length != n) this.labels = new int[n];
    System.arraycopy(labels, 0, this.labels, 0, n);
    probs = Tensor.reuse(probs, Shape.of(n, k));
    double total = 0;
    for (int e = 0; e < n; e++) total += softmaxRow(logits.data, e * k, k, labels[e]);
    return total / n;
  }

  /** Writes the softmax of one row into probs and returns its loss −log p[label]. */
  private double softmaxRow(float[] z, int off, int k, int label) {
    float max = z[off];
    for (int j = 1; j < k; j++) max = Math.max(max, z[off + j]);
    double sum = 0;
    for (int j = 0; j < k; j++) sum += Math.exp((double) z[off + j] - max);
    for (int j = 0; j < k; j++) probs.data[off + j] = (float) (Math.exp((double) z[off + j] - max) / sum);
    return Math.log(sum) - ((double) z[off + label] - max);
  }

  /** dL/dlogits of the last forward, {@code (softmax − onehot) / N}, shaped like the logits. */
  public Tensor backward() {
    int n = logits.batch();
    int k = probs.size() / n;
    grad = Tensor.reuse(grad, logits.shape());
    for (int e = 0; e < n; e++) {
      for (int j = 0; j < k; j++) {
        int i = e * k + j;
        grad.data[i] = (probs.data[i] - (j == labels[e] ? 1f : 0f)) / n;
      }
    }
    return grad;
  }

  /** The softmax probabilities of the last forward, [N, K]. */
  public Tensor probabilities() {
    return probs;
  }

  /** The arg-max class of every example of the last forward (the lowest index on ties). */
  public int[] predictions() {
    int n = logits.batch();
    int k = probs.size() / n;
    int[] pred = new int[n];
    for (int e = 0; e < n; e++) {
      int best = 0;
      for (int j = 1; j < k; j++) if (logits.data[e * k + j] > logits.data[e * k + best]) best = j;
      pred[e] = best;
    }
    return pred;
  }

  /**
   * Top-k hits of the last forward. An example counts as correct only when its label's logit is
   * finite and fewer than k other classes have a logit that is greater than <em>or equal to</em> it
   * or NaN:
   *
   * <pre>
   *   hit(n) = isFinite(z[n][t_n])  and  #{ j ≠ t_n : z[n][j] ≥ z[n][t_n] or z[n][j] is NaN } &lt; k
   * </pre>
   *
   * A tie or a comparison that cannot be made counts against the label, so a net whose logits are
   * all equal (or NaN) scores 0, not 1, and no arbitrary tie-break can inflate the score. This is
   * what BVLC Caffe's Accuracy layer counts since 2017 ({@code >=}, the true class included).
   */
  public int correct(int k) {
    int n = logits.batch();
    int classes = probs.size() / n;
    int hits = 0;
    for (int e = 0; e < n; e++) if (hit(e * classes, classes, labels[e], k)) hits++;
    return hits;
  }

  private boolean hit(int off, int classes, int label, int k) {
    float target = logits.data[off + label];
    if (!Float.isFinite(target)) return false;
    int rivals = 0;
    for (int j = 0; j < classes; j++) {
      float z = logits.data[off + j];
      if (j != label && !(z < target)) rivals++;
    }
    return rivals < k;
  }
}
