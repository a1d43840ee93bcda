package dev.trainer.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code trainer} in a child JVM (same classes and flags as the tests), for kills and signals. */
final class Subprocess {
  private Subprocess() {}

  /** Starts {@code trainer ARGS…} with stdout and stderr into {@code log}. */
  static Process start(Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), "dev.trainer.cli.Main"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Sends {@code signal} ("USR1", "TERM", ...) to {@code p} with kill(1). */
  static void signal(Process p, String signal) throws IOException, InterruptedException {
    int rc = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor();
    if (rc != 0) throw new IOException("kill -" + signal + " " + p.pid() + " failed: " + rc);
  }
}
