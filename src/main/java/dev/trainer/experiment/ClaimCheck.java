package dev.trainer.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The verdict of a {@link Claim} on the runs of a sweep: <b>holds</b>, <b>contradicted</b> or
 * <b>not resolved at n seeds</b>, with the measurement it rests on (all intervals 95 %, see
 * {@link Stats}).
 *
 * <pre>
 *   A &lt; B     d = mean final test error of A − that of B, in points, with its interval: paired t over
 *             the seeds when A and B have test errors for the same seeds (≥ 2), Welch t otherwise.
 *             holds: the interval lies below 0; contradicted: above 0; else not resolved
 *             (A &gt; B: the other way round), with the seeds per point that would resolve it
 *   A &lt; B &lt; C  one line per adjacent pair as above; the claim holds when every pair holds, is
 *             contradicted when a pair is, else not resolved (no correction for the number of pairs)
 *   A stalled  k of the n runs of A stalled, the Clopper–Pearson interval of the rate k/n;
 *             holds: the interval lies above 1/2 (A stalls in most runs), contradicted: below 1/2
 * </pre>
 */
public final class ClaimCheck {
  public enum Status {
    HOLDS, CONTRADICTED, NOT_RESOLVED
  }

  /**
   * One line of the claims table. {@code estimate}: the difference of means in points (a pair), the
   * fraction of adjacent pairs that hold (an ordering), or the rate k/n (an outcome); {@code low},
   * {@code high} its 95 % interval (NaN for an ordering, or with one seed); {@code seeds}: seeds per
   * grid point that would resolve an unresolved line (0 unknown, {@code Integer.MAX_VALUE} never).
   */
  public record Line(String claim, String statement, String measured, double estimate, double low, double high,
      String test, double df, Status status, String verdict, int seeds, boolean pair) {}

  /** Runs beyond this many per point are not searched for by {@link #seedsForRate}. */
  static final int MAX_SEEDS = 10_000;

  private ClaimCheck() {}

  /** The lines of {@code claim} given the results of each grid point by label. */
  public static List<Line> check(Claim claim, Map<String, List<RunResult>> points) {
    if (claim instanceof Claim.Order o) return order(o, points);
    Claim.Outcome o = (Claim.Outcome) claim;
    return List.of(outcome(o, points.getOrDefault(o.label(), List.of())));
  }

  private static List<Line> order(Claim.Order o, Map<String, List<RunResult>> points) {
    List<Line> pairs = new ArrayList<>();
    for (int i = 0; i + 1 < o.labels().size(); i++) {
      String a = o.labels().get(i);
      String b = o.labels().get(i + 1);
      pairs.add(pair(o.name(), a, b, o.ascending(), points.getOrDefault(a, List.of()), points.getOrDefault(b, List.of())));
    }
    if (pairs.size() == 1) return List.of(pairs.get(0));
    long holds = pairs.stream().filter(l -> l.status() == Status.HOLDS).count();
    long contradicted = pairs.stream().filter(l -> l.status() == Status.CONTRADICTED).count();
    Status s = holds == pairs.size() ? Status.HOLDS : contradicted > 0 ? Status.CONTRADICTED : Status.NOT_RESOLVED;
    int seeds = 0;
    for (Line l : pairs) {
      if (l.status() != Status.NOT_RESOLVED) continue;
      if (l.seeds() == 0) {
        seeds = 0;
        break;
      }
      seeds = Math.max(seeds, l.seeds());
    }
    List<Integer> ns = o.labels().stream().map(l -> points.getOrDefault(l, List.of()).size()).toList();
    String measured = String.format(Locale.ROOT, "%d of %d adjacent pairs hold%s", holds, pairs.size(),
        contradicted > 0 ? ", " + contradicted + " contradicted" : "");
    List<Line> lines = new ArrayList<>();
    lines.add(new Line(o.name(), o.text(), measured, (double) holds / pairs.size(), Double.NaN, Double.NaN,
        "each adjacent pair", Double.NaN, s, verdict(s, ns), s == Status.NOT_RESOLVED ? seeds : 0, false));
    lines.addAll(pairs);
    return lines;
  }

  /** The test error comparison {@code a < b} (ascending) or {@code a > b}. */
  static Line pair(String claim, String a, String b, boolean ascending, List<RunResult> ra, List<RunResult> rb) {
    String statement = a + (ascending ? " < " : " > ") + b;
    Map<Integer, Double> ea = errors(ra);
    Map<Integer, Double> eb = errors(rb);
    List<Integer> ns = List.of(ea.size(), eb.size());
    if (ea.isEmpty() || eb.isEmpty()) {
      String none = ea.isEmpty() ? a : b;
      return new Line(claim, statement, "no test error of " + none + " (no run, or all diverged)", Double.NaN,
          Double.NaN, Double.NaN, "", Double.NaN, Status.NOT_RESOLVED, verdict(Status.NOT_RESOLVED, ns), 0, true);
    }
    boolean paired = ea.size() >= 2 && ea.keySet().equals(eb.keySet());
    Stats.Difference d = paired ? Stats.paired(values(ea), values(eb))
        : Stats.welch(Stats.Sample.of(values(ea)), Stats.Sample.of(values(eb)));
    double below = ascending ? d.high() : -d.low();
    double above = ascending ? d.low() : -d.high();
    Status s = below < 0 ? Status.HOLDS : above > 0 ? Status.CONTRADICTED : Status.NOT_RESOLVED;
    String test = paired ? "paired t, n = " + ea.size()
        : String.format(Locale.ROOT, "Welch t, n = %d and %d", ea.size(), eb.size());
    String measured = String.format(Locale.ROOT, "%+.2f points", d.estimate());
    int seeds = s == Status.NOT_RESOLVED ? Stats.seedsFor(d.estimate(), d.variance(), d.paired()) : 0;
    return new Line(claim, statement, measured, d.estimate(), d.low(), d.high(), test, d.df(), s, verdict(s, ns), seeds, true);
  }

  private static Line outcome(Claim.Outcome o, List<RunResult> runs) {
    int n = runs.size();
    int k = (int) runs.stream().filter(r -> o.verdicts().contains(r.verdict())).count();
    String what = o.word().equals("fails") ? "failed (stalled or diverged)" : o.word();
    if (n == 0) {
      return new Line(o.name(), o.text(), "no runs", Double.NaN, Double.NaN, Double.NaN, "", Double.NaN,
          Status.NOT_RESOLVED, verdict(Status.NOT_RESOLVED, List.of(0)), 0, false);
    }
    double[] ci = Stats.clopperPearson(k, n);
    Status s = ci[0] > 0.5 ? Status.HOLDS : ci[1] < 0.5 ? Status.CONTRADICTED : Status.NOT_RESOLVED;
    int seeds = s == Status.NOT_RESOLVED ? seedsForRate((double) k / n, n) : 0;
    return new Line(o.name(), o.text(), k + " of " + n + " runs " + what, (double) k / n, ci[0], ci[1],
        "Clopper–Pearson, rate vs 1/2", Double.NaN, s, verdict(s, List.of(n)), seeds, false);
  }

  /**
   * The fewest runs, more than {@code n}, at which the observed rate would give a Clopper–Pearson
   * interval that excludes 1/2 ({@code Integer.MAX_VALUE} if none up to {@link #MAX_SEEDS}).
   */
  static int seedsForRate(double rate, int n) {
    if (rate == 0.5) return Integer.MAX_VALUE;
    for (int m = n + 1; m <= MAX_SEEDS; m++) {
      double[] ci = Stats.clopperPearson((int) Math.round(rate * m), m);
      if (ci[0] > 0.5 || ci[1] < 0.5) return m;
    }
    return Integer.MAX_VALUE;
  }

  /** Final test error (%) by seed of the runs that did not diverge and have a test. */
  private static Map<Integer, Double> errors(List<RunResult> runs) {
    Map<Integer, Double> bySeed = new TreeMap<>();
    for (RunResult r : runs) {
      if (r.verdict() != Verdict.DIVERGED && !Double.isNaN(r.finalTestAccuracy())) bySeed.put(r.run().seed(), r.finalTestError());
    }
    return bySeed;
  }

  private static double[] values(Map<Integer, Double> bySeed) {
    return bySeed.values().stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** holds, contradicted, or not resolved at n seeds (n the runs per point, or their range). */
  static String verdict(Status s, List<Integer> ns) {
    return switch (s) {
      case HOLDS -> "holds";
      case CONTRADICTED -> "contradicted";
      case NOT_RESOLVED -> {
        int lo = ns.stream().mapToInt(Integer::intValue).min().orElse(0);
        int hi = ns.stream().mapToInt(Integer::intValue).max().orElse(0);
        yield "not resolved at " + (lo == hi ? String.valueOf(lo) : lo + "–" + hi) + (hi == 1 ? " seed" : " seeds");
      }
    };
  }
}
