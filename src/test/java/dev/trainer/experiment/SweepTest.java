package dev.trainer.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.config.ConfigException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {
  private static final Path MLP = Path.of("configs/mlp-deep.conf").toAbsolutePath();
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @TempDir Path tmp;

  private SweepSpec sweep(String body) throws IOException {
    Path file = tmp.resolve("sweep.conf");
    Files.writeString(file, "# test sweep\n[sweep]\nbase = " + MLP + "\n" + body);
    return SweepSpec.read(file);
  }

  @Test
  void expansionIsTheProductInFileOrderWithSeedsFastest() throws IOException {
    SweepSpec spec = sweep("""
        grid.block.repeat = 2, 1      ; values keep their order
        grid.net.activation = relu, elu, prelu
        repeats = 2
        seed = 7
        set.solver.max_iter = 3
        set.solver.max_epochs = 0
        """);
    List<SweepRun> runs = spec.runs();
    assertEquals(12, runs.size());
    List<String> names = runs.stream().map(SweepRun::dirName).toList();
    assertEquals(List.of("block.repeat=2,net.activation=relu-s7", "block.repeat=2,net.activation=relu-s8",
        "block.repeat=2,net.activation=elu-s7", "block.repeat=2,net.activation=elu-s8",
        "block.repeat=2,net.activation=prelu-s7", "block.repeat=2,net.activation=prelu-s8",
        "block.repeat=1,net.activation=relu-s7"), names.subList(0, 7));
    assertEquals("block.repeat=1,net.activation=prelu-s8", names.get(11));
    assertEquals(List.of("solver.max_iter=3", "solver.max_epochs=0", "block.repeat=1", "net.activation=elu",
        "solver.random_seed=8"), runs.get(9).overrides());
    assertEquals(List.of("block.repeat", "net.activation"), new ArrayList<>(runs.get(0).point().keySet()));
    assertEquals(spec.runs(), runs, "the same order every time");
    assertEquals(3, spec.configs().get(runs.get(0)).solver().integer("max_iter"));
  }

  @Test
  void variantsAreTheFirstAxisAndAddTheirOverrides() throws IOException {
    SweepSpec spec = sweep("""
        grid.block.repeat = 1, 2
        variant.relu/msra = net.activation=relu net.init=msra
        variant.elu/taylor = net.activation=elu  net.init=taylor
        paper.elu/taylor,2 = converges
        paper_caption = what the paper saw
        """);
    assertEquals(List.of("variant", "block.repeat"), spec.axes());
    List<SweepRun> runs = spec.runs();
    assertEquals(List.of("variant=relu_msra,block.repeat=1-s1", "variant=relu_msra,block.repeat=2-s1",
        "variant=elu_taylor,block.repeat=1-s1", "variant=elu_taylor,block.repeat=2-s1"),
        runs.stream().map(SweepRun::dirName).toList());
    assertEquals(List.of("net.activation=elu", "net.init=taylor", "block.repeat=2", "solver.random_seed=1"),
        runs.get(3).overrides());
    assertEquals("elu/taylor,2", SweepSpec.label(runs.get(3).point()));
    assertEquals("taylor", spec.configs().get(runs.get(3)).layers().get(1).init().orElseThrow().type());

    List<RunResult> results = runs.stream().map(r -> new RunResult(r, Verdict.CONVERGED, 10, 0.5, 0.6, 1.0)).toList();
    String md = SweepSummary.markdown(spec, results);
    assertTrue(md.contains("Paper: what the paper saw."), md);
    assertTrue(md.contains("| variant | block.repeat | n | test error % (mean ± CI) | best (mean ± std) | "
        + "lowest test error % (mean ± CI) | paper | converged |"), md);
    assertTrue(md.contains("| elu/taylor | 2 | 1 | 50.00 | 50.00 (50.00 ± 0.00) | 40.00 | converges | 1 | 0 | 0 |"), md);
    assertTrue(md.contains("| relu/msra | 1 | 1 | 50.00 | 50.00 (50.00 ± 0.00) | 40.00 |  | 1 | 0 | 0 |"), md);
  }

  @Test
  void badVariantsAndPaperLabelsNameTheLine() throws IOException {
    ConfigException e = assertThrows(ConfigException.class,
        () -> sweep("variant.a = net.activation=relu\npaper.b = 1\n"));
    assertEquals(tmp.resolve("sweep.conf") + ":5", e.where());
    assertTrue(e.getMessage().contains("grid points: a"), e.getMessage());
    assertThrows(ConfigException.class, () -> sweep("variant.a = activation=relu\n"));
    assertThrows(ConfigException.class, () -> sweep("variant.a = net.activation\n"));
    assertThrows(ConfigException.class, () -> sweep("variant.a = solver.random_seed=3\n"));
  }

  @Test
  void directoryNamesAreSanitized() {
    SweepRun r = new SweepRun(Map.of("net.prelu.init", "0.25 /x"), 3, List.of());
    assertEquals("net.prelu.init=0.25__x-s3", r.dirName());
    assertEquals("s1", new SweepRun(Map.of(), 1, List.of()).dirName());
  }

  @Test
  void badSweepFilesNameTheLine() throws IOException {
    assertEquals(tmp.resolve("sweep.conf") + ":4",
        assertThrows(ConfigException.class, () -> sweep("repeat = 2\n")).where());
    assertThrows(ConfigException.class, () -> sweep("grid.solver.random_seed = 1, 2\n"));
    assertThrows(ConfigException.class, () -> sweep("grid.net.activation = relu, relu\n"));
    assertThrows(ConfigException.class, () -> sweep("grid.net.activation = relu\nset.net.activation = elu\n"));
    assertThrows(ConfigException.class, () -> sweep("repeats = 0\n"));
    assertThrows(ConfigException.class, () -> sweep("grid.activation = relu\n"));
    SweepSpec bad = sweep("grid.net.activation = relu, reluu\n");
    assertThrows(ConfigException.class, bad::configs, "a bad grid value fails before any run");
  }

  @Test
  void theShippedDepthSweepExpandsToLoadableConfigs() {
    SweepSpec spec = SweepSpec.read(Path.of("configs/sweeps/depth-activation-init.conf"));
    var configs = spec.configs();
    assertEquals(45, configs.size(), "5 variants x 3 depths x 3 seeds");
    SweepRun last = spec.runs().get(44);
    assertEquals("variant=elu_lsuv,block.repeat=30-s3", last.dirName());
    assertEquals(1 + 1 + 30 + 1 + 1, configs.get(last).layers().size(), "stem, pool, 30 blocks, gap, classifier");
    assertEquals("lsuv", configs.get(last).layers().get(2).init().orElseThrow().type());
  }

  @Test
  void everyShippedSweepLoadsWithADataDirOverride() throws IOException {
    try (var files = Files.list(Path.of("configs/sweeps"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".conf")).toList()) {
        SweepSpec spec = SweepSpec.read(f).withOverrides(List.of("data.dir=elsewhere"));
        assertTrue(spec.configs().values().stream().allMatch(c -> c.dataDir().endsWith("elsewhere")), f.toString());
      }
    }
    for (String reproduction : List.of("lrelu-slope", "mpelu-init", "depth-activation-init", "selu-depth")) {
      SweepSpec spec = SweepSpec.read(Path.of("configs/sweeps/" + reproduction + ".conf"));
      assertTrue(spec.repeats() >= 3, reproduction + ": at least 3 seeds");
      assertTrue(spec.claims().size() >= 2, reproduction + ": the paper's claims");
    }
    SweepSpec lrelu = SweepSpec.read(Path.of("configs/sweeps/lrelu-slope.conf"));
    assertThrows(ConfigException.class, () -> lrelu.withOverrides(List.of("net.lrelu.slope=0.3")));
    assertEquals("62.34", lrelu.paper().get("0"));
  }

  @Test
  void aCommandLineOverrideReplacesTheSetKeyOfTheSameName() throws IOException {
    SweepSpec spec = sweep("""
        grid.net.activation = relu, elu
        set.solver.max_iter = 3
        set.data.dir = here
        """).withOverrides(List.of("data.dir=there"));
    assertEquals(List.of("solver.max_iter=3", "data.dir=there"), spec.fixed(), "listed once, with the later value");
    assertThrows(ConfigException.class, () -> spec.withOverrides(List.of("solver.random_seed=3")));
  }

  @Test
  void verdictRule() {
    assertEquals(Verdict.CONVERGED, Verdict.of(1.0, 0.5, 10));
    assertEquals(Verdict.STALLED, Verdict.of(2.1, 0.5, 10), "loss above 0.9 ln 10 = 2.07");
    assertEquals(Verdict.STALLED, Verdict.of(1.0, 0.14, 10), "accuracy within 5 points of chance");
    assertEquals(Verdict.STALLED, Verdict.of(Double.NaN, Double.NaN, 10));
  }

  @Test
  void tinySweepWritesSummariesAndSkipsEndedRunsOnRerun() throws Exception {
    SweepSpec spec = SweepSpec.read(Path.of("configs/sweeps/tiny.conf"));
    Path out = tmp.resolve("out");
    SweepRunner.Outcome first = new SweepRunner(spec, out, 1, QUIET).run();
    SweepSummary.write(spec, out, first.results());
    assertEquals(8, first.trained());

    CsvTable csv = CsvTable.read(out.resolve("summary.csv"));
    assertEquals(8, csv.size());
    assertEquals(List.of("relu", "relu", "relu", "relu", "elu", "elu", "elu", "elu"), csv.texts("net.activation"));
    assertEquals(List.of("1", "1", "4", "4", "1", "1", "4", "4"), csv.texts("block.repeat"));
    assertEquals(List.of("1", "2", "1", "2", "1", "2", "1", "2"), csv.texts("seed"));
    for (int i = 0; i < 8; i++) {
      assertEquals(20, csv.number(i, "iterations"));
      assertTrue(csv.number(i, "best_test_acc") >= csv.number(i, "final_test_acc"));
      assertTrue(List.of("converged", "stalled").contains(csv.text(i, "verdict")), csv.text(i, "verdict"));
    }
    List<String> md = Files.readAllLines(out.resolve("summary.md"));
    List<String> gridRows = md.stream().filter(l -> l.matches("\\| (relu|elu) \\| [14] \\| .*")).toList();
    assertEquals(4, gridRows.size(), String.join("\n", md));
    String mean = "\\d+\\.\\d\\d";
    String ci = mean + " ± " + mean;
    assertTrue(gridRows.get(0).matches("\\| relu \\| 1 \\| 2 \\| " + ci + " \\| " + mean + " \\(" + ci + "\\) \\| " + ci
        + " \\| \\d \\| \\d \\| 0 \\|"), gridRows.get(0));
    assertTrue(md.stream().anyMatch(l -> l.startsWith("8 runs: ")), String.join("\n", md));
    assertTrue(md.stream().anyMatch(l -> l.matches("\\| shallow_relu_converges \\| relu,1 converged \\| \\d of 2 runs converged .*")),
        String.join("\n", md));
    assertEquals(spec.claims().size(), CsvTable.read(out.resolve("claims.csv")).size());

    Path metrics = out.resolve(spec.runs().get(0).dirName()).resolve("metrics.csv");
    FileTime before = Files.getLastModifiedTime(metrics);
    SweepRunner.Outcome again = new SweepRunner(spec, out, 2, QUIET).run();
    assertEquals(8, again.skipped());
    assertEquals(0, again.trained());
    assertEquals(first.results(), again.results());
    assertEquals(before, Files.getLastModifiedTime(metrics));

    Files.delete(out.resolve(spec.runs().get(5).dirName()).resolve(RunResult.MARKER));
    SweepRunner.Outcome resumed = new SweepRunner(spec, out, 1, QUIET).run();
    assertEquals(1, resumed.trained(), "the run without a marker resumes from its last.ckpt");
    assertEquals(first.results(), resumed.results());
  }

  @Test
  void aDivergedRunIsRecordedAndTheSweepGoesOn() throws Exception {
    SweepSpec spec = sweep("""
        grid.solver.base_lr = 1e9, 0.05
        set.solver.max_epochs = 0
        set.solver.max_iter = 4
        set.data.train_limit = 256
        set.data.test_limit = 100
        """);
    Path out = tmp.resolve("div");
    List<RunResult> results = new SweepRunner(spec, out, 1, QUIET).run().results();
    assertEquals(Verdict.DIVERGED, results.get(0).verdict());
    assertTrue(results.get(0).iterations() < 4);
    assertTrue(Files.readString(out.resolve(results.get(0).run().dirName()).resolve(RunResult.MARKER))
        .contains("message = diverged at iteration"));
    assertEquals(4, results.get(1).iterations());
    assertTrue(results.get(1).verdict() != Verdict.DIVERGED);
    assertEquals("diverged", SweepSummary.errorCell(List.of(results.get(0))));
  }
}
