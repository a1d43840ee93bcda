package dev.trainer.cli;

import dev.trainer.UserError;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code trainer}: the command line. One class per subcommand; exit status 0 on success, 1 when a
 * run fails, 2 for bad usage or input. User errors print one line, never a stack trace.
 */
@Command(name = "trainer", mixinStandardHelpOptions = true, version = "trainer 0.1.0",
    description = "Train and compare neural networks with pluggable activation functions.",
    subcommands = {CommandLine.HelpCommand.class, RunCommand.class, TestCommand.class, TimeCommand.class,
        SweepCommand.class, PlotCommand.class, StartupCommand.class, InfoCommand.class, GradcheckCommand.class,
        DataCommand.class, BenchCommand.class})
public final class Main implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns the exit status (used by tests). */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(Main::handle);
    cli.setParameterExceptionHandler(Main::usageError);
    return cli.execute(args);
  }

  /**
   * A command line picocli cannot parse (unknown subcommand or option, missing argument): one line
   * naming the problem and the command whose help explains it, exit status 2.
   */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    String suggestion = "";
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
      suggestion = " (did you mean '" + String.join("' or '", u.getSuggestions()) + "'?)";
    }
    PrintWriter err = cli.getErr();
    err.println("error: " + e.getMessage().replace('\n', ' ').trim() + suggestion
        + "; see '" + cli.getCommandSpec().qualifiedName() + " --help'");
    err.flush();
    return cli.getCommandSpec().exitCodeOnInvalidInput();
  }

  private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    if (e instanceof UserError u) {
      err.println("error: " + u.getMessage());
      err.flush();
      return u.exitCode();
    }
    err.println("internal error: " + e);
    e.printStackTrace(err);
    err.flush();
    return 1;
  }
}
