package dev.trainer.bench;

import dev.trainer.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A PyTorch that {@code trainer bench models} times beside the trainer, each model in a process of
 * its own: the official libtorch through DJL ({@code target/trainer-bench.jar}, built from
 * {@code bench/pom.xml}) or a python3 that imports torch ({@code bench/models.py}). Neither ships in
 * the trainer's jar. Both print {@code label ...}, {@code threads N} and {@code step_seconds ...}
 * (see {@link #parse}).
 *
 * <p>Both run with tcmalloc in LD_PRELOAD when it is installed: with glibc's malloc PyTorch frees
 * and re-faults its activations every step, and on these VMs that made a NIN step 5x slower. The
 * thread count is set three ways, as a PyTorch user would: OMP_NUM_THREADS and MKL_NUM_THREADS in
 * the environment, and libtorch's own setting ({@code torch.set_num_threads}, or DJL's
 * {@code ai.djl.pytorch.num_threads}); the child reports the count libtorch then used.
 */
abstract class TorchRunner {
  /** Debian's tcmalloc (package google-perftools). */
  static final Path TCMALLOC = Path.of("/usr/lib/x86_64-linux-gnu/libtcmalloc.so.4");
  /** Pythons tried in order: a pyenv or venv python3 on the PATH may lack the Debian package's torch. */
  static final List<String> PYTHONS = List.of("python3", "/usr/bin/python3");

  /** One model's timing job: the same net, batch, SGD and step counts as the trainer's. */
  record Job(String model, int batch, int threads, int warmup, int steps, double momentum, double weightDecay) {}

  /**
   * What a child printed: its label (version, build, allocator), libtorch's thread count, step
   * times, and notes on how it differs from the trainer's net ({@code note ...} lines).
   */
  record Output(String label, int threads, double[] stepSeconds, List<String> notes) {}

  /** LD_PRELOAD value, or null to run with glibc's malloc. */
  final Path tcmalloc;

  TorchRunner(Path tcmalloc) {
    this.tcmalloc = tcmalloc;
  }

  /** Short name for messages, e.g. "libtorch (DJL)". */
  abstract String name();

  /** The program and its arguments for {@code job}. */
  abstract List<String> command(Job job);

  /** The environment on top of the trainer's own. */
  Map<String, String> environment(Job job) {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    env.put("OMP_NUM_THREADS", String.valueOf(job.threads()));
    env.put("MKL_NUM_THREADS", String.valueOf(job.threads()));
    if (tcmalloc != null) env.put("LD_PRELOAD", tcmalloc.toString());
    return env;
  }

  /** The process for {@code job}, not started. */
  final ProcessBuilder process(Job job) {
    ProcessBuilder pb = new ProcessBuilder(command(job)).redirectErrorStream(true);
    pb.environment().putAll(environment(job));
    return pb;
  }

  /** Runs {@code job} and returns what the child printed; a failure is a one-line {@link UserError}. */
  final Output run(Job job) throws IOException, InterruptedException {
    Process p = process(job).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int status = p.waitFor();
    List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
    if (status != 0) {
      String last = lines.isEmpty() ? "no output" : lines.get(lines.size() - 1).trim();
      throw new UserError(name() + " failed on " + job.model() + " (exit " + status + "): " + last, 1);
    }
    Output o = parse(name(), out);
    if (o.threads() != job.threads()) {
      throw new UserError(name() + " ran " + job.model() + " on " + o.threads() + " threads, asked for " + job.threads(), 1);
    }
    if (o.stepSeconds().length != job.steps()) {
      throw new UserError(name() + " timed " + o.stepSeconds().length + " steps of " + job.model() + ", asked for " + job.steps(), 1);
    }
    return o;
  }

  /**
   * Reads the {@code label}, {@code threads}, {@code step_seconds} and {@code note} lines; other
   * lines (warnings) are ignored.
   */
  static Output parse(String name, String out) {
    String label = null;
    Integer threads = null;
    double[] seconds = null;
    List<String> notes = new ArrayList<>();
    for (String line : out.lines().map(String::trim).toList()) {
      try {
        if (line.startsWith("label ")) label = line.substring(6).trim();
        else if (line.startsWith("note ")) notes.add(line.substring(5).trim());
        else if (line.startsWith("threads ")) threads = Integer.parseInt(line.substring(8).trim());
        else if (line.startsWith("step_seconds ")) {
          seconds = Arrays.stream(line.substring(13).trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
        }
      } catch (NumberFormatException e) {
        throw new UserError(name + " printed '" + line + "'", 1);
      }
    }
    if (label == null || threads == null || seconds == null) {
      throw new UserError(name + " printed no label, threads and step_seconds lines", 1);
    }
    for (double s : seconds) if (!(s > 0)) throw new UserError(name + " printed a step time of " + s + " s", 1);
    return new Output(label, threads, seconds, notes);
  }

  static List<String> jobArgs(Job job) {
    return List.of("--model", job.model(), "--batch", String.valueOf(job.batch()), "--threads", String.valueOf(job.threads()),
        "--warmup", String.valueOf(job.warmup()), "--steps", String.valueOf(job.steps()),
        "--momentum", fmt(job.momentum()), "--weight_decay", fmt(job.weightDecay()));
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%s", v);
  }

  /** libtorch 2.7.1 (the official build, MKL + oneDNN) through DJL, in a JVM of its own. */
  static final class Libtorch extends TorchRunner {
    final Path java;
    final Path jar;

    Libtorch(Path java, Path jar, Path tcmalloc) {
      super(tcmalloc);
      this.java = java;
      this.jar = jar;
    }

    @Override
    String name() {
      return "libtorch (DJL, " + jar.getFileName() + ")";
    }

    @Override
    List<String> command(Job job) {
      List<String> c = new ArrayList<>(List.of(java.toString(),
          "-Dai.djl.pytorch.num_threads=" + job.threads(), "-Dai.djl.pytorch.num_interop_threads=1",
          "-jar", jar.toString()));
      c.addAll(jobArgs(job));
      return c;
    }

    /** DJL_OFFLINE: the native library comes from the jar; never a download at run time. */
    @Override
    Map<String, String> environment(Job job) {
      Map<String, String> env = super.environment(job);
      env.put("DJL_OFFLINE", "true");
      return env;
    }
  }

  /** A python3 that imports torch (Debian: python3-torch 1.13), running bench/models.py. */
  static final class Python extends TorchRunner {
    final String python;
    final Path script;

    Python(String python, Path script, Path tcmalloc) {
      super(tcmalloc);
      this.python = python;
      this.script = script;
    }

    @Override
    String name() {
      return "torch (" + python + " " + script + ")";
    }

    @Override
    List<String> command(Job job) {
      List<String> c = new ArrayList<>(List.of(python, script.toString()));
      c.addAll(jobArgs(job));
      return c;
    }
  }

  /**
   * The PyTorch builds runnable here, found relative to {@code root} (the project folder); each
   * one that is missing adds a line to {@code missing} saying how to get it.
   */
  static List<TorchRunner> discover(Path root, List<String> missing) {
    Path tcmalloc = Files.isRegularFile(TCMALLOC) ? TCMALLOC : null;
    List<TorchRunner> found = new ArrayList<>();
    Path jar = root.resolve("target/trainer-bench.jar");
    if (Files.isRegularFile(jar)) {
      found.add(new Libtorch(Path.of(System.getProperty("java.home"), "bin", "java"), jar, tcmalloc));
    } else {
      missing.add("libtorch 2.7.1 (DJL): not built; `mvn -B -q -f bench/pom.xml package` writes " + jar
          + " (downloads 120 MB once)");
    }
    Path script = root.resolve("bench/models.py");
    String python = Files.isRegularFile(script) ? PYTHONS.stream().filter(TorchRunner::importsTorch).findFirst().orElse(null) : null;
    if (python == null) {
      missing.add("torch (python3): " + (Files.isRegularFile(script) ? "no python3 imports torch" : "no " + script)
          + "; Debian: apt-get install python3-torch libopenblas0-pthread google-perftools");
    } else if (tcmalloc == null) {
      missing.add("torch (python3): not run without tcmalloc (glibc's malloc makes it several times slower);"
          + " apt-get install google-perftools");
    } else {
      found.add(new Python(python, script, tcmalloc));
    }
    if (tcmalloc == null && !found.isEmpty()) {
      missing.add("tcmalloc: not installed (apt-get install google-perftools): libtorch runs with glibc's malloc");
    }
    return found;
  }

  private static boolean importsTorch(String python) {
    try {
      Process p = new ProcessBuilder(python, "-c", "import torch").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
