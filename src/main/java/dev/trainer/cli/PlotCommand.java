package dev.trainer.cli;

import dev.trainer.UserError;
import dev.trainer.experiment.ActivationShapes;
import dev.trainer.experiment.Plots;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trainer plot RUN_OR_SWEEP_DIR… [--chart curves|params|grid] [--out FILE.png]}. */
@Command(name = "plot", mixinStandardHelpOptions = true,
    header = "Draw a PNG chart of runs or sweeps: curves, params or grid.",
    description = {"Draw a PNG chart of runs or sweeps:",
        "  curves  train loss and test error vs epoch, runs overlaid (default);",
        "          a sweep: each grid point's mean over seeds in a min-max band",
        "  params  learned activation parameters (PReLU, MPELU, ...) vs iteration",
        "  grid    verdicts (converged/stalled/diverged) of a sweep over two grid keys;",
        "          per cell n, the counts and the test error mean ± 95%% CI;",
        "  shapes  y(x) on [-4, 4] of every activation layer of one run, at the start",
        "          (grey) and the end (blue); per channel thin, mean thick"})
public final class PlotCommand implements Callable<Integer> {
  enum Kind { curves, params, grid, shapes }

  @Parameters(arity = "1..*", paramLabel = "RUN_OR_SWEEP_DIR", description = "run directories or sweep directories")
  List<Path> dirs;

  @Option(names = "--chart", paramLabel = "KIND", defaultValue = "curves", description = "curves, params, grid or shapes (default curves)")
  Kind chart;

  @Option(names = "--out", paramLabel = "FILE.png", description = "output file (default <first dir>/<chart>.png)")
  Path out;

  @Override
  public Integer call() {
    Path png = out != null ? out : dirs.get(0).resolve(chart + ".png");
    switch (chart) {
      case curves -> Plots.curves(dirs, png);
      case params -> Plots.params(dirs, png);
      case grid -> {
        if (dirs.size() != 1) throw new UserError("--chart grid takes one sweep directory", 2);
        Plots.grid(dirs.get(0), png);
      }
      case shapes -> {
        if (dirs.size() != 1) throw new UserError("--chart shapes takes one run directory", 2);
        ActivationShapes.draw(dirs.get(0), png);
      }
    }
    System.out.println("wrote " + png);
    return 0;
  }
}
