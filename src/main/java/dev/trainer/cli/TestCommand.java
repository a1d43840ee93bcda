package dev.trainer.cli;

import dev.trainer.UserError;
import dev.trainer.config.Config;
import dev.trainer.train.Checkpoint;
import dev.trainer.train.ConfigDiff;
import dev.trainer.train.CsvLog;
import dev.trainer.train.Experiment;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trainer test CONFIG --weights CHECKPOINT [key=value …]}: builds the net and test set of
 * the config, loads the checkpoint's parameters and batch-norm statistics into the net and prints
 * the test loss, top-1 and top-5 accuracy, computed exactly as a run's test rows are. A note on
 * stderr names the net and data keys in which CONFIG differs from the checkpoint's config. A
 * checkpoint holding a NaN or infinite weight (or batch-norm statistic) is refused with exit 1,
 * naming the parameter.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
    description = "Evaluate a checkpoint on the test set of CONFIG: loss, top-1 and top-5 accuracy.")
public final class TestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CONFIG", description = "config file of the net and data (e.g. the run's config.resolved.conf)")
  Path config;

  @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "overrides, as for 'trainer run'")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--weights", required = true, paramLabel = "CHECKPOINT", description = "a run's last.ckpt, best.ckpt or iter_N.ckpt")
  Path weights;

  @Override
  public Integer call() {
    Config cfg = Config.load(config, overrides);
    if (!Files.isRegularFile(weights)) throw new UserError("--weights: no such checkpoint file " + weights, 2);
    Checkpoint checkpoint = Checkpoint.load(weights);
    List<String> differing = ConfigDiff.evaluationDifferences(checkpoint.config, cfg.resolved());
    if (!differing.isEmpty()) {
      spec.commandLine().getErr().println("note: " + config + " differs from the config in " + weights + " in "
          + String.join(", ", differing) + "; evaluating with " + config);
    }
    Experiment experiment = new Experiment(cfg, line -> {});
    experiment.restoreWeights(checkpoint);
    experiment.nonFinite().ifPresent(what -> {
      throw new UserError(weights + ": " + what + "; a net with non-finite weights has no test accuracy", 1);
    });
    double[] test = experiment.evaluate(experiment.data.test);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%s at iteration %d on %d test examples: loss %s  top-1 %s  top-5 %s%n", weights,
        checkpoint.iteration, (long) test[3], CsvLog.num(test[0]), CsvLog.num(test[1]), CsvLog.num(test[2]));
    out.flush();
    return 0;
  }
}
