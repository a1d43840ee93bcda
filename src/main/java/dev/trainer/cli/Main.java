package dev.trainer.cli;

import dev.trainer.UserError;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code trainer}: the command line. One class per subcommand; exit status 0 on success, 1 when a
 * run fails, 2 for bad usage or input. Every error prints one line, never a stack trace: user errors
 * their message, anything else (a bug, the JVM out of memory or stack) what it was and the
 * command, with status 1. {@code --debug} (or {@code TRAINER_DEBUG=1}) adds the stack trace.
 */
@Command(name = "trainer", mixinStandardHelpOptions = true, version = "trainer 0.1.0",
    description = "Train and compare neural networks with pluggable activation functions.",
    subcommands = {CommandLine.HelpCommand.class, RunCommand.class, TestCommand.class, TimeCommand.class,
        SweepCommand.class, PlotCommand.class, StartupCommand.class, InfoCommand.class, GradcheckCommand.class,
        DataCommand.class, BenchCommand.class})
public final class Main implements Runnable {
  @Spec CommandSpec spec;

  /** Declared so every command accepts it; {@link #debug(String[])} reads the arguments themselves. */
  @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
      description = "on an error, also print the stack trace (or set TRAINER_DEBUG=1)")
  boolean debug;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns the exit status (used by tests). */
  public static int execute(String... args) {
    try {
      return executeCommand(args);
    } catch (Throwable t) { // errors (out of memory, stack overflow) pass picocli's handler
      return internalError(t, command(args), debug(args), new PrintWriter(System.err, true));
    }
  }

  private static int executeCommand(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(Main::handle);
    cli.setParameterExceptionHandler(Main::usageError);
    return cli.execute(args);
  }

  /** True with {@code --debug} on the command line (before a {@code --}) or TRAINER_DEBUG=1. */
  private static boolean debug(String[] args) {
    for (String a : args) {
      if (a.equals("--")) break;
      if (a.equals("--debug")) return true;
    }
    return "1".equals(System.getenv("TRAINER_DEBUG"));
  }

  /** {@code trainer run} etc.: the subcommand (the first word that is not an option), for messages. */
  private static String command(String[] args) {
    for (String a : args) {
      if (!a.startsWith("-")) return "trainer " + a;
    }
    return "trainer";
  }

  /**
   * Anything that is not a {@link UserError}: one line saying what happened in which command, exit
   * status 1; the trace only when asked for.
   */
  static int internalError(Throwable t, String command, boolean debug, PrintWriter err) {
    String what = t instanceof OutOfMemoryError ? "out of memory (" + t.getMessage() + "); "
        + dev.trainer.tensor.Heap.hint()
        : t instanceof StackOverflowError ? "stack overflow (input nested too deeply?)"
        : "internal error: " + t;
    err.println("error: " + command + ": " + what.replace('\n', ' ').replace('\r', ' ')
        + (debug ? "" : " (--debug or TRAINER_DEBUG=1 shows the stack trace)"));
    if (debug) t.printStackTrace(err);
    err.flush();
    return 1;
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
      if (debug(parsed.originalArgs().toArray(String[]::new))) u.printStackTrace(err);
      err.flush();
      return u.exitCode();
    }
    return internalError(e, cli.getCommandSpec().qualifiedName(), debug(parsed.originalArgs().toArray(String[]::new)),
        err);
  }
}
