package dev.trainer.layer;

import dev.trainer.UserError;
import dev.trainer.tensor.Heap;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A sequential net of named layers: forward in order, backward in reverse, with residual
 * {@link Shortcut}s that add the output of an earlier layer (the net adds the shortcut's gradient
 * for that output to the one flowing back into it). Each layer gets its own
 * random stream derived from the root seed and its name, used for its initialization and then for
 * its noise (dropout masks, RReLU slopes), so that adding a layer does not change the others'
 * initial weights and the streams can be checkpointed.
 */
public final class Net {
  private final List<String> names = new ArrayList<>();
  /** Where layers were configured (file:line), by name: errors in setup name it. */
  private final Map<String, String> places = new HashMap<>();
  private final List<Layer> layers = new ArrayList<>();
  private final List<Shape> outputShapes = new ArrayList<>();
  private final List<Rng> rngs = new ArrayList<>();
  private Tensor[] outputs = new Tensor[0];
  private Shape inputShape;
  /** The net's input in the last forward pass (a shortcut may start there). */
  private Tensor input;
  /** Per layer, the shortcuts that add its output; and the sum of their gradients with its own. */
  private List<List<Shortcut>> shortcutsFrom = new ArrayList<>();
  private Tensor[] merged = new Tensor[0];
  /** The index of the first layer with parameters (-1: none, or not set up yet); fixed by setup. */
  private int lowestWithParams = -1;

  /** Appends a layer; names must be unique. */
  public Net add(String name, Layer layer) {
    if (names.contains(name)) throw new IllegalArgumentException("duplicate layer name '" + name + "'");
    names.add(name);
    layers.add(layer);
    return this;
  }

  /**
   * Records where layer {@code name} was configured (file:line), which setup errors name; layers
   * named after it ({@code conv1.bn}, {@code conv1.relu}) share the place.
   */
  public void place(String name, String where) {
    places.put(name, where);
  }

  /**
   * Sets up every layer for the per-example input shape, initializes all parameters and reports
   * one line per parameter ({@code conv1.weight 192x3x5x5: gaussian std=0.05}) to {@code log}.
   * Returns the per-example output shape. A layer that cannot take its input (a kernel larger than
   * the image, a conv after a flatten) or does not fit in memory is a {@link UserError} naming the
   * layer and where it was configured.
   */
  public Shape setup(Shape input, Rng root, Consumer<String> log) {
    inputShape = input;
    lowestWithParams = -1;
    Shape shape = input;
    shortcutsFrom = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) shortcutsFrom.add(new ArrayList<>());
    for (int i = 0; i < layers.size(); i++) {
      Rng rng = root.stream(names.get(i));
      shape = setupLayer(i, shape, rng);
      outputShapes.add(shape);
      rngs.add(rng);
      for (Param p : layers.get(i).params()) {
        log.accept(names.get(i) + "." + p.name() + " " + p.value.shape() + ": " + p.initialize(rng));
        if (lowestWithParams < 0) lowestWithParams = i;
      }
    }
    outputs = new Tensor[layers.size()];
    merged = new Tensor[layers.size()];
    return shape;
  }

  private Shape setupLayer(int i, Shape input, Rng rng) {
    try {
      Layer layer = layers.get(i);
      return layer instanceof Shortcut s ? setupShortcut(i, s, input, rng) : layer.setup(input, rng);
    } catch (UserError | IllegalArgumentException e) {
      throw new UserError(describe(i) + ": " + e.getMessage(), 2, e);
    } catch (OutOfMemoryError e) {
      throw new UserError(describe(i) + ": out of memory setting it up for input " + input + "; " + Heap.hint(), 2, e);
    }
  }

  /** {@code a.conf:12: layer 'conv2'}, for messages. */
  public String describe(int i) {
    String name = names.get(i);
    String where = places.get(name);
    if (where == null && name.contains(".")) where = places.get(name.substring(0, name.lastIndexOf('.')));
    return (where == null ? "" : where + ": ") + "layer '" + name + "'";
  }

  /** Binds the shortcut at {@code i} to its source's shape; a shape mismatch names both ends. */
  private Shape setupShortcut(int i, Shortcut s, Shape shape, Rng rng) {
    int from = s.source();
    if (from >= i) throw new IllegalArgumentException("shortcut " + names.get(i) + " from layer " + from + " is not below it");
    Shape sourceShape = from < 0 ? inputShape : outputShapes.get(from);
    s.bindSource(sourceShape);
    if (from >= 0) shortcutsFrom.get(from).add(s);
    try {
      return s.setup(shape, rng);
    } catch (IllegalArgumentException e) {
      throw new UserError("cannot add the output of " + (from < 0 ? "the input" : names.get(from))
          + " (" + sourceShape + ") to that of " + (i == 0 ? "the input" : names.get(i - 1)) + " (" + shape + "): "
          + e.getMessage(), 2);
    }
  }

  public Tensor forward(Tensor x, Mode mode) {
    for (int i = 0; i < layers.size(); i++) x = forwardLayer(i, x, mode);
    return x;
  }

  /** Layer i's step of {@link #forward}: a shortcut also gets its source's output. */
  public Tensor forwardLayer(int i, Tensor x, Mode mode) {
    if (i == 0) input = x;
    Layer layer = layers.get(i);
    Tensor y = layer instanceof Shortcut s
        ? s.forward(x, s.source() < 0 ? input : outputs[s.source()], mode)
        : layer.forward(x, mode);
    outputs[i] = y;
    return y;
  }

  /**
   * Backpropagates dL/d(output) and adds into every parameter gradient. Nothing reads the gradient
   * of the net's input, so the lowest layer with parameters runs {@link Layer#backwardParams} and
   * the parameterless layers below it (a flatten, say) are skipped.
   */
  public void backward(Tensor dy) {
    for (int i = layers.size() - 1; i >= lowestBackward(); i--) dy = backwardLayer(i, dy);
  }

  /**
   * Layer i's step of {@link #backward}: its backward pass, returning dL/d(its input), or for the
   * lowest layer with parameters only {@link Layer#backwardParams}, returning null.
   */
  public Tensor backwardLayer(int i, Tensor dy) {
    if (i != lowestWithParams) return backwardFull(i, dy);
    layers.get(i).backwardParams(withShortcuts(i, dy));
    return null;
  }

  /**
   * Layer i's backward pass with dL/d(its input) always computed (what {@link #backward} skips for
   * the lowest layer with parameters). Layers above i must have run theirs, as in {@link #backward}.
   */
  public Tensor backwardFull(int i, Tensor dy) {
    return layers.get(i).backward(withShortcuts(i, dy));
  }

  /** dL/d(output of layer i): {@code dy} plus the gradient of every shortcut that added that output. */
  private Tensor withShortcuts(int i, Tensor dy) {
    List<Shortcut> from = shortcutsFrom.get(i);
    if (from.isEmpty()) return dy;
    Tensor sum = merged[i] = Tensor.reuse(merged[i], dy.shape());
    sum.copyFrom(dy);
    for (Shortcut s : from) {
      float[] g = s.sourceGrad().data;
      for (int k = 0; k < g.length; k++) sum.data[k] += g[k];
    }
    return sum;
  }

  /** The lowest layer {@link #backward} visits: the first with parameters, or 0 if none has any. */
  public int lowestBackward() {
    return Math.max(lowestWithParams, 0);
  }

  /** The index of the first layer that has parameters, or -1 (found once, in {@link #setup}). */
  public int lowestWithParams() {
    return lowestWithParams;
  }

  /** Forward floating-point operations per example, summed over the layers (conv and fc count). */
  public long flopsPerExample() {
    long flops = 0;
    for (Layer layer : layers) flops += layer.flopsPerExample();
    return flops;
  }

  /** Every parameter with its qualified name, in layer order. */
  public List<NamedParam> params() {
    List<NamedParam> all = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      for (Param p : layers.get(i).params()) all.add(new NamedParam(names.get(i) + "." + p.name(), names.get(i), p));
    }
    return all;
  }

  public void zeroGrads() {
    for (NamedParam p : params()) p.param().zeroGrad();
  }

  public int size() {
    return layers.size();
  }

  public Layer layer(int i) {
    return layers.get(i);
  }

  public String name(int i) {
    return names.get(i);
  }

  public List<String> names() {
    return Collections.unmodifiableList(names);
  }

  public Shape inputShape() {
    return inputShape;
  }

  /** Per-example output shape of layer i (after setup). */
  public Shape outputShape(int i) {
    return outputShapes.get(i);
  }

  /** Output of layer i in the last forward pass (owned by the layer). */
  public Tensor output(int i) {
    return outputs[i];
  }

  /** The per-layer random streams, in layer order, for checkpoints. */
  public List<Rng> rngs() {
    return Collections.unmodifiableList(rngs);
  }
}
