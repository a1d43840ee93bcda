package dev.trainer.experiment;

import dev.trainer.UserError;
import dev.trainer.train.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one sweep run, read back from its directory: the marker file {@code result.txt}
 * (written when the run ends; its presence means "finished, skip on re-run") and
 * {@code metrics.csv}. Accuracies are test top-1; NaN when the run has no test row.
 *
 * <pre>
 *   result.txt:
 *   status = finished            # or diverged
 *   iterations = 20              # completed iterations (a diverged run: those before the diverged one)
 *   classes = 10
 *   message = diverged at ...    # diverged runs only: the DivergenceGuard's message
 * </pre>
 */
public record RunResult(SweepRun run, Verdict verdict, int iterations, double finalTestAccuracy,
    double bestTestAccuracy, double finalTrainLoss) {
  static final String MARKER = "result.txt";

  /** Whether {@code dir} holds an ended run (its marker file exists). */
  static boolean ended(Path dir) {
    return Files.exists(dir.resolve(MARKER));
  }

  /** Writes the marker of an ended run. */
  static void mark(Path dir, boolean diverged, int iterations, int classes, String message) {
    StringBuilder b = new StringBuilder();
    b.append("status = ").append(diverged ? "diverged" : "finished").append('\n');
    b.append("iterations = ").append(iterations).append('\n');
    b.append("classes = ").append(classes).append('\n');
    if (diverged) b.append("message = ").append(message.replaceAll("[\r\n#;]", " ")).append('\n');
    AtomicFiles.write(dir.resolve(MARKER), b.toString());
  }

  /** Reads an ended run's result from {@code dir}. */
  static RunResult read(SweepRun run, Path dir) {
    Map<String, String> marker = marker(dir.resolve(MARKER));
    int classes = Integer.parseInt(marker.get("classes"));
    double finalAcc = Double.NaN;
    double bestAcc = Double.NaN;
    double finalLoss = Double.NaN;
    Path metrics = dir.resolve("metrics.csv");
    if (Files.exists(metrics)) {
      CsvTable t = CsvTable.read(metrics);
      if (t.size() > 0) {
        finalAcc = t.number(t.size() - 1, "test_acc");
        finalLoss = t.number(t.size() - 1, "train_loss");
        for (double a : t.numbers("test_acc")) bestAcc = Double.isNaN(bestAcc) ? a : Math.max(bestAcc, a);
      }
    }
    boolean diverged = marker.get("status").equals("diverged");
    Verdict v = diverged ? Verdict.DIVERGED : Verdict.of(finalLoss, finalAcc, classes);
    return new RunResult(run, v, Integer.parseInt(marker.get("iterations")), finalAcc, bestAcc, finalLoss);
  }

  private static Map<String, String> marker(Path file) {
    try {
      Map<String, String> values = new LinkedHashMap<>();
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (String line : lines) {
        int eq = line.indexOf('=');
        if (eq > 0) values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
      for (String key : List.of("status", "iterations", "classes")) {
        if (!values.containsKey(key)) throw new UserError(file + ": missing '" + key + "'; delete the file to redo the run", 2);
      }
      return values;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Final test error in percent. */
  public double finalTestError() {
    return 100 * (1 - finalTestAccuracy);
  }
}
