package dev.trainer.cli;

import dev.trainer.UserError;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Slurm's {@code sbatch}, found on PATH. */
final class Sbatch {
  private Sbatch() {}

  /** The sbatch executable on PATH, or null. */
  static Path path() {
    String path = System.getenv("PATH");
    if (path == null) return null;
    for (String d : path.split(File.pathSeparator)) {
      if (d.isEmpty()) continue;
      Path p = Path.of(d, "sbatch");
      if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
    }
    return null;
  }

  /** Runs {@code sbatch --parsable ARGS…} and returns the job id it printed. */
  static String submit(List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(path().toString(), "--parsable"));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    int status = p.waitFor();
    if (status != 0 || !out.matches("(?s).*?\\d+(;\\S+)?")) {
      throw new UserError("sbatch " + String.join(" ", args) + " failed (exit " + status + "): "
          + out.replaceAll("\\s*\\n\\s*", "; "), 1);
    }
    String[] lines = out.split("\n");
    return lines[lines.length - 1].trim().split(";")[0];
  }
}
