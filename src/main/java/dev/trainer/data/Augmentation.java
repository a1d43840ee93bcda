package dev.trainer.data;

import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;

/**
 * Random crops and horizontal mirroring of [C, H, W] images, applied to training batches only.
 * The image is conceptually zero-padded by {@code pad} pixels on every side (zero is the mean after
 * the usual preprocessing) and a {@code crop × crop} window is taken:
 *
 * <pre>
 *   TRAIN: top ~ U{0 .. H+2·pad−crop}, left ~ U{0 .. W+2·pad−crop}, mirrored with probability 1/2
 *   TEST:  the centre window, top = (H+2·pad−crop)/2, never mirrored
 * </pre>
 *
 * Pad-and-crop ({@code pad = 4, crop = 32} on CIFAR) keeps the size; {@code pad = 0, crop = 28} on
 * 32×32 images is the 28×28 random/centre crop of the MPELU NIN files. Per example the Rng is drawn
 * in a fixed order: top, left, then the mirror coin. Examples that are not images (the [F]
 * vectors of CSV sets) are copied unchanged, and only when pad, crop and mirror are off.
 */
public final class Augmentation {
  private final int pad;
  private final int crop;
  private final boolean mirror;

  /**
   * @param crop output height and width, or 0 to keep the input size
   */
  public Augmentation(int pad, int crop, boolean mirror) {
    if (pad < 0 || crop < 0) throw new IllegalArgumentException("pad " + pad + ", crop " + crop);
    this.pad = pad;
    this.crop = crop;
    this.mirror = mirror;
  }

  /** The per-example shape of the augmented images. */
  public Shape outputShape(Shape in) {
    if (in.rank() != 3) {
      // Feature vectors (CSV sets) pass through when nothing is asked of them.
      if (pad == 0 && crop == 0 && !mirror) return in;
      throw new DataException("augmentation", "pad, crop and mirror need [C, H, W] images, not " + in);
    }
    int h = crop == 0 ? in.dim(1) : crop;
    int w = crop == 0 ? in.dim(2) : crop;
    if (h > in.dim(1) + 2 * pad || w > in.dim(2) + 2 * pad) {
      throw new DataException("augmentation", "crop " + h + "x" + w + " larger than the padded " + in);
    }
    return Shape.of(in.dim(0), h, w);
  }

  /**
   * Writes one augmented example. {@code rng} is used only when {@code train}; the test transform
   * is deterministic.
   */
  public void apply(float[] src, int srcOff, Shape in, float[] dst, int dstOff, boolean train, Rng rng) {
    Shape out = outputShape(in);
    if (in.rank() != 3) {
      System.arraycopy(src, srcOff, dst, dstOff, in.size());
      return;
    }
    int c = in.dim(0), h = in.dim(1), w = in.dim(2);
    int oh = out.dim(1), ow = out.dim(2);
    int top, left;
    boolean flip;
    if (train) {
      top = rng.nextInt(h + 2 * pad - oh + 1);
      left = rng.nextInt(w + 2 * pad - ow + 1);
      flip = mirror && rng.nextFloat() < 0.5f;
    } else {
      top = (h + 2 * pad - oh) / 2;
      left = (w + 2 * pad - ow) / 2;
      flip = false;
    }
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < oh; y++) {
        int sy = top + y - pad;
        int d = dstOff + (ch * oh + y) * ow;
        if (sy < 0 || sy >= h) {
          java.util.Arrays.fill(dst, d, d + ow, 0f);
          continue;
        }
        int s = srcOff + (ch * h + sy) * w;
        for (int x = 0; x < ow; x++) {
          int sx = left + (flip ? ow - 1 - x : x) - pad;
          dst[d + x] = sx >= 0 && sx < w ? src[s + sx] : 0f;
        }
      }
    }
  }

  @Override
  public String toString() {
    return "augment pad=" + pad + " crop=" + (crop == 0 ? "same" : crop) + " mirror=" + mirror;
  }
}
