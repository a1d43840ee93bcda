package dev.trainer.experiment;

import dev.trainer.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A claim of a paper about a sweep's grid points, declared as {@code claim.<name> = ...} in the
 * sweep file. Grid points are named by their labels as {@code summary.md} shows them (the values
 * in axis order joined by commas: {@code relu/msra,30}).
 *
 * <pre>
 *   claim.mpelu_beats_elu = mpelu(1)/taylor &lt; elu/taylor      an ordering of two points: A's test error is lower
 *   claim.slope_order = 0 &lt; 0.1 &lt; 0.25 &lt; 0.5 &lt; 1            an ordering of more: every adjacent pair
 *   claim.deep_is_worse = relu,4 &gt; relu,1                      '&gt;': A's test error is higher
 *   claim.relu_30_fails = relu/msra,30 stalled                 an outcome: converged, stalled, diverged, or
 *                                                              fails (= stalled or diverged)
 * </pre>
 *
 * The error compared is the final test error (after the last iteration) of the runs that did not
 * diverge. An ordering uses one of {@code <} and {@code >} throughout.
 */
public sealed interface Claim permits Claim.Order, Claim.Outcome {
  /** The name after {@code claim.}. */
  String name();

  /** The claim as written in the sweep file. */
  String text();

  /** The grid points it names. */
  List<String> labels();

  /** Test errors in the order of {@code labels}: ascending ({@code <}) or descending ({@code >}). */
  record Order(String name, String text, List<String> labels, boolean ascending) implements Claim {}

  /** All runs of {@code label} end with one of {@code verdicts}; {@code word} as written. */
  record Outcome(String name, String text, String label, String word, Set<Verdict> verdicts) implements Claim {
    @Override
    public List<String> labels() {
      return List.of(label);
    }
  }

  /** The outcome words and the verdicts each stands for. */
  Map<String, Set<Verdict>> OUTCOMES = Map.of("converged", Set.of(Verdict.CONVERGED), "stalled", Set.of(Verdict.STALLED),
      "diverged", Set.of(Verdict.DIVERGED), "fails", Set.of(Verdict.STALLED, Verdict.DIVERGED));

  /** Parses the value of {@code claim.<name>}; errors name {@code where}. */
  static Claim parse(String name, String text, String where) {
    boolean less = text.contains("<");
    boolean more = text.contains(">");
    if (less && more) throw new ConfigException(where, "claim." + name + ": an ordering uses either '<' or '>', not both");
    if (less || more) {
      List<String> labels = new ArrayList<>();
      for (String part : text.split(less ? "<" : ">", -1)) {
        String label = part.trim();
        if (label.isEmpty()) throw new ConfigException(where, "claim." + name + ": a grid point label is missing in '" + text + "'");
        labels.add(label);
      }
      if (new LinkedHashSet<>(labels).size() != labels.size()) {
        throw new ConfigException(where, "claim." + name + ": a grid point appears twice in '" + text + "'");
      }
      return new Order(name, text, List.copyOf(labels), less);
    }
    int space = Math.max(text.lastIndexOf(' '), text.lastIndexOf('\t'));
    String word = space < 0 ? "" : text.substring(space + 1);
    if (!OUTCOMES.containsKey(word) || text.substring(0, space).isBlank()) {
      throw new ConfigException(where, "claim." + name + ": expected 'A < B [< C ...]', 'A > B [> C ...]' or "
          + "'A converged|stalled|diverged|fails' with grid point labels A, B, C; got '" + text + "'");
    }
    return new Outcome(name, text, text.substring(0, space).trim(), word, OUTCOMES.get(word));
  }
}
