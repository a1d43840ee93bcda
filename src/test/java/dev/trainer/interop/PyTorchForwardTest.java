package dev.trainer.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.cli.Cli;
import dev.trainer.layer.Mode;
import dev.trainer.layer.Net;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Tensor;
import dev.trainer.train.Checkpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported quick CNN (Caffe's cifar10_quick with PReLU on conv2 and conv3, a few iterations
 * trained) loaded into PyTorch by the NumPy loader of docs/interop.md, with {@code strict}
 * {@code load_state_dict}: one forward pass on the same input gives the trainer's logits within a
 * maximum absolute difference of 1e-4. Skipped, saying why, where no python3 imports torch (CI).
 */
class PyTorchForwardTest {
  /** The tolerance on the logits: float32 convolutions summed in another order differ in the last bits. */
  static final double TOLERANCE = 1e-4;

  @TempDir Path tmp;

  @Test
  void pytorchComputesTheTrainersLogits() throws Exception {
    String python = pythonWithTorch();
    if (python == null) System.out.println("PyTorchForwardTest skipped: no python3 on this machine imports torch");
    Assumptions.assumeTrue(python != null, "no python3 imports torch (Debian: apt-get install python3-torch)");

    Path run = tmp.resolve("run");
    Cli.Result r = Cli.run("run", "configs/quick-cnn.conf", "data.dir=" + Path.of("data/cifar-10-small").toAbsolutePath(),
        "data.train_limit=200", "data.test_limit=100", "solver.base_lr=0.01", "solver.max_iter=3", "solver.test_interval=3",
        "solver.threads=1", "net.activation=prelu", "--out", run.toString());
    assertEquals(0, r.status(), r.describe());
    Path weights = tmp.resolve("quick.safetensors");
    assertEquals(0, Cli.run("export", run.toString(), weights.toString()).status());

    Checkpoint c = Checkpoint.load(run.resolve("last.ckpt"));
    Net net = CheckpointWeights.net(c, run.resolve("last.ckpt"));
    Tensor x = Tensor.of(4, 3, 32, 32);
    Rng rng = new Rng(7);
    for (int i = 0; i < x.size(); i++) x.data[i] = (float) rng.nextGaussian();
    Tensor logits = net.forward(x, Mode.TEST);
    Files.write(tmp.resolve("x.npy"), Npz.npy(new NamedTensor("x", x.shape().dims(), x.data)));
    Files.write(tmp.resolve("logits.npy"), Npz.npy(new NamedTensor("logits", logits.shape().dims(), logits.data)));
    Files.writeString(tmp.resolve("loader.py"), snippet());
    Files.writeString(tmp.resolve("quick_cnn.py"), SCRIPT);

    Process p = new ProcessBuilder(python, tmp.resolve("quick_cnn.py").toString(), tmp.resolve("loader.py").toString(),
        weights.toString(), tmp.resolve("x.npy").toString(), tmp.resolve("logits.npy").toString())
        .redirectErrorStream(true).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python finished");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out);
    Matcher m = Pattern.compile("max_abs_diff ([0-9.eE+-]+) max_abs_logit ([0-9.eE+-]+)").matcher(out);
    assertTrue(m.find(), out);
    System.out.println("PyTorchForwardTest: " + m.group());
    assertTrue(Double.parseDouble(m.group(2)) > 0.1, "logits that are not all near zero: " + out);
    assertTrue(Double.parseDouble(m.group(1)) < TOLERANCE, out);
  }

  /** The first ```python block of docs/interop.md: the loader users are told to copy. */
  static String snippet() throws IOException {
    Matcher m = Pattern.compile("```python\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(Path.of("docs/interop.md")));
    assertTrue(m.find(), "docs/interop.md has a python block");
    return m.group(1);
  }

  /** A python3 that imports torch (a pyenv or venv python3 on the PATH may lack Debian's torch), or null. */
  static String pythonWithTorch() {
    for (String python : List.of("python3", "/usr/bin/python3")) {
      try {
        Process p = new ProcessBuilder(python, "-c", "import torch, numpy").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) return python;
      } catch (IOException e) {
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  /** cifar10_quick in PyTorch under the trainer's names; the PReLUs hang under their convs, as the names say. */
  private static final String SCRIPT = """
      import sys
      import numpy as np
      import torch
      import torch.nn as nn
      import torch.nn.functional as F

      exec(open(sys.argv[1]).read())  # load_safetensors, from docs/interop.md
      tensors, metadata = load_safetensors(sys.argv[2])
      x = torch.from_numpy(np.load(sys.argv[3]))
      expected = np.load(sys.argv[4])
      torch.set_num_threads(1)

      class QuickCnn(nn.Module):
          def __init__(self):
              super().__init__()
              self.conv1 = nn.Conv2d(3, 32, 5, padding=2)
              self.conv2 = nn.Conv2d(32, 32, 5, padding=2)
              self.conv2.prelu = nn.PReLU(32)
              self.conv3 = nn.Conv2d(32, 64, 5, padding=2)
              self.conv3.prelu = nn.PReLU(64)
              self.ip1 = nn.Linear(1024, 64)
              self.ip2 = nn.Linear(64, 10)

          def forward(self, x):
              x = F.relu(F.max_pool2d(self.conv1(x), 3, 2, ceil_mode=True))
              x = F.avg_pool2d(self.conv2.prelu(self.conv2(x)), 3, 2, ceil_mode=True)
              x = F.avg_pool2d(self.conv3.prelu(self.conv3(x)), 3, 2, ceil_mode=True)
              return self.ip2(self.ip1(torch.flatten(x, 1)))

      model = QuickCnn()
      model.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in tensors.items()}, strict=True)
      model.eval()
      with torch.no_grad():
          logits = model(x).numpy()
      print("iteration", metadata["iteration"], "shape", logits.shape)
      print("max_abs_diff %.3e max_abs_logit %.3e" % (np.abs(logits - expected).max(), np.abs(expected).max()))
      """;
}
