package dev.trainer.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Claims of a constructed sweep come out as constructed: holds, contradicted, not resolved. */
class ClaimTest {
  private static final Path MLP = Path.of("configs/mlp-deep.conf").toAbsolutePath();

  @TempDir Path tmp;

  private SweepSpec sweep(String body) throws IOException {
    Path file = tmp.resolve("sweep.conf");
    Files.writeString(file, "[sweep]\nbase = " + MLP + "\n" + body);
    return SweepSpec.read(file);
  }

  /**
   * Final test errors (%) by grid point, seeds 1, 2, 3: relu and prelu have the same mean (no
   * difference), elu is 20 points worse.
   */
  private static final Map<String, double[]> ERRORS = Map.of("relu", new double[] {10, 11, 12},
      "elu", new double[] {30, 33, 31}, "prelu", new double[] {11, 12, 10});

  private static List<RunResult> results(SweepSpec spec, Map<String, double[]> errors, Map<String, Verdict> verdicts) {
    List<RunResult> results = new ArrayList<>();
    for (SweepRun r : spec.runs()) {
      String point = SweepSpec.label(r.point());
      double acc = 1 - errors.get(point)[r.seed() - 1] / 100;
      results.add(new RunResult(r, verdicts.getOrDefault(point, Verdict.CONVERGED), 20, acc, acc + 0.01, 1.0));
    }
    return results;
  }

  private static ClaimCheck.Line line(List<ClaimCheck.Line> lines, String statement) {
    return lines.stream().filter(l -> l.statement().equals(statement)).findFirst().orElseThrow(() -> new AssertionError(statement));
  }

  @Test
  void largeDifferenceHoldsOrIsContradictedAndNoDifferenceIsNotResolved() throws IOException {
    SweepSpec spec = sweep("""
        grid.net.activation = relu, elu, prelu
        repeats = 3
        claim.relu_beats_elu = relu < elu
        claim.elu_beats_relu = elu < relu
        claim.elu_worse = elu > relu
        claim.relu_beats_prelu = relu < prelu
        claim.order = relu < prelu < elu
        claim.wrong_order = elu < relu < prelu
        """);
    List<ClaimCheck.Line> lines = SweepSummary.claimLines(spec, results(spec, ERRORS, Map.of()));

    // relu - elu by seed: {-20, -22, -19}: mean -20.333, s_d² = (0.333² + 1.667² + 1.333²)/2 = 2.333,
    // s_d = 1.527525, half-width 4.302653 · 1.527525/√3 = 3.794583: [-24.128, -16.539], below 0.
    ClaimCheck.Line holds = line(lines, "relu < elu");
    assertEquals(ClaimCheck.Status.HOLDS, holds.status());
    assertEquals("holds", holds.verdict());
    assertEquals("paired t, n = 3", holds.test());
    assertEquals(-20.333333, holds.estimate(), 1e-6);
    assertEquals(-20.333333 - 3.794583, holds.low(), 1e-5);
    assertEquals(-20.333333 + 3.794583, holds.high(), 1e-5);
    assertEquals(ClaimCheck.Status.CONTRADICTED, line(lines, "elu < relu").status());
    assertEquals(ClaimCheck.Status.HOLDS, line(lines, "elu > relu").status());

    // relu - prelu by seed: {-1, -1, 2}: mean 0, so no number of seeds resolves it.
    ClaimCheck.Line none = line(lines, "relu < prelu");
    assertEquals(ClaimCheck.Status.NOT_RESOLVED, none.status());
    assertEquals("not resolved at 3 seeds", none.verdict());
    assertEquals(0, none.estimate(), 1e-9);
    assertTrue(none.seeds() > 1000, "no difference: " + none.seeds());

    ClaimCheck.Line order = lines.stream().filter(l -> l.claim().equals("order") && !l.pair()).findFirst().orElseThrow();
    assertEquals("1 of 2 adjacent pairs hold", order.measured());
    assertEquals(ClaimCheck.Status.NOT_RESOLVED, order.status());
    assertEquals(0.5, order.estimate());
    ClaimCheck.Line wrong = lines.stream().filter(l -> l.claim().equals("wrong_order") && !l.pair()).findFirst().orElseThrow();
    assertEquals("0 of 2 adjacent pairs hold, 1 contradicted", wrong.measured());
    assertEquals(ClaimCheck.Status.CONTRADICTED, wrong.status());

    String md = SweepSummary.markdown(spec, results(spec, ERRORS, Map.of()));
    assertTrue(md.contains("| relu_beats_elu | relu < elu | -20.33 points | [-24.13, -16.54] | paired t, n = 3 | **holds** |  |"), md);
    assertTrue(md.contains("| order | relu < prelu < elu | 1 of 2 adjacent pairs hold |  | each adjacent pair | not resolved at 3 seeds |"), md);
    assertTrue(md.contains("| ↳ | prelu < elu |"), md);
    // the grid point rows: n, mean ± CI ({10, 11, 12}: 11 ± 2.484138), best (mean ± std), lowest error (9, 10, 11).
    assertTrue(md.contains("| relu | 3 | 11.00 ± 2.48 | 10.00 (11.00 ± 1.00) | 10.00 ± 2.48 | 3 | 0 | 0 |"), md);
  }

  @Test
  void unpairedSeedsUseWelch() throws IOException {
    SweepSpec spec = sweep("""
        grid.net.activation = relu, elu
        repeats = 3
        claim.c = relu < elu
        """);
    List<RunResult> results = new ArrayList<>(results(spec, Map.of("relu", new double[] {1, 2, 3}, "elu", new double[] {4, 6, 8}),
        Map.of()));
    RunResult last = results.remove(5);
    results.add(new RunResult(last.run(), Verdict.DIVERGED, 3, Double.NaN, Double.NaN, Double.NaN));
    // elu keeps seeds 1 and 2 ({4, 6}: mean 5, s² = 2): d = -3, se² = 1/3 + 2/2 = 4/3,
    // ν = (4/3)² / ((1/3)²/2 + 1²/1) = (16/9)/(19/18) = 32/19 = 1.684211.
    ClaimCheck.Line l = SweepSummary.claimLines(spec, results).get(0);
    assertEquals("Welch t, n = 3 and 2", l.test());
    assertEquals(-3, l.estimate(), 1e-9);
    assertEquals(32.0 / 19, l.df(), 1e-9);
    assertEquals("not resolved at 2–3 seeds", l.verdict());
    // seeds (Welch, v = 1 + 2, d = 3): normal 7.848880 · 3/9 = 2.6 -> 3; df 4: 13.819135 · 3/9 = 4.6 > 3;
    // df 6 (n = 4): (2.446912 + 0.905703)² · 3/9 = 3.75 <= 4 -> 4
    assertEquals(4, l.seeds());
  }

  @Test
  void outcomeClaimsCountRunsWithClopperPearson() throws IOException {
    SweepSpec spec = sweep("""
        grid.net.activation = relu, elu
        repeats = 6
        claim.relu_stalls = relu stalled
        claim.relu_converges = relu converged
        claim.elu_fails = elu fails
        """);
    double[] six = {90, 90, 90, 90, 90, 90};
    List<RunResult> results = new ArrayList<>(results(spec, Map.of("relu", six, "elu", six), Map.of("relu", Verdict.STALLED)));
    for (int i = 9; i < 12; i++) {
      RunResult r = results.get(i);
      results.set(i, new RunResult(r.run(), Verdict.DIVERGED, 3, Double.NaN, Double.NaN, Double.NaN));
    }
    List<ClaimCheck.Line> lines = SweepSummary.claimLines(spec, results);
    // 6 of 6: [0.025^(1/6), 1] = [0.540742, 1], above 1/2.
    assertEquals("6 of 6 runs stalled", lines.get(0).measured());
    assertEquals(0.540742, lines.get(0).low(), 1e-6);
    assertEquals(ClaimCheck.Status.HOLDS, lines.get(0).status());
    assertEquals(ClaimCheck.Status.CONTRADICTED, lines.get(1).status());
    // elu: 3 of 6 diverged, the rest converged: a rate of 1/2 is resolved by no number of runs.
    assertEquals("3 of 6 runs failed (stalled or diverged)", lines.get(2).measured());
    assertEquals("not resolved at 6 seeds", lines.get(2).verdict());
    assertEquals(Integer.MAX_VALUE, lines.get(2).seeds());
    String md = SweepSummary.markdown(spec, results);
    assertTrue(md.contains("| relu_stalls | relu stalled | 6 of 6 runs stalled | [54 %, 100 %] | Clopper–Pearson, rate vs 1/2 | **holds** |  |"), md);
  }

  @Test
  void claimsAreWrittenToTheCsvFiles() throws IOException {
    SweepSpec spec = sweep("""
        grid.net.activation = relu, elu, prelu
        repeats = 3
        claim.relu_beats_elu = relu < elu
        """);
    Path out = Files.createDirectories(tmp.resolve("out"));
    SweepSummary.write(spec, out, results(spec, ERRORS, Map.of()));
    CsvTable claims = CsvTable.read(out.resolve("claims.csv"));
    assertEquals(1, claims.size());
    assertEquals("holds", claims.text(0, "verdict"));
    assertEquals(-20.3333, claims.number(0, "estimate"), 1e-4);
    CsvTable summary = CsvTable.read(out.resolve("summary.csv"));
    assertEquals(3, summary.number(0, "point_n"));
    assertEquals(11, summary.number(0, "point_final_error_mean"), 1e-4);
    assertEquals(1, summary.number(0, "point_final_error_std"), 1e-4);
    assertEquals(2.48414, summary.number(0, "point_final_error_ci95"), 1e-4);
    assertEquals(10, summary.number(0, "point_best_error_mean"), 1e-4);
  }

  @Test
  void badClaimsNameTheLine() throws IOException {
    String grid = "grid.net.activation = relu, elu\n";
    ConfigException e = assertThrows(ConfigException.class, () -> sweep(grid + "claim.x = relu < eluu\n"));
    assertEquals(tmp.resolve("sweep.conf") + ":4", e.where());
    assertTrue(e.getMessage().contains("'eluu' names no grid point") && e.getMessage().contains("elu"), e.getMessage());
    assertThrows(ConfigException.class, () -> sweep(grid + "claim.x = relu < elu > relu\n"));
    assertThrows(ConfigException.class, () -> sweep(grid + "claim.x = relu < relu\n"));
    assertThrows(ConfigException.class, () -> sweep(grid + "claim.x = relu <\n"));
    assertThrows(ConfigException.class, () -> sweep(grid + "claim.x = relu explodes\n"));
    assertThrows(ConfigException.class, () -> sweep(grid + "claim.x = stalled\n"));
    assertThrows(ConfigException.class, () -> sweep(grid + "claim.x = relu stalled\nclaim.x = elu stalled\n"));
    assertEquals(2, sweep(grid + "claim.a = relu   fails\nclaim.b = elu > relu\n").claims().size());
  }
}
