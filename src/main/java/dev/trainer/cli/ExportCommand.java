package dev.trainer.cli;

import dev.trainer.UserError;
import dev.trainer.interop.CheckpointWeights;
import dev.trainer.interop.NamedTensor;
import dev.trainer.interop.Npz;
import dev.trainer.interop.PortableWeights;
import dev.trainer.interop.Safetensors;
import dev.trainer.train.Checkpoint;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trainer export RUN_OR_CKPT [--format safetensors|npz] OUT}: the checkpoint's weights,
 * batch-norm statistics and learned activation parameters under PyTorch's names and layouts
 * ({@link PortableWeights}), as safetensors (with metadata) or as a NumPy {@code .npz}.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Write a checkpoint's weights with PyTorch names and layouts as safetensors or npz (docs/interop.md).")
public final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN_OR_CKPT", description = "a run directory (its last.ckpt) or a checkpoint file")
  Path source;

  @Parameters(index = "1", paramLabel = "OUT", description = "the file to write")
  Path out;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "safetensors or npz (default: from OUT's extension, .safetensors or .npz)")
  String format;

  @Override
  public Integer call() {
    String f = format != null ? format : extension(out);
    if (!f.equals("safetensors") && !f.equals("npz")) {
      throw new UserError("--format: '" + f + "' is not a format; use safetensors or npz", 2);
    }
    Path file = CheckpointWeights.resolve(source);
    Checkpoint c = Checkpoint.load(file);
    List<NamedTensor> tensors = PortableWeights.of(CheckpointWeights.net(c, file));
    if (f.equals("safetensors")) Safetensors.write(out, tensors, CheckpointWeights.metadata(c));
    else Npz.write(out, tensors);
    PrintWriter w = spec.commandLine().getOut();
    long values = tensors.stream().mapToLong(t -> t.data().length).sum();
    w.printf("%s: %d tensors, %d values from %s (iteration %d)%n", out, tensors.size(), values, file, c.iteration);
    w.flush();
    return 0;
  }

  private static String extension(Path out) {
    String name = out.getFileName().toString();
    if (name.endsWith(".safetensors")) return "safetensors";
    if (name.endsWith(".npz")) return "npz";
    throw new UserError(out + ": give --format safetensors or npz (or name the file .safetensors or .npz)", 2);
  }
}
