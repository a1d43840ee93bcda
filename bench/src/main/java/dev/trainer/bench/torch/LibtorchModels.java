package dev.trainer.bench.torch;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.PairList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The nets of {@code trainer bench models} in libtorch through DJL, timed as the trainer times
 * them: random inputs, whole training steps (forward, softmax cross-entropy, backward, SGD with
 * {@code --momentum} and {@code --weight_decay} through {@link Trainer#step()}), one step at batch 16, then
 * {@code --warmup} steps, then {@code --steps} timed steps at {@code --batch}. Prints, as
 * {@code bench/models.py} does,
 *
 * <pre>
 *   label libtorch 2.7.1 (DJL 0.36.0, MKL/oneDNN, tcmalloc)
 *   threads 2
 *   step_seconds 0.81 0.80 ...
 * </pre>
 *
 * The allocator in the label is read from {@code /proc/self/maps}, so it says what was loaded,
 * not what was asked for. Threads: {@code -Dai.djl.pytorch.num_threads=T} (read when the engine
 * loads) and OMP_NUM_THREADS, set by the caller; the printed count is libtorch's own.
 */
public final class LibtorchModels {
  private LibtorchModels() {}

  private static final Map<String, Supplier<Block>> NETS = Map.of(
      "nin-relu", () -> nin(false),
      "nin-prelu", () -> nin(true),
      "quick-cnn", LibtorchModels::quickCnn,
      "mlp", LibtorchModels::mlp,
      "plain30", LibtorchModels::plain30);

  private static final Map<String, Shape> INPUTS = Map.of(
      "nin-relu", new Shape(3, 32, 32), "nin-prelu", new Shape(3, 32, 32), "quick-cnn", new Shape(3, 32, 32),
      "mlp", new Shape(1, 28, 28), "plain30", new Shape(3, 32, 32));

  public static void main(String[] args) throws IOException {
    Map<String, String> a = parse(args);
    String model = a.get("model");
    if (!NETS.containsKey(model)) usage("--model must be one of " + NETS.keySet() + ", got " + model);
    int batch = Integer.parseInt(a.getOrDefault("batch", "128"));
    int warmup = Integer.parseInt(a.getOrDefault("warmup", "1"));
    int steps = Integer.parseInt(a.getOrDefault("steps", "3"));
    float momentum = Float.parseFloat(a.getOrDefault("momentum", "0.9"));
    float weightDecay = Float.parseFloat(a.getOrDefault("weight_decay", "1e-4"));
    Engine engine = Engine.getEngine("PyTorch");
    System.out.printf(Locale.ROOT, "label libtorch %s (DJL %s, MKL/oneDNN, %s)%n", engine.getVersion(),
        Engine.getDjlVersion(), allocator());
    System.out.println("threads " + JniUtils.getNumThreads());
    if (model.endsWith("prelu")) {
      System.out.println("note PReLU composed of 4 element-wise ops: DJL's PyTorch engine has no prelu");
    }
    System.out.println("step_seconds " + String.join(" ", time(model, batch, warmup, steps, momentum, weightDecay)));
  }

  private static List<String> time(String model, int batch, int warmup, int steps, float momentum,
      float weightDecay) {
    Shape input = INPUTS.get(model);
    try (Model m = Model.newInstance(model, Device.cpu(), "PyTorch")) {
      m.setBlock(NETS.get(model).get());
      Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.01f)).optMomentum(momentum)
          .optWeightDecays(weightDecay).build();
      DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(sgd)
          .optDevices(new Device[] {Device.cpu()});
      try (Trainer trainer = m.newTrainer(config)) {
        trainer.initialize(new Shape(batch).addAll(input));
        NDManager nd = trainer.getManager();
        NDList small = new NDList(nd.randomNormal(new Shape(16).addAll(input)));
        NDList smallY = new NDList(nd.randomInteger(0, 10, new Shape(16), DataType.INT64));
        NDList full = new NDList(nd.randomNormal(new Shape(batch).addAll(input)));
        NDList fullY = new NDList(nd.randomInteger(0, 10, new Shape(batch), DataType.INT64));
        step(trainer, small, smallY);
        for (int i = 0; i < warmup; i++) step(trainer, full, fullY);
        List<String> seconds = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
          long start = System.nanoTime();
          step(trainer, full, fullY);
          seconds.add(String.format(Locale.ROOT, "%.6f", (System.nanoTime() - start) / 1e9));
        }
        return seconds;
      }
    }
  }

  /** One training step; the step's intermediate arrays live in a sub-manager closed at its end. */
  private static void step(Trainer trainer, NDList x, NDList y) {
    try (NDManager scope = trainer.getManager().newSubManager()) {
      x.tempAttach(scope);
      y.tempAttach(scope);
      try (GradientCollector collector = trainer.newGradientCollector()) {
        NDList out = trainer.forward(x);
        NDArray loss = trainer.getLoss().evaluate(y, out);
        collector.backward(loss);
      }
      trainer.step();
    }
  }

  /** configs/cifar10-nin-{relu,prelu}.conf at 32x32 (data.crop=0); PReLU per channel, slope 0.25. */
  private static Block nin(boolean prelu) {
    SequentialBlock net = new SequentialBlock();
    int[][] convs = {{192, 5, 2}, {160, 1, 0}, {96, 1, 0}, {192, 5, 2}, {192, 1, 0}, {192, 1, 0}, {192, 3, 1},
        {192, 1, 0}, {10, 1, 0}};
    for (int i = 0; i < convs.length; i++) {
      int[] c = convs[i];
      net.add(conv(c[0], c[1], c[2]));
      net.add(prelu ? new ChannelPrelu(c[0]) : Activation.reluBlock());
      if (i == 2) {
        net.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(0, 0), true));
        net.add(Dropout.builder().optRate(0.5f).build());
      } else if (i == 5) {
        net.add(Pool.avgPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(0, 0), true, false));
        net.add(Dropout.builder().optRate(0.5f).build());
      }
    }
    net.add(Pool.globalAvgPool2dBlock());
    return net;
  }

  /** configs/quick-cnn.conf: Caffe's cifar10_quick. */
  private static Block quickCnn() {
    return new SequentialBlock()
        .add(conv(32, 5, 2)).add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(0, 0), true))
        .add(Activation.reluBlock())
        .add(conv(32, 5, 2)).add(Activation.reluBlock())
        .add(Pool.avgPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(0, 0), true, false))
        .add(conv(64, 5, 2)).add(Activation.reluBlock())
        .add(Pool.avgPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(0, 0), true, false))
        .add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(64).build())
        .add(Linear.builder().setUnits(10).build());
  }

  /** configs/mlp.conf: 784-256-256-10 with ReLU. */
  private static Block mlp() {
    return new SequentialBlock().add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(256).build()).add(Activation.reluBlock())
        .add(Linear.builder().setUnits(256).build()).add(Activation.reluBlock())
        .add(Linear.builder().setUnits(10).build());
  }

  /** configs/plain30.conf: 30 3x3 convs of 16 channels, 10 each at 32x32, 16x16 and 8x8; no BN. */
  private static Block plain30() {
    SequentialBlock net = new SequentialBlock();
    for (int stage = 0; stage < 3; stage++) {
      if (stage > 0) net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
      for (int i = 0; i < 10; i++) net.add(conv(16, 3, 1)).add(Activation.reluBlock());
    }
    return net.add(Pool.globalAvgPool2dBlock()).add(Linear.builder().setUnits(10).build());
  }

  private static Block conv(int filters, int size, int pad) {
    return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(size, size))
        .optPadding(new Shape(pad, pad)).build();
  }

  /**
   * PReLU with one slope per channel (He et al. 2015): y = max(x, 0) + a_c min(x, 0). DJL's
   * PyTorch engine has no prelu (PtNDArrayEx.prelu throws "Not implemented"), so it is composed of
   * four element-wise ops, as a DJL user would have to; {@link #main} prints a note saying so.
   */
  private static final class ChannelPrelu extends AbstractBlock {
    private final Parameter alpha;

    ChannelPrelu(int channels) {
      alpha = addParameter(Parameter.builder().setName("alpha").setType(Parameter.Type.WEIGHT)
          .optShape(new Shape(channels)).optInitializer(new ConstantInitializer(0.25f)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
        PairList<String, Object> params) {
      NDArray x = inputs.singletonOrThrow();
      NDArray a = store.getValue(alpha, x.getDevice(), training).reshape(1, -1, 1, 1);
      return new NDList(Activation.relu(x).add(x.minimum(0f).mul(a)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return inputShapes;
    }
  }

  /** The allocator this process runs with, from the shared objects mapped into it. */
  static String allocator() throws IOException {
    String maps = Files.readString(Path.of("/proc/self/maps"));
    if (maps.contains("libtcmalloc")) return "tcmalloc";
    if (maps.contains("libjemalloc")) return "jemalloc";
    return "glibc malloc";
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> a = new java.util.HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) usage("bad argument " + args[i]);
      a.put(args[i].substring(2), args[i + 1]);
    }
    return a;
  }

  private static void usage(String why) {
    System.err.println("trainer-bench: " + why
        + "\nusage: java -jar trainer-bench.jar --model NAME [--batch 128] [--warmup 1] [--steps 3]"
        + " [--momentum 0.9] [--weight_decay 1e-4]");
    System.exit(2);
  }
}
