package dev.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimeCommandTest {

  @Test
  void quickstartWithItsDataPrintsEveryLayerAndEndsWithTheThroughput() {
    Cli.Result r = Cli.run("time", "configs/quickstart.conf", "-n", "3", "--warmup", "1");
    assertEquals(0, r.status(), r.err());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(lines.size() - 1).matches("throughput: \\d+ images/s"), lines.get(lines.size() - 1));
    for (String layer : List.of("flatten1", "fc1", "fc1.relu", "fc2", "fc3", "loss", "update (SGD)")) {
      assertTrue(lines.stream().anyMatch(l -> l.startsWith(layer + " ")), layer + " in\n" + r.out());
    }
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("fc1 ") && l.contains("64x256")), r.out());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("data: wait ")), r.out());
    assertTrue(lines.stream().anyMatch(l -> l.matches("memory: [\\d.]+ KB allocated per step \\(all threads\\), \\d+ GCs taking \\d+ ms .*, heap peak \\d+ MB, .*")), r.out());
  }

  @Test
  void syntheticInputsNeedNoDataAndOverridesApply() {
    Cli.Result r = Cli.run("time", "configs/quickstart.conf", "--synthetic", "-n", "1",
        "--warmup", "0", "data.batch_size=8", "data.dir=no/such/folder");
    assertEquals(0, r.status(), r.err());
    String out = r.out();
    assertTrue(out.contains("batch 8") && out.contains("random inputs"), out);
    assertTrue(out.lines().anyMatch(l -> l.startsWith("fc2 ") && l.contains("8x128")), out);
    assertTrue(out.strip().lines().reduce((a, b) -> b).orElseThrow().matches("throughput: \\d+ images/s"), out);
  }

  @Test
  void badArgumentsAreOneLineUsageErrors() {
    Cli.Result r = Cli.run("time", "configs/quickstart.conf", "-n", "0");
    assertEquals(2, r.status());
    assertEquals("error: -n must be at least 1, got 0", r.err().strip());
    r = Cli.run("time", "configs/quickstart.conf", "solver.base_lrr=1");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("did you mean 'base_lr'"), r.err());
  }
}
