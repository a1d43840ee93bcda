package dev.trainer.layer;

import dev.trainer.UserError;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The forward pass of {@link MaxPool} for one plane, computing exactly what the plain loop
 *
 * <pre>
 *   best = first cell of the clipped window
 *   for each cell i of the clipped window, row by row:  if x[i] &gt; x[best]: best = i
 *   y = x[best],  argmax = best
 * </pre>
 *
 * computes (the same y and the same argmax, ties to the first maximum in row-major order, NaN
 * included), but for {@code L} neighbouring outputs of one output row at once, one vector lane per
 * output. The plain loop's data-dependent branch is mispredicted about every other window on real
 * activations; here the comparison becomes a lane mask and the update two blends:
 *
 * <pre>
 *   for each window row h, each kernel column j (row-major, as above):
 *     cand = x[h][ow·s − p + j] for the L lanes ow    (a contiguous load, see below)
 *     take = cand &gt; best
 *     best = take ? cand : best,   where = take ? (h − h0)·W + ow·s − p + j : where
 * </pre>
 *
 * Lanes start from their window's first cell, so the fold is the plain loop's, lane by lane. To
 * make the strided loads contiguous, each input row is first split into its s phases (phase q
 * holds the columns {@code s·t + q − p}), so column {@code ow·s − p + j} is entry {@code ow + j/s}
 * of phase {@code j mod s}. Columns outside the image hold −∞ there, which no comparison takes
 * (a window whose first column is outside starts from its first inside cell instead). Positions
 * are tracked as floats within the window rows (exact below 2^24, which the constructor checks).
 */
final class MaxPoolKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
  private final PoolGrid grid;
  /** Vectors of outputs per output row. */
  private final int chunks;
  /** Entries per phase row: enough for the last lane of the last chunk plus (k − 1)/s. */
  private final int span;
  /** Phase q holds image columns at entries [firstInside[q], endInside[q]). */
  private final int[] firstInside;
  private final int[] endInside;
  /** phaseOffset[j] = (j mod s)·span + j/s: where kernel column j starts in a phase-split row. */
  private final int[] phaseOffset;
  /** firstColumn[chunk·L + lane] = ow·s − p, the window's first column (may be negative). */
  private final float[] firstColumn;

  MaxPoolKernel(PoolGrid grid) {
    if ((long) grid.kernel * grid.width >= 1 << 24) {
      throw new UserError("max pool kernel " + grid.kernel + " times input width " + grid.width
          + " is too large (at most 2^24)", 2);
    }
    this.grid = grid;
    chunks = (grid.outWidth + L - 1) / L;
    span = chunks * L + (grid.kernel - 1) / grid.stride;
    firstColumn = new float[chunks * L];
    firstInside = new int[grid.stride];
    endInside = new int[grid.stride];
    for (int q = 0; q < grid.stride; q++) {
      firstInside[q] = (grid.pad - q + grid.stride - 1) / grid.stride;
      // floorDiv: phase q holds no image column at all when q > W − 1 + p (stride wider than the input).
      int last = Math.floorDiv(grid.width - 1 + grid.pad - q, grid.stride);
      endInside[q] = Math.min(span, Math.max(firstInside[q], last + 1));
    }
    phaseOffset = new int[grid.kernel];
    for (int j = 0; j < grid.kernel; j++) phaseOffset[j] = j % grid.stride * span + j / grid.stride;
    for (int c = 0; c < chunks; c++) {
      for (int lane = 0; lane < L; lane++) {
        int ow = c * L + lane;
        int w0 = ow * grid.stride - grid.pad;
        firstColumn[c * L + lane] = w0;
      }
    }
  }

  /** Pools the H×W plane at {@code x[in..]} into the Ho×Wo plane at {@code y[out..]}, argmax alike. */
  void pool(float[] x, int in, float[] y, int[] argmax, int out) {
    Scratch s = SCRATCH.get();
    float[] phases = s.phases(grid.height * grid.stride * span);
    splitPhases(x, in, phases);
    for (int oh = 0; oh < grid.outHeight; oh++) {
      int h0 = grid.windowStart(oh);
      int h1 = grid.windowEnd(oh, grid.height);
      for (int c = 0; c < chunks; c++) {
        int o = out + oh * grid.outWidth + c * L;
        poolChunk(x, in, phases, h0, h1, c, y, argmax, o, s);
      }
    }
  }

  /** phases[(h·s + q)·span + t] = x[h][s·t + q − p], −∞ outside the image. */
  private void splitPhases(float[] x, int in, float[] phases) {
    int st = grid.stride;
    for (int q = 0; q < st; q++) {
      int tLo = firstInside[q];
      int tHi = endInside[q];
      int w0 = st * tLo + q - grid.pad;
      for (int h = 0; h < grid.height; h++) {
        int d = (h * st + q) * span;
        Arrays.fill(phases, d, d + tLo, Float.NEGATIVE_INFINITY);
        for (int t = tLo, w = in + h * grid.width + w0; t < tHi; t++, w += st) phases[d + t] = x[w];
        Arrays.fill(phases, d + tHi, d + span, Float.NEGATIVE_INFINITY);
      }
    }
  }

  /** The fold of the class comment for window rows [h0, h1) and lanes of chunk c, into y and argmax at o. */
  private void poolChunk(float[] x, int in, float[] phases, int h0, int h1, int c, float[] y,
      int[] argmax, int o, Scratch s) {
    int k = grid.kernel;
    int st = grid.stride;
    int t0 = c * L;
    FloatVector column = FloatVector.fromArray(S, firstColumn, t0);
    FloatVector best = FloatVector.fromArray(S, phases, h0 * st * span + t0);
    FloatVector where = column;
    if (grid.pad > 0) {
      VectorMask<Float> left = column.compare(VectorOperators.LT, 0f);
      best = best.blend(x[in + h0 * grid.width], left);
      where = where.blend(0f, left);
    }
    // One flat loop over the window cells: C2 (JDK 17) boxes vectors carried through nested loops.
    for (int q = 0, cells = (h1 - h0) * k, h = h0, j = 0; q < cells; q++) {
      FloatVector cand = FloatVector.fromArray(S, phases, h * st * span + phaseOffset[j] + t0);
      VectorMask<Float> take = best.compare(VectorOperators.LT, cand);
      best = best.blend(cand, take);
      where = where.blend(column.add((h - h0) * grid.width + j), take);
      if (++j == k) {
        j = 0;
        h++;
      }
    }
    int lanes = Math.min(L, grid.outWidth - c * L);
    if (lanes == L) {
      best.intoArray(y, o);
    } else {
      best.intoArray(s.value, 0);
      System.arraycopy(s.value, 0, y, o, lanes);
    }
    where.intoArray(s.where, 0);
    int base = in + h0 * grid.width;
    for (int lane = 0; lane < lanes; lane++) argmax[o + lane] = base + (int) s.where[lane];
  }

  /** Per-thread buffers: the phase-split plane and one vector of results. */
  private static final class Scratch {
    final float[] value = new float[L];
    final float[] where = new float[L];
    private float[] phases = new float[0];

    float[] phases(int size) {
      if (phases.length < size) phases = new float[size];
      return phases;
    }
  }
}
