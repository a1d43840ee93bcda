package dev.trainer.cli;

import dev.trainer.UserError;
import dev.trainer.config.Suggest;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
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
        SweepCommand.class, PlotCommand.class, ExportCommand.class, StartupCommand.class, InfoCommand.class, GradcheckCommand.class,
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
    fullCommandSummaries(cli);
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
    String message = e.getMessage().replace('\n', ' ').trim();
    String suggestion = "";
    if (e instanceof CommandLine.UnmatchedArgumentException u) {
      String command = unknownCommand(cli, u);
      if (command != null) {
        message = "unknown command '" + command + "'";
        suggestion = Suggest.didYouMean(command, cli.getSubcommands().keySet());
      } else if (!u.getSuggestions().isEmpty()) {
        suggestion = " (did you mean '" + String.join("' or '", u.getSuggestions()) + "'?)";
      }
    }
    PrintWriter err = cli.getErr();
    err.println("error: " + message + suggestion
        + "; see '" + cli.getCommandSpec().qualifiedName() + " --help'");
    err.flush();
    return cli.getCommandSpec().exitCodeOnInvalidInput();
  }

  /**
   * The word in a subcommand's place when it names none ({@code trainer rnu}), else null: the
   * first unmatched argument of a command that has subcommands and takes no positional arguments.
   */
  private static String unknownCommand(CommandLine cli, CommandLine.UnmatchedArgumentException u) {
    if (cli.getSubcommands().isEmpty() || !cli.getCommandSpec().positionalParameters().isEmpty()) return null;
    List<String> unmatched = u.getUnmatched();
    if (unmatched.isEmpty() || unmatched.get(0).startsWith("-")) return null;
    return unmatched.get(0);
  }

  /**
   * picocli lists each subcommand with the first line of its description only, which cuts
   * multi-line descriptions mid-sentence; list the header if a command has one, else its whole
   * description, on every level of the command tree.
   */
  private static void fullCommandSummaries(CommandLine cli) {
    if (cli.getSubcommands().isEmpty()) return;
    cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, Main::commandList);
    for (CommandLine sub : new LinkedHashSet<>(cli.getSubcommands().values())) fullCommandSummaries(sub);
  }

  private static String commandList(CommandLine.Help help) {
    Map<String, CommandLine.Help> subs = help.subcommands();
    if (subs.isEmpty()) return "";
    int nameWidth = subs.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
    int width = help.commandSpec().usageMessage().width();
    TextTable table = TextTable.forColumns(help.colorScheme(),
        new Column(nameWidth + 2, 2, Column.Overflow.SPAN),
        new Column(width - nameWidth - 2, 1, Column.Overflow.WRAP));
    for (Map.Entry<String, CommandLine.Help> e : subs.entrySet()) {
      UsageMessageSpec usage = e.getValue().commandSpec().usageMessage();
      String[] text = usage.header().length > 0 ? usage.header() : usage.description();
      table.addRowValues(e.getKey(), String.join(" ", text).replaceAll("\\s+", " ").trim());
    }
    return table.toString();
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
