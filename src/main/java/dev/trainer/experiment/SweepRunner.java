package dev.trainer.experiment;

import dev.trainer.UserError;
import dev.trainer.config.Config;
import dev.trainer.solver.DivergedException;
import dev.trainer.tensor.Parallel;
import dev.trainer.train.DirectoryLock;
import dev.trainer.train.RunInterrupted;
import dev.trainer.train.RunLog;
import dev.trainer.train.StopSignals;
import dev.trainer.train.Trainer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the runs of a sweep in-process, {@code jobs} at a time, each in {@code OUT/<dirName>} with
 * the same outputs as {@code trainer run} (its log goes to the run's {@code log.txt} only; the
 * console gets one line per run).
 *
 * <p>Continuing an interrupted sweep: a run whose directory holds {@code result.txt} has ended
 * and is skipped; a run with a {@code last.ckpt} but no marker resumes from it; any other
 * partial files are removed and the run starts over. A run that diverges is marked diverged and
 * the sweep goes on. While a process trains a run, the run's directory holds {@code running.txt};
 * a run stopped by an error gets {@code failed.txt} (see {@link RunStatus}). With {@code jobs > 1} the kernels get {@code threads / jobs} threads each
 * (the grid should then not vary {@code solver.threads}, which is one process-wide setting).
 *
 * <p>A stop signal ({@link StopSignals}) ends each running run after its step with its
 * {@code last.ckpt} written, starts no further run, and {@link #run()} throws
 * {@link RunInterrupted}: running the sweep again continues it.
 */
public final class SweepRunner {
  private static final List<String> PARTIAL = List.of("metrics.csv", "params.csv", "diagnostics.csv", "log.txt");

  /** All results in sweep order, and how many runs were trained now and skipped as ended. */
  public record Outcome(List<RunResult> results, int trained, int skipped) {}

  private final SweepSpec spec;
  private final Path out;
  private final int jobs;
  private final PrintStream console;
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicInteger skipped = new AtomicInteger();

  public SweepRunner(SweepSpec spec, Path out, int jobs, PrintStream console) {
    if (jobs < 1) throw new IllegalArgumentException("jobs must be >= 1");
    this.spec = spec;
    this.out = out;
    this.jobs = jobs;
    this.console = console;
  }

  /** Trains or skips every run; each run directory is locked ({@link DirectoryLock}) while its run trains. */
  public Outcome run() throws IOException, InterruptedException {
    Map<SweepRun, Config> configs = spec.configs();
    Files.createDirectories(out);
    if (jobs > 1) Parallel.setThreads(Math.max(1, Parallel.threads() / jobs));
    ExecutorService pool = Executors.newFixedThreadPool(jobs);
    try {
      List<Future<RunResult>> futures = new ArrayList<>();
      configs.forEach((run, config) -> futures.add(pool.submit(() -> execute(run, config, configs.size()))));
      List<RunResult> results = new ArrayList<>();
      RunInterrupted interrupted = null;
      for (Future<RunResult> f : futures) {
        try {
          results.add(get(f));
        } catch (RunInterrupted e) {
          interrupted = e; // the other jobs stop too (they see the same signal); wait for their checkpoints
        }
      }
      if (interrupted != null) throw interrupted;
      return new Outcome(List.copyOf(results), results.size() - skipped.get(), skipped.get());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Trains only the run at {@code index} in run order (what {@code trainer sweep --task} and each
   * array task of a cluster do); the configs of all runs are still checked first.
   */
  public RunResult runOne(int index) throws IOException {
    Map<SweepRun, Config> configs = spec.configs();
    SweepRun run = List.copyOf(configs.keySet()).get(index);
    Files.createDirectories(out);
    done.set(index);                                                      // the console line counts from the run's place
    return execute(run, configs.get(run), configs.size());
  }

  private static RunResult get(Future<RunResult> f) throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof IOException io) throw new UncheckedIOException(io);
      throw new IllegalStateException(e.getCause());
    }
  }

  private RunResult execute(SweepRun run, Config config, int total) throws IOException {
    String signal = StopSignals.pending();
    if (signal != null) throw new RunInterrupted(signal, "interrupted by " + signal + " before the run started");
    Path dir = out.resolve(run.dirName());
    if (RunResult.ended(dir)) {
      skipped.incrementAndGet();
      return report(RunResult.read(run, dir), total, "skipped (ended before): ", "");
    }
    String other = RunStatus.runningElsewhere(dir);
    if (other != null) {
      throw new UserError(dir + " is already being trained (" + other + "); delete its "
          + RunStatus.RUNNING_MARKER + " if that process is gone", 2);
    }
    try (DirectoryLock lock = DirectoryLock.acquire(dir)) {
      return train(run, config, total, dir);
    }
  }

  private RunResult train(SweepRun run, Config config, int total, Path dir) throws IOException {
    boolean resume = Files.exists(dir.resolve("last.ckpt"));
    if (!resume) {
      for (String f : PARTIAL) Files.deleteIfExists(dir.resolve(f));
    }
    RunStatus.markRunning(dir);
    long start = System.nanoTime();
    try (RunLog log = new RunLog(new PrintStream(OutputStream.nullOutputStream()), dir.resolve("log.txt"))) {
      log.line("sweep run " + dir + " from " + config.sources().get(0) + " with " + String.join(" ", run.overrides()));
      Trainer trainer = new Trainer(config, dir, log);
      try {
        trainer.run(resume);
        RunResult.mark(dir, false, trainer.iteration(), trainer.classes(), "");
      } catch (DivergedException e) {
        log.line(e.getMessage());
        RunResult.mark(dir, true, trainer.iteration(), trainer.classes(), e.getMessage());
      } catch (RunInterrupted e) {
        log.line(e.getMessage());
        throw e;
      }
    } catch (RunInterrupted e) {
      throw e;                                                              // resumable: not a failure
    } catch (RuntimeException | IOException e) {
      RunStatus.markFailed(dir, e.getMessage() == null ? e.toString() : e.getMessage());
      throw e;
    } finally {
      RunStatus.clearRunning(dir);
    }
    String took = String.format(Locale.ROOT, " (%.1f s)", (System.nanoTime() - start) / 1e9);
    return report(RunResult.read(run, dir), total, resume ? "resumed: " : "", took);
  }

  private RunResult report(RunResult r, int total, String before, String after) {
    String line = String.format(Locale.ROOT, "[%d/%d] %s: %s%s after %d iterations, test error %.2f%%%s",
        done.incrementAndGet(), total, r.run().dirName(), before, r.verdict().label(), r.iterations(),
        r.finalTestError(), after);
    synchronized (console) {
      console.println(line);
    }
    return r;
  }
}
