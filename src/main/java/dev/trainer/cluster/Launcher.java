package dev.trainer.cluster;

import dev.trainer.UserError;
import dev.trainer.cli.Main;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The command that starts this trainer in a cluster task: the running JVM's {@code java} and its
 * options, by absolute path. Run from {@code target/trainer.jar}, the jar is first copied (atomically)
 * to {@code OUT/slurm/trainer.jar}, so every task and every requeued attempt of a sweep runs the
 * same code however the sources change meanwhile, and no task rebuilds the jar; run from classes
 * (tests), the class path is passed as it is.
 */
public final class Launcher {
  private Launcher() {}

  /** The command prefix ({@code java … -jar …}); a jar is copied into {@code dir}. */
  public static List<String> current(Path dir) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!arg.startsWith("-agentlib") && !arg.startsWith("-javaagent") && !arg.startsWith("-Xrunjdwp")) cmd.add(arg);
    }
    Path code = codeSource();
    if (code.toString().endsWith(".jar") && Files.isRegularFile(code)) {
      Files.createDirectories(dir);
      Path jar = dir.resolve("trainer.jar").toAbsolutePath();
      Path tmp = dir.resolve("trainer.jar.part");
      Files.copy(code, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      cmd.addAll(List.of("-jar", jar.toString()));
    } else {
      List<String> entries = new ArrayList<>();
      for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
        if (!e.isEmpty()) entries.add(Path.of(e).toAbsolutePath().toString());
      }
      cmd.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, entries), Main.class.getName()));
    }
    return cmd;
  }

  private static Path codeSource() {
    try {
      return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      throw new UserError("cannot tell where the trainer's classes are: " + e, 1);
    }
  }
}
