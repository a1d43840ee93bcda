package dev.trainer.activation;

import dev.trainer.layer.Param;
import dev.trainer.tensor.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Padé activation unit in its "safe" form (Molina, Schramowski &amp; Kersting, "Padé Activation
 * Units: End-to-end Learning of Flexible Activation Functions in Deep Networks", ICLR 2020, arXiv
 * 1907.06732): a rational function with learned coefficients, numerator degree 5 and denominator
 * degree 4 as in the paper, shared per layer (the paper's choice, default) or per channel.
 *
 * <pre>
 *   P(x) = a0 + a1·x + … + a5·x⁵,   S(x) = b1·x + … + b4·x⁴,   Q(x) = 1 + |S(x)|
 *   y       = P/Q
 *   dy/dx   = P'/Q − P·sgn(S)·S'/Q²
 *   dL/da_j = Σ dL/dy · x^j/Q
 *   dL/db_k = −Σ dL/dy · P·sgn(S)·x^k/Q²
 * </pre>
 *
 * Q ≥ 1, so there are no poles. The coefficients start at a least-squares fit of a named function
 * on [−3, 3] ({@code init}; leaky ReLU with slope 0.01 by default), made once by
 * {@code scripts/pau_fit.py} (linearized least squares, then Levenberg–Marquardt on the true error
 * of the safe form, 2001 points) and shipped below with the fit's largest error on [−3, 3]. Outside
 * the fit interval the unit grows like (a5/b4)·x on both sides (the leaky ReLU fit: 0.505·x), so it
 * approximates its target only where the inputs are. S(x) = 0 at x = 0, where the |·| has a kink.
 *
 * <p>Each coefficient is its own parameter ({@code a0} … {@code a5}, {@code b1} … {@code b4}), so
 * params.csv follows it. Initialization: {@link #heSlope()} is the slope of the target's negative
 * side (0.01 for leaky ReLU, 0 for ReLU); tanh and SiLU have no He gain and use ReLU's (0).
 */
public final class PAU extends ChannelwiseActivation {
  /** Numerator a0..a5 then denominator b1..b4 of the fit, and its max |error| on [−3, 3]. */
  record Fit(float[] coefficients, double maxError, double heSlope) {}

  /** The shipped fits (scripts/pau_fit.py), by the name of the approximated function. */
  static final Map<String, Fit> FITS = Map.of(
      "leaky_relu", new Fit(new float[] {0.0335721027f, 0.504999998f, 1.65267509f, 2.00812274f, 0.930575499f,
          0.152132764f, -7.636042e-09f, 3.97648068f, 3.73458367e-09f, 0.301252996f}, 0.0336, 0.01),
      "relu", new Fit(new float[] {0.0339112154f, 0.499999997f, 1.66936874f, 1.98824027f, 0.939975207f,
          0.15062649f, -3.17231083e-08f, 3.97648058f, -2.74199492e-08f, 0.301252985f}, 0.0340, 0),
      "tanh", new Fit(new float[] {1.53702548e-14f, 0.999994229f, 8.52969596e-12f, 0.107705419f, 3.95101969e-13f,
          0.000870976964f, 8.67536358e-12f, 0.441010869f, 3.07678236e-12f, 0.0145798859f}, 3.5e-6, 0),
      "silu", new Fit(new float[] {3.26275818e-07f, 0.5f, 0.249997354f, 0.0532651276f, 0.0058025438f,
          0.000275133833f, -1.33062291e-08f, 0.106530262f, -1.29053693e-09f, 0.000550267763f}, 1.2e-6, 0));
  static final int NUMERATOR = 6;
  static final int DENOMINATOR = 4;

  private final Fit fit;
  private final boolean shared;
  private final float lrMult;
  private final float decayMult;
  /** a0..a5 then b1..b4. */
  private ChannelParam[] coefficients;

  /** @param init the name of a fit in {@link #FITS} */
  public PAU(String init, boolean shared, float lrMult, float decayMult) {
    this.fit = FITS.get(init);
    this.shared = shared;
    this.lrMult = lrMult;
    this.decayMult = decayMult;
  }

  @Override
  public double heSlope() {
    return fit.heSlope();
  }

  @Override
  protected void createParams(int channels, Rng rng) {
    coefficients = new ChannelParam[NUMERATOR + DENOMINATOR];
    for (int i = 0; i < coefficients.length; i++) {
      String name = i < NUMERATOR ? "a" + i : "b" + (i - NUMERATOR + 1);
      coefficients[i] = new ChannelParam(name, channels, new ParamSpec(fit.coefficients()[i], shared, lrMult, decayMult));
    }
  }

  @Override
  public List<Param> params() {
    List<Param> all = new ArrayList<>();
    for (ChannelParam c : coefficients) all.add(c.param);
    return all;
  }

  /** The coefficients of channel c: a0..a5, b1..b4. */
  private float[] at(int c) {
    float[] k = new float[coefficients.length];
    for (int i = 0; i < k.length; i++) k[i] = coefficients[i].at(c);
    return k;
  }

  @Override
  protected void forwardPass() {
    forEachRow((r, c, from, to) -> {
      float[] k = at(c);
      for (int i = from; i < to; i++) {
        float v = x[i];
        float p = ((((k[5] * v + k[4]) * v + k[3]) * v + k[2]) * v + k[1]) * v + k[0];
        float s = (((k[9] * v + k[8]) * v + k[7]) * v + k[6]) * v;
        y[i] = p / (1 + Math.abs(s));
      }
    });
  }

  @Override
  protected void backwardPass() {
    double[][] sums = new double[coefficients.length][];
    for (int j = 0; j < sums.length; j++) sums[j] = coefficients[j].rowSums(batch);
    forEachRow((r, c, from, to) -> {
      float[] k = at(c);
      double[] g = new double[coefficients.length];
      for (int i = from; i < to; i++) {
        float v = x[i];
        float p = ((((k[5] * v + k[4]) * v + k[3]) * v + k[2]) * v + k[1]) * v + k[0];
        float dp = (((5 * k[5] * v + 4 * k[4]) * v + 3 * k[3]) * v + 2 * k[2]) * v + k[1];
        float s = (((k[9] * v + k[8]) * v + k[7]) * v + k[6]) * v;
        float ds = ((4 * k[9] * v + 3 * k[8]) * v + 2 * k[7]) * v + k[6];
        float sign = Math.signum(s);
        float q = 1 + Math.abs(s);
        dx[i] = dy[i] * (dp / q - p * sign * ds / (q * q));
        float numerator = dy[i] / q;
        float denominator = -dy[i] * p * sign / (q * q);
        float power = 1;
        for (int j = 0; j < NUMERATOR; j++) {
          g[j] += numerator * power;
          power *= v;
          if (j < DENOMINATOR) g[NUMERATOR + j] += denominator * power;
        }
      }
      for (int j = 0; j < g.length; j++) sums[j][r] = g[j];
    });
    for (ChannelParam p : coefficients) p.accumulate(batch);
  }
}
