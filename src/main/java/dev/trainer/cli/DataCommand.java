package dev.trainer.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code trainer data}: getting and inspecting data sets. */
@Command(name = "data", mixinStandardHelpOptions = true,
    description = "Download and inspect data sets.",
    subcommands = {DataFetchCommand.class, DataInfoCommand.class})
public final class DataCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
