package dev.trainer.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PyTorch side of bench models: command lines, environments and output parsing, without PyTorch. */
class TorchRunnerTest {
  private static final TorchRunner.Job JOB = new TorchRunner.Job("nin-prelu", 128, 2, 3, 5, 0.9, 1e-4);
  private static final List<String> JOB_ARGS = List.of("--model", "nin-prelu", "--batch", "128", "--threads", "2",
      "--warmup", "3", "--steps", "5", "--momentum", "0.9", "--weight_decay", "1.0E-4");

  @Test
  void libtorchRunsTheBenchJarOfflineWithTcmallocAndTheThreadCountSetThreeWays() {
    TorchRunner r = new TorchRunner.Libtorch(Path.of("/jdk/bin/java"), Path.of("/p/target/trainer-bench.jar"),
        TorchRunner.TCMALLOC);
    List<String> expected = new ArrayList<>(List.of("/jdk/bin/java", "-Dai.djl.pytorch.num_threads=2",
        "-Dai.djl.pytorch.num_interop_threads=1", "-jar", "/p/target/trainer-bench.jar"));
    expected.addAll(JOB_ARGS);
    ProcessBuilder pb = r.process(JOB);
    assertEquals(expected, pb.command());
    Map<String, String> env = pb.environment();
    assertEquals("/usr/lib/x86_64-linux-gnu/libtcmalloc.so.4", env.get("LD_PRELOAD"));
    assertEquals("2", env.get("OMP_NUM_THREADS"));
    assertEquals("2", env.get("MKL_NUM_THREADS"));
    assertEquals("true", env.get("DJL_OFFLINE"));
    assertTrue(pb.redirectErrorStream(), "warnings on stderr must not break the parse or block the child");
  }

  @Test
  void pythonRunsTheScriptWithTcmallocAndTheJobsArguments() {
    TorchRunner r = new TorchRunner.Python("/usr/bin/python3", Path.of("/p/bench/models.py"), TorchRunner.TCMALLOC);
    List<String> expected = new ArrayList<>(List.of("/usr/bin/python3", "/p/bench/models.py"));
    expected.addAll(JOB_ARGS);
    assertEquals(expected, r.command(JOB));
    assertEquals(Map.of("OMP_NUM_THREADS", "2", "MKL_NUM_THREADS", "2",
        "LD_PRELOAD", "/usr/lib/x86_64-linux-gnu/libtcmalloc.so.4"), r.environment(JOB));
  }

  @Test
  void withoutTcmallocNothingIsPreloaded() {
    TorchRunner r = new TorchRunner.Libtorch(Path.of("java"), Path.of("b.jar"), null);
    assertFalse(r.environment(JOB).containsKey("LD_PRELOAD"));
  }

  @Test
  void parseReadsLabelThreadsNotesAndStepTimesAmongOtherLines() {
    TorchRunner.Output o = TorchRunner.parse("t", """
        [W NNPACK.cpp:53] Could not initialize NNPACK
        label torch 1.13.0a0 (Debian python3-torch, OpenBLAS/oneDNN, tcmalloc)
        threads 2
        note PReLU composed of ops
        step_seconds 0.5 0.25 1.0
        """);
    assertEquals("torch 1.13.0a0 (Debian python3-torch, OpenBLAS/oneDNN, tcmalloc)", o.label());
    assertEquals(2, o.threads());
    assertEquals(List.of("PReLU composed of ops"), o.notes());
    assertArrayEquals(new double[] {0.5, 0.25, 1.0}, o.stepSeconds());
  }

  @Test
  void parseRefusesMissingLinesAndBadNumbers() {
    UserError e = assertThrows(UserError.class, () -> TorchRunner.parse("t", "label x\nthreads 1\n"));
    assertTrue(e.getMessage().contains("no label, threads and step_seconds"), e.getMessage());
    e = assertThrows(UserError.class, () -> TorchRunner.parse("t", "label x\nthreads 1\nstep_seconds 0.1 nan?\n"));
    assertTrue(e.getMessage().contains("printed 'step_seconds 0.1 nan?'"), e.getMessage());
    e = assertThrows(UserError.class, () -> TorchRunner.parse("t", "label x\nthreads 1\nstep_seconds 0.1 0\n"));
    assertTrue(e.getMessage().contains("step time of 0.0 s"), e.getMessage());
  }

  @Test
  void aFailingChildIsOneLineWithItsLastOutput() {
    TorchRunner r = new TorchRunner(null) {
      @Override
      String name() {
        return "broken torch";
      }

      @Override
      List<String> command(Job job) {
        return List.of("sh", "-c", "echo 'Traceback (most recent call last):'; echo 'ModuleNotFoundError: torch' >&2; exit 3");
      }
    };
    UserError e = assertThrows(UserError.class, () -> r.run(JOB));
    assertEquals("broken torch failed on nin-prelu (exit 3): ModuleNotFoundError: torch", e.getMessage());
  }

  @Test
  void discoverSaysHowToBuildTheLibtorchJarAndFindsItOnceBuilt(@TempDir Path root) throws IOException {
    List<String> missing = new ArrayList<>();
    assertEquals(List.of(), TorchRunner.discover(root, missing));
    assertTrue(missing.stream().anyMatch(m -> m.contains("mvn -B -q -f bench/pom.xml package")), missing.toString());
    assertTrue(missing.stream().anyMatch(m -> m.contains("no " + root.resolve("bench/models.py"))), missing.toString());

    Files.createDirectories(root.resolve("target"));
    Files.writeString(root.resolve("target/trainer-bench.jar"), "not really a jar");
    List<TorchRunner> found = TorchRunner.discover(root, new ArrayList<>());
    assertEquals(1, found.size());
    TorchRunner.Libtorch libtorch = (TorchRunner.Libtorch) found.get(0);
    assertEquals(root.resolve("target/trainer-bench.jar"), libtorch.jar);
    assertEquals(Files.isRegularFile(TorchRunner.TCMALLOC) ? TorchRunner.TCMALLOC : null, libtorch.tcmalloc);
  }
}
