package dev.trainer.cli;

import dev.trainer.bench.ActivationBench;
import dev.trainer.bench.GemmBench;
import dev.trainer.bench.ModelsBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code trainer bench}: groups the micro-benchmarks; prints its usage when run alone. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure the speed of the compute kernels.",
    subcommands = {GemmBench.class, ActivationBench.class, ModelsBench.class})
public final class BenchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
