package dev.trainer.cli;

import dev.trainer.config.Config;
import dev.trainer.data.BatchIterator;
import dev.trainer.init.StartupStats;
import dev.trainer.layer.Net;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Tensor;
import dev.trainer.train.DataPipeline;
import dev.trainer.train.NetBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code trainer startup CONFIG [key=value …]}: how the freshly initialized net of CONFIG
 * propagates one training batch — per layer the output mean and std and the std of the gradient
 * reaching its input — and the first-to-last ratios. He et al.'s and the MPELU paper's depth
 * arguments are about exactly these numbers.
 */
@Command(name = "startup", mixinStandardHelpOptions = true,
    description = "Print per-layer activation and gradient std of the initialized net on one training batch.")
public final class StartupCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CONFIG", description = "config file")
  Path config;

  @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "overrides, e.g. net.init=taylor")
  List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() {
    StartupStats stats = measure(Config.load(config, overrides), line -> { });
    stats.lines().forEach(System.out::println);
    System.out.printf(Locale.ROOT, "forward std ratio (last/first weight layer): %.4g%n", stats.forwardRatio());
    System.out.printf(Locale.ROOT, "backward std ratio (first/last weight layer): %.4g%n", stats.backwardRatio());
    return 0;
  }

  /** Builds the configured net and measures it on the first training batch. */
  public static StartupStats measure(Config cfg, java.util.function.Consumer<String> log) {
    Rng root = new Rng(cfg.solver().integer("random_seed"));
    DataPipeline data = DataPipeline.load(cfg, root.stream("data"), log);
    Net net = new NetBuilder().build(cfg.layers(), data.inputShape(), root.stream("init"), log);
    Tensor batch;
    try (BatchIterator it = data.trainBatches(root.stream("order"))) {
      batch = it.next().x.copy();
    }
    return StartupStats.measure(net, batch, root.stream("startup"));
  }
}
