package dev.trainer.cli;

import dev.trainer.activation.ActivationGradcheck;
import dev.trainer.activation.ActivationType;
import dev.trainer.activation.Activations;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trainer gradcheck}: compares the analytic gradients of activations with central
 * differences ({@link ActivationGradcheck}) and prints one row per activation × variant × layout ×
 * tensor. Exit status 1 if any check fails, 2 for an unknown activation name.
 */
@Command(name = "gradcheck", mixinStandardHelpOptions = true,
    description = "Check activation gradients (input and learnable parameters) against finite differences "
        + "on NxF and NxCxHxW batches, in training mode with the noise frozen.")
public final class GradcheckCommand implements Callable<Integer> {
  @Option(names = "--activation", defaultValue = "all", paramLabel = "all|NAME",
      description = "activation to check (default: all)")
  String activation;

  @Option(names = "--shared", description = "also check the channel-shared variant of learnable parameters")
  boolean shared;

  @Option(names = "--seed", defaultValue = "1", description = "seed of inputs and noise (default: 1)")
  long seed;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Collection<ActivationType> types = activation.equals("all")
        ? Activations.all() : List.of(Activations.get(activation, "--activation"));
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%-18s %-8s %-8s %-7s %12s %7s  %s%n", "activation", "variant", "layout", "tensor", "max_rel_err",
        "checked", "result");
    int rows = 0;
    int failed = 0;
    for (ActivationType t : types) {
      for (ActivationGradcheck.Row r : ActivationGradcheck.run(t, shared, seed)) {
        out.printf("%-18s %-8s %-8s %-7s %12.3e %7d  %s%n", r.activation(), r.variant(), r.layout(), r.tensor(),
            r.maxError(), r.checked(), r.ok() ? "ok" : "FAIL");
        rows++;
        if (!r.ok()) failed++;
      }
    }
    out.printf("%d checks, %d failed%n", rows, failed);
    out.flush();
    return failed == 0 ? 0 : 1;
  }
}
