package dev.trainer.init;

import dev.trainer.config.Option;
import dev.trainer.layer.Mode;
import dev.trainer.layer.Net;
import dev.trainer.layer.Param;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Layer-sequential unit-variance initialization (Mishkin &amp; Matas, "All you need is a good
 * init", ICLR 2016):
 *
 * <pre>
 *   1. every weight W with init = lsuv ← random orthonormal (Orthonormal), during setup
 *   2. for each such layer l, from input to output:
 *        forward a fresh training batch up to layer l;  v = Var(output of layer l)  (over all elements)
 *        while |v − target| ≥ tol and fewer than max_iter rescales:
 *          W_l ← W_l · sqrt(target / v);  forward the next batch;  v = Var(output of layer l)
 * </pre>
 *
 * As in the authors' script ({@code lsuv_init.py}), every forward pass runs the training net
 * (TRAIN mode: dropout on, batch norm with batch statistics) on the next batch of the training
 * data, so a layer after a dropout reaches the target variance at training time; in TEST mode it
 * would reach only (1 − p)·target per dropout. The variance is that of the convolution / fully
 * connected layer's own output, before its activation, as in the MPELU repo's
 * {@code lsuv_init_python3.py} ({@code var_before_relu_if_inplace}, which stops the forward pass at
 * the layer). Weights are the parameters named {@code weight} with rank ≥ 2 ([out, in] or
 * [C_out, C_in, k, k]) whose initializer is LSUV, each with its own options; other weights keep the
 * values of their own initializer and biases are left as they are. The passes leave no other
 * trace: batch-norm statistics and the layers' random streams are restored afterwards. Defaults
 * from that script: tol 0.02, max_iter 20, target 1. The MPELU authors report that LSUV made 30-
 * and 52-layer ELU plain nets explode, so it is here to be compared, not recommended.
 *
 * <p>As an {@link Initializer} (config {@code init = lsuv}) it does step 1 for its parameter
 * during {@code Net.setup}; the trainer then calls {@link #rescale} with the training batches.
 */
public final class Lsuv implements Initializer {
  public static final Option TOL = Option.real("tol", 0.02, "stop when |Var - target| < tol").range(0, Double.POSITIVE_INFINITY);
  public static final Option MAX_ITER = Option.integer("max_iter", 20, "most rescales per layer").range(1, 1000);
  public static final Option TARGET = Option.real("target", 1, "target training-time variance of each layer's output").range(0, Double.POSITIVE_INFINITY);

  private final double tol;
  private final int maxIter;
  private final double target;

  public Lsuv(double tol, int maxIter, double target) {
    this.tol = tol;
    this.maxIter = maxIter;
    this.target = target;
  }

  @Override
  public String fill(Tensor w, Fan fan, Rng rng) {
    Orthonormal.fill(w, rng);
    return String.format(Locale.ROOT, "lsuv orthonormal pre-init (rescaled to variance %s after setup, tol=%s, max_iter=%d)",
        Option.format(target), Option.format(tol), maxIter);
  }

  /** True for the parameters LSUV treats: named {@code weight}, rank ≥ 2. */
  public static boolean isWeight(Param p) {
    return p.name().equals("weight") && p.value.shape().rank() >= 2;
  }

  /**
   * Step 2 on a set-up net: rescales every weight whose initializer is an {@code Lsuv}, layer by
   * layer, drawing one batch from {@code batches} per forward pass. Returns one log line per weight
   * parameter: the variances for a rescaled one, "kept" for a weight of another initializer.
   */
  public static List<String> rescale(Net net, Supplier<Tensor> batches) {
    List<List<Tensor>> state = new ArrayList<>();
    for (int i = 0; i < net.size(); i++) state.add(copies(net.layer(i).state()));
    List<long[]> rngs = net.rngs().stream().map(Rng::state).toList();
    List<String> log = new ArrayList<>();
    for (int i = 0; i < net.size(); i++) {
      for (Param p : net.layer(i).params()) {
        if (!isWeight(p)) continue;
        String name = net.name(i) + "." + p.name() + ": ";
        if (p.init() instanceof Lsuv lsuv) log.add(name + lsuv.rescale(net, i, p, batches));
        else log.add(name + "kept (its init is not lsuv)");
      }
    }
    for (int i = 0; i < net.size(); i++) restore(net.layer(i).state(), state.get(i));
    for (int i = 0; i < rngs.size(); i++) net.rngs().get(i).restore(rngs.get(i));
    return log;
  }

  private String rescale(Net net, int layer, Param weight, Supplier<Tensor> batches) {
    double start = Moments.of(forwardTo(net, layer, batches.get())).variance();
    double v = start;
    int rescales = 0;
    while (Math.abs(v - target) >= tol && rescales < maxIter && Double.isFinite(v) && v > 0) {
      scale(weight.value, (float) Math.sqrt(target / v));
      rescales++;
      v = Moments.of(forwardTo(net, layer, batches.get())).variance();
    }
    String result = String.format(Locale.ROOT, "lsuv variance %.4g -> %.4g after %d rescales (training mode)",
        start, v, rescales);
    return Math.abs(v - target) < tol ? result : result + " (not within tol " + Option.format(tol) + ")";
  }

  private static Tensor forwardTo(Net net, int last, Tensor batch) {
    Tensor x = batch;
    for (int j = 0; j <= last; j++) {
      x = net.forwardLayer(j, x, Mode.TRAIN);
    }
    return x;
  }

  private static List<Tensor> copies(List<Tensor> tensors) {
    return tensors.stream().map(Tensor::copy).toList();
  }

  private static void restore(List<Tensor> targets, List<Tensor> saved) {
    for (int i = 0; i < targets.size(); i++) targets.get(i).copyFrom(saved.get(i));
  }

  private static void scale(Tensor t, float s) {
    float[] d = t.data;
    for (int i = 0; i < d.length; i++) d[i] *= s;
  }
}
