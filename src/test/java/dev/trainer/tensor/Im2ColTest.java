package dev.trainer.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trainer.TestData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Im2ColTest {

  @ParameterizedTest
  @CsvSource({"3,5,5,3,2,1", "2,6,7,5,1,2", "4,4,4,1,1,0", "2,7,5,2,3,0", "1,3,3,3,1,0", "2,5,6,3,2,2",
      "2,4,37,3,1,1"})
  void im2colTimesWeightsIsTheDirectConvolution(int c, int h, int w, int k, int s, int p) {
    Rng rng = new Rng(11);
    int f = 3;
    Tensor x = TestData.gaussian(rng, c, h, w);
    Tensor wt = TestData.gaussian(rng, f, c, k, k);
    int ho = Im2Col.outputSize(h, k, s, p);
    int wo = Im2Col.outputSize(w, k, s, p);
    int rows = c * k * k;
    float[] col = new float[rows * ho * wo + 3];
    Im2Col.im2col(x.data, 0, c, h, w, k, s, p, col, 3);
    float[] y = new float[f * ho * wo];
    Gemm.mult(f, ho * wo, rows, wt.data, 0, col, 3, y, 0, false);
    assertArrayEquals(TestData.directConv(x.data, c, h, w, wt.data, f, k, s, p), y, 1e-4f);
  }

  /** Every entry is the pixel of the class comment's formula (or 0 in the padding), bit for bit. */
  @ParameterizedTest
  @CsvSource({"3,5,5,3,2,1", "2,6,7,5,1,2", "4,4,4,1,1,0", "2,8,8,5,1,2", "3,16,16,5,1,2", "1,3,3,3,1,0",
      "2,4,37,3,1,1", "2,9,21,3,1,0"})
  void im2colCopiesThePixelsOfTheFormula(int c, int h, int w, int k, int s, int p) {
    Tensor x = TestData.gaussian(new Rng(13), c, h, w);
    int ho = Im2Col.outputSize(h, k, s, p);
    int wo = Im2Col.outputSize(w, k, s, p);
    float[] col = new float[c * k * k * ho * wo + 5];
    java.util.Arrays.fill(col, Float.NaN);
    Im2Col.im2col(x.data, 0, c, h, w, k, s, p, col, 5);
    for (int ch = 0; ch < c; ch++) {
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          for (int oh = 0; oh < ho; oh++) {
            for (int ow = 0; ow < wo; ow++) {
              int ih = oh * s - p + i;
              int iw = ow * s - p + j;
              float expected = ih < 0 || ih >= h || iw < 0 || iw >= w ? 0f : x.data[(ch * h + ih) * w + iw];
              assertEquals(expected, col[5 + (((ch * k + i) * k + j) * ho + oh) * wo + ow]);
            }
          }
        }
      }
    }
  }

  /** col2im is the adjoint of im2col: ⟨im2col(x), g⟩ = ⟨x, col2im(g)⟩ for all x, g. */
  @ParameterizedTest
  @CsvSource({"3,5,5,3,2,1", "2,6,7,5,1,2", "2,7,5,2,3,0", "2,5,6,3,2,2", "2,4,37,3,1,1"})
  void col2imIsTheAdjointOfIm2col(int c, int h, int w, int k, int s, int p) {
    Rng rng = new Rng(12);
    int size = c * k * k * Im2Col.outputSize(h, k, s, p) * Im2Col.outputSize(w, k, s, p);
    Tensor x = TestData.gaussian(rng, c, h, w);
    Tensor g = TestData.gaussian(rng, size);
    float[] col = new float[size];
    Im2Col.im2col(x.data, 0, c, h, w, k, s, p, col, 0);
    float[] back = new float[2 + c * h * w];
    back[0] = 99f;
    back[1] = 99f;
    Im2Col.col2im(g.data, 0, c, h, w, k, s, p, back, 2);
    double left = 0;
    for (int i = 0; i < size; i++) left += (double) col[i] * g.data[i];
    double right = 0;
    for (int i = 0; i < x.size(); i++) right += (double) x.data[i] * back[i + 2];
    assertEquals(left, right, 1e-3);
    assertEquals(99f, back[1]);
  }
}
