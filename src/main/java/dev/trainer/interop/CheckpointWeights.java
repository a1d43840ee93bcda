package dev.trainer.interop;

import dev.trainer.UserError;
import dev.trainer.cli.Main;
import dev.trainer.config.Config;
import dev.trainer.layer.NamedParam;
import dev.trainer.layer.Net;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import dev.trainer.train.Checkpoint;
import dev.trainer.train.DataPipeline;
import dev.trainer.train.NetBuilder;
import dev.trainer.train.SyntheticData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The net of a checkpoint, rebuilt from the config it holds and loaded with its weights, and the
 * metadata an exported file carries about it. Image sets need no data to rebuild the net (their
 * shapes are fixed); a CSV set is read for its number of features.
 */
public final class CheckpointWeights {
  private CheckpointWeights() {}

  /** A run directory's {@code last.ckpt}, or the checkpoint file itself. */
  public static Path resolve(Path runOrCheckpoint) {
    Path file = Files.isDirectory(runOrCheckpoint) ? runOrCheckpoint.resolve("last.ckpt") : runOrCheckpoint;
    if (!Files.isRegularFile(file)) {
      throw new UserError(Files.isDirectory(runOrCheckpoint) ? runOrCheckpoint + ": no last.ckpt in this run directory"
          : runOrCheckpoint + ": no such checkpoint file or run directory", 2);
    }
    return file;
  }

  /** The checkpoint's net with its parameters and batch-norm statistics. */
  public static Net net(Checkpoint c, Path file) {
    Config config = config(c, file);
    Shape input = config.data().string("set").equals("csv")
        ? DataPipeline.load(config, new Rng(0), line -> { }).inputShape()
        : SyntheticData.inputShape(config);
    Net net = new NetBuilder().build(config.layers(), input, new Rng(config.solver().integer("random_seed")).stream("init"),
        line -> { });
    List<Tensor> params = new ArrayList<>();
    for (NamedParam p : net.params()) params.add(p.param().value);
    List<Tensor> state = new ArrayList<>();
    for (int i = 0; i < net.size(); i++) state.addAll(net.layer(i).state());
    c.restoreInto("params", params);
    c.restoreInto("state", state);
    return net;
  }

  private static Config config(Checkpoint c, Path file) {
    try {
      Path tmp = Files.createTempFile("trainer-export-", ".conf");
      try {
        Files.writeString(tmp, c.config);
        return Config.load(tmp, List.of());
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UserError(file + ": cannot read its config (" + e.getMessage() + ")", 1);
    }
  }

  /**
   * The {@code __metadata__} of an exported file: {@code format} "pt" (the safetensors convention
   * for PyTorch tensors), the trainer's version, the SHA-256 of the resolved config and the config
   * itself, the iteration and the epoch.
   */
  public static Map<String, String> metadata(Checkpoint c) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("format", "pt");
    m.put("trainer_version", version());
    m.put("config_sha256", sha256(c.config));
    m.put("iteration", Integer.toString(c.iteration));
    m.put("epoch", Integer.toString(c.epoch));
    m.put("config", c.config);
    return m;
  }

  /** {@code 0.1.0}, from the CLI's version string. */
  public static String version() {
    String v = Main.class.getAnnotation(picocli.CommandLine.Command.class).version()[0];
    return v.replaceFirst("^trainer ", "");
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
