package dev.trainer.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT, SIGTERM and SIGUSR1 as a request to stop cleanly: while a {@code run} or {@code sweep}
 * holds these handlers, the first such signal only sets a flag. The training loop looks at it
 * before each step: it finishes the step under way, writes {@code last.ckpt}, and the command ends
 * with {@link #EXIT_STATUS} (interrupted, resumable with {@code --resume}). A second signal stops
 * the process at once with the shell's status 128 + signal number; {@code last.ckpt} is then the
 * one written before (checkpoints are written atomically, so never half of one).
 *
 * <p>A signal the process was started to ignore (SIGINT of a background job, {@code nohup}) stays
 * ignored: the JVM does not install a handler for it.
 */
public final class StopSignals implements AutoCloseable {
  /** Exit status of a run or sweep stopped by a signal after writing its checkpoint (BSD's EX_TEMPFAIL). */
  public static final int EXIT_STATUS = 75;
  private static final List<String> SIGNALS = List.of("INT", "TERM", "USR1");
  private static volatile String pending;

  private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

  private StopSignals() {}

  /** Installs the handlers until {@link #close()}. */
  public static StopSignals install() {
    StopSignals s = new StopSignals();
    for (String name : SIGNALS) {
      try {
        Signal signal = new Signal(name);
        s.previous.put(signal, Signal.handle(signal, StopSignals::received));
      } catch (IllegalArgumentException e) {
        // This platform has no such signal (Windows: no SIGUSR1), or the JVM reserves it.
      }
    }
    return s;
  }

  private static void received(Signal signal) {
    if (pending != null) {
      System.err.println("trainer: second signal (SIG" + signal.getName() + "): stopping now; last.ckpt is the one written before");
      System.err.flush();
      Runtime.getRuntime().halt(128 + signal.getNumber());
    }
    pending = "SIG" + signal.getName();
  }

  /** The name of the signal that asked to stop ("SIGTERM"), or null. */
  public static String pending() {
    return pending;
  }

  /** Asks to stop as the signal {@code name} would (also for tests: the loop cannot tell the difference). */
  public static void request(String name) {
    pending = name;
  }

  /** Forgets a request (tests run several commands in one JVM). */
  public static void clear() {
    pending = null;
  }

  /** Puts back the handlers from before and forgets a request (the command that saw it has ended). */
  @Override
  public void close() {
    previous.forEach(Signal::handle);
    pending = null;
  }
}
