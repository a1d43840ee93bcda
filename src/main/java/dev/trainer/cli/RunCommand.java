package dev.trainer.cli;

import dev.trainer.UserError;
import dev.trainer.config.Config;
import dev.trainer.train.DirectoryLock;
import dev.trainer.train.RunInterrupted;
import dev.trainer.train.RunLog;
import dev.trainer.train.StopSignals;
import dev.trainer.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trainer run CONFIG [key=value …] [--out DIR] [--resume]}. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Train the net of CONFIG; writes metrics.csv, params.csv, log.txt and checkpoints to the run directory.")
public final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CONFIG", description = "config file (key = value format)")
  Path config;

  @Parameters(index = "1..*", paramLabel = "KEY=VALUE",
      description = "overrides, e.g. solver.base_lr=0.05 net.activation=elu conv1.filters=96")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--out", paramLabel = "DIR", description = "run directory (default runs/<config name>[-overrides])")
  Path out;

  @Option(names = "--resume", description = "continue the run in the run directory from its last.ckpt"
      + " (without one, e.g. killed before its first checkpoint: start it from the beginning)")
  boolean resume;

  @Option(names = "--init-from", paramLabel = "FILE.safetensors", description = "start from these weights"
      + " (PyTorch names, as 'trainer export' writes them; docs/interop.md) instead of the initializers")
  Path initFrom;

  @Option(names = "--init-from-partial", description = "with --init-from: skip the file's tensors the net does not"
      + " have instead of stopping")
  boolean initFromPartial;

  @Override
  public Integer call() throws Exception {
    if (initFromPartial && initFrom == null) throw new UserError("--init-from-partial needs --init-from FILE", 2);
    Config cfg = Config.load(config, overrides);
    Path dir = out != null ? out : defaultRunDir(config, overrides);
    try (DirectoryLock lock = DirectoryLock.acquire(dir); StopSignals signals = StopSignals.install();
        RunLog log = new RunLog(System.out, System.console() != null)) {
      if (!resume && holdsRun(dir)) {
        throw new UserError(dir + " already holds a run; use --resume to continue it"
            + (Files.exists(dir.resolve("last.ckpt")) ? "" : " (it has no checkpoint yet: it starts over)")
            + " or --out for a new directory", 2);
      }
      log.line("run " + dir + " from " + String.join(" ", cfg.sources()) + (overrides.isEmpty() ? "" : " with " + String.join(" ", overrides)));
      try {
        Trainer trainer = new Trainer(cfg, dir, log);
        if (initFrom != null && resume && Files.exists(dir.resolve("last.ckpt"))) {
          log.line("--init-from " + initFrom + ": not loaded, the run resumes from its last.ckpt");
        } else if (initFrom != null) {
          trainer.initFrom(initFrom, initFromPartial);
        }
        trainer.run(resume);
      } catch (UserError e) {
        log.failure(e.getMessage());
        throw e;
      } catch (RunInterrupted e) {
        log.line(e.getMessage());
        return StopSignals.EXIT_STATUS;
      }
      log.line("done: " + dir);
    }
    return 0;
  }

  /** A directory with a checkpoint or metrics (even of a run that stopped before its first checkpoint). */
  static boolean holdsRun(Path dir) {
    return Files.exists(dir.resolve("last.ckpt")) || Files.exists(dir.resolve("metrics.csv"));
  }

  /** {@code runs/quickstart} or {@code runs/quickstart-net.activation=elu}. */
  static Path defaultRunDir(Path config, List<String> overrides) {
    String name = config.getFileName().toString().replaceFirst("\\.conf$", "");
    for (String o : overrides) name += "-" + o.replaceAll("[^A-Za-z0-9._=,-]", "_");
    return Path.of("runs", name);
  }
}
