package dev.trainer.cli;

import dev.trainer.data.Fetcher;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trainer data fetch SET}: downloads a data set's official files and verifies their MD5s. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
    description = {"Download a data set from its official location, verify the published MD5s and "
        + "unpack it. Safe to re-run: verified files are skipped, partial downloads are redone."})
public final class DataFetchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SET", description = "cifar10, cifar100, mnist or fashion-mnist")
  String set;

  @Option(names = "--dir", paramLabel = "DIR", description = "target folder (default: data/SET)")
  Path dir;

  @Option(names = "--from", paramLabel = "FILE_OR_URL",
      description = "take the files from a local file or folder (offline machines) or a URL; MD5s are still checked")
  String from;

  @Option(names = "--base-url", paramLabel = "URL", description = "download from this mirror instead")
  String baseUrl;

  @Override
  public Integer call() {
    Path target = dir != null ? dir : Path.of("data", set);
    List<String> fetched = new Fetcher(Fetcher.official(), System.err).fetch(set, target, from, baseUrl);
    PrintWriter out = spec.commandLine().getOut();
    out.println(set + " in " + target + ": " + (fetched.isEmpty() ? "already complete"
        : "fetched and verified " + String.join(", ", fetched)));
    out.flush();
    return 0;
  }
}
