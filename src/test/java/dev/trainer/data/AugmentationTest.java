package dev.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AugmentationTest {
  private static final Shape IN = Shape.of(2, 6, 6);

  /** Pixel value 1 + c·100 + y·10 + x, so every output pixel tells where it came from. */
  private static float[] image() {
    float[] x = new float[IN.size()];
    for (int c = 0; c < 2; c++) {
      for (int y = 0; y < 6; y++) {
        for (int i = 0; i < 6; i++) x[(c * 6 + y) * 6 + i] = 1 + c * 100 + y * 10 + i;
      }
    }
    return x;
  }

  @Test
  void testModeTakesTheCentreCrop() {
    Augmentation crop = new Augmentation(0, 4, true);
    assertEquals(Shape.of(2, 4, 4), crop.outputShape(IN));
    float[] out = new float[32];
    crop.apply(image(), 0, IN, out, 0, false, null);
    assertEquals(1 + 11, out[0], "top-left of the centre window is (1, 1)");
    assertEquals(1 + 100 + 44, out[31]);
  }

  @Test
  void padAndCropAtTestIsTheIdentity() {
    Augmentation aug = new Augmentation(2, 0, true);
    float[] out = new float[IN.size()];
    aug.apply(image(), 0, IN, out, 0, false, null);
    assertArrayEquals(image(), out);
  }

  @Test
  void trainingCropsAreShiftedAndSometimesMirroredWindowsOfThePaddedImage() {
    Augmentation aug = new Augmentation(2, 0, true);
    Rng rng = new Rng(5);
    float[] out = new float[IN.size()];
    Set<String> seen = new HashSet<>();
    int mirrored = 0;
    for (int trial = 0; trial < 200; trial++) {
      aug.apply(image(), 0, IN, out, 0, true, rng);
      int dy = Integer.MAX_VALUE, dx = 0;
      boolean flip = false;
      for (int y = 0; y < 6; y++) {
        for (int x = 0; x < 6; x++) {
          float v = out[y * 6 + x];
          if (v == 0) continue;
          int sy = ((int) v - 1) / 10, sx = ((int) v - 1) % 10;
          if (dy == Integer.MAX_VALUE) {
            dy = sy - y;
            flip = x + 1 < 6 && out[y * 6 + x + 1] != 0 && out[y * 6 + x + 1] < v;
            dx = flip ? sx + x : sx - x;
          }
          assertEquals(dy, sy - y, "rows shift together");
          assertEquals(flip ? dx - x : dx + x, sx, "columns shift (or mirror) together");
          assertEquals(v + 100, out[36 + y * 6 + x], "channels move together");
        }
      }
      assertTrue(Math.abs(dy) <= 2, "shift within the padding");
      seen.add(dy + "," + dx + "," + flip);
      if (flip) mirrored++;
    }
    assertTrue(seen.size() > 30, "many of the 5·5·2 placements occur");
    assertTrue(mirrored > 60 && mirrored < 140, "mirrored about half the time: " + mirrored);
  }
}
