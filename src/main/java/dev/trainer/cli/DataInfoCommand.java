package dev.trainer.cli;

import dev.trainer.data.DataSetDetector;
import dev.trainer.data.DataSets;
import dev.trainer.data.Dataset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trainer data info DIR [--set NAME]}: what a data folder holds; the set is detected if not given. */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = "Show the splits of a data set: examples per class, image size and value range.")
public final class DataInfoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "folder holding the data set's files")
  Path dir;

  @Option(names = "--set", paramLabel = "NAME",
      description = "fashion-mnist, mnist, cifar10, cifar100, cifar100-coarse or csv (default: detected from "
          + "the files; needed when they do not tell, e.g. MNIST-format files in a folder of another name)")
  String set;

  @Override
  public Integer call() {
    String name = set != null ? set : DataSetDetector.detect(dir);
    DataSets.Splits splits = DataSets.load(name, dir);
    PrintWriter out = spec.commandLine().getOut();
    out.println(name + " in " + dir + (set == null ? " (detected from its files)" : ""));
    print(out, "train", splits.train());
    print(out, "test", splits.test());
    out.flush();
    return 0;
  }

  private static void print(PrintWriter out, String split, Dataset d) {
    float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
    double sum = 0;
    for (float v : d.images) {
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
    }
    out.printf("%s: %d examples of %s, %d classes, values in [%.4f, %.4f], mean %.4f%n", split, d.size(),
        d.shape(), d.classes(), min, max, sum / d.images.length);
    int[] counts = d.classCounts();
    for (int c = 0; c < counts.length; c++) out.printf("  %3d %-14s %7d%n", c, d.className(c), counts[c]);
  }
}
