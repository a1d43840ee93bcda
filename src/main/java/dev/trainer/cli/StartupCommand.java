package dev.trainer.cli;

import dev.trainer.config.Config;
import dev.trainer.init.StartupStats;
import dev.trainer.train.Experiment;
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

  /** Builds and initializes the configured net (LSUV included) and measures it on a training batch. */
  public static StartupStats measure(Config cfg, java.util.function.Consumer<String> log) {
    Experiment e = new Experiment(cfg, log);
    e.applyLsuv(log);
    return StartupStats.measure(e.net, e.firstBatch("order"), e.root.stream("startup"));
  }
}
