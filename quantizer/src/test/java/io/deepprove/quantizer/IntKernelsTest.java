package io.deepprove.quantizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deepprove.quantizer.IntKernels.Window;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IntKernelsTest {

  static long[] int8(SplittableRandom rng, int n) {
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextInt(-128, 128);
    }
    return v;
  }

  @Test
  void matmulMatchesDefinition() {
    SplittableRandom rng = new SplittableRandom(1);
    int m = 5, k = 7, n = 3;
    long[] a = int8(rng, m * k);
    long[] b = int8(rng, k * n);
    long[] bias = int8(rng, n);
    long[] c = IntKernels.matmul(a, b, bias, m, k, n);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        long s = bias[j];
        for (int p = 0; p < k; p++) {
          s += a[i * k + p] * b[p * n + j];
        }
        assertEquals(s, c[i * n + j]);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> IntKernels.matmul(a, b, null, m, k + 1, n));
  }

  /** Direct definition of a grouped, strided, dilated, zero-padded convolution. */
  static long[] naiveConv(long[] x, int n, int c, int h, int w, long[] wt, int m, long[] bias, int g, Window win) {
    int oh = win.outH(h), ow = win.outW(w), cg = c / g, mg = m / g;
    long[] y = new long[n * m * oh * ow];
    for (int b = 0; b < n; b++)
      for (int oc = 0; oc < m; oc++)
        for (int oy = 0; oy < oh; oy++)
          for (int ox = 0; ox < ow; ox++) {
            long s = bias == null ? 0 : bias[oc];
            for (int icg = 0; icg < cg; icg++)
              for (int ky = 0; ky < win.kernelH(); ky++)
                for (int kx = 0; kx < win.kernelW(); kx++) {
                  int iy = oy * win.strideH() + ky * win.dilationH() - win.padTop();
                  int ix = ox * win.strideW() + kx * win.dilationW() - win.padLeft();
                  if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                  int ic = (oc / mg) * cg + icg;
                  s += wt[((oc * cg + icg) * win.kernelH() + ky) * win.kernelW() + kx]
                      * x[((b * c + ic) * h + iy) * w + ix];
                }
            y[((b * m + oc) * oh + oy) * ow + ox] = s;
          }
    return y;
  }

  @Test
  void convolutionMatchesDefinitionAcrossGeometries() {
    SplittableRandom rng = new SplittableRandom(2);
    int[][] cases = {
      // n, c, h, w, m, groups, kh, kw, sh, sw, dh, dw, pt, pl, pb, pr
      {1, 3, 8, 8, 4, 1, 3, 3, 1, 1, 1, 1, 0, 0, 0, 0},
      {2, 4, 7, 9, 6, 2, 3, 2, 2, 1, 1, 2, 1, 0, 2, 1},
      {1, 4, 6, 6, 4, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1}, // depthwise
      {2, 4, 1, 10, 5, 1, 1, 3, 1, 1, 1, 2, 0, 1, 0, 1}, // 1-D, dilated, padded
      {1, 2, 5, 5, 2, 1, 5, 5, 3, 3, 1, 1, 2, 2, 2, 2},
    };
    for (int[] t : cases) {
      Window win = new Window(t[6], t[7], t[8], t[9], t[10], t[11], t[12], t[13], t[14], t[15]);
      int n = t[0], c = t[1], h = t[2], w = t[3], m = t[4], g = t[5];
      long[] x = int8(rng, n * c * h * w);
      long[] wt = int8(rng, m * (c / g) * t[6] * t[7]);
      long[] bias = int8(rng, m);
      assertArrayEquals(
          naiveConv(x, n, c, h, w, wt, m, bias, g, win),
          IntKernels.conv2d(x, n, c, h, w, wt, m, bias, g, win),
          java.util.Arrays.toString(t));
    }
  }

  @Test
  void poolingWindows() {
    // 1×1×4×4 ramp
    long[] x = new long[16];
    for (int i = 0; i < 16; i++) {
      x[i] = i - 8;
    }
    Window w2 = new Window(2, 2, 2, 2, 1, 1, 0, 0, 0, 0);
    assertArrayEquals(new long[] {-3, -1, 5, 7}, IntKernels.maxPool(x, 1, 1, 4, 4, w2));
    int[] counts = new int[4];
    assertArrayEquals(new long[] {-22, -14, 10, 18}, IntKernels.sumPool(x, 1, 1, 4, 4, w2, false, counts));
    assertArrayEquals(new int[] {4, 4, 4, 4}, counts);
    // padded 3×3 windows, stride 2: corners see 4 real elements, 9 when padding counts
    Window p = new Window(3, 3, 2, 2, 1, 1, 1, 1, 1, 1);
    int[] c1 = new int[4];
    int[] c2 = new int[4];
    long[] s1 = IntKernels.sumPool(x, 1, 1, 4, 4, p, false, c1);
    long[] s2 = IntKernels.sumPool(x, 1, 1, 4, 4, p, true, c2);
    assertArrayEquals(s1, s2);
    assertArrayEquals(new int[] {4, 6, 6, 9}, c1);
    assertArrayEquals(new int[] {9, 9, 9, 9}, c2);
    assertEquals(-8 - 7 - 4 - 3, s1[0]);
    assertArrayEquals(new long[] {-3, -1, 5, 7}, IntKernels.maxPool(x, 1, 1, 4, 4, p));
  }

  @Test
  void roundingDivisionAndClamp() {
    assertEquals(3, IntKernels.divRound(5, 2));
    assertEquals(-3, IntKernels.divRound(-5, 2));
    assertEquals(2, IntKernels.divRound(7, 3));
    assertEquals(-2, IntKernels.divRound(-7, 3));
    assertEquals(0, IntKernels.divRound(1, 3));
    assertThrows(IllegalArgumentException.class, () -> IntKernels.divRound(1, 0));
    long[] v = {-300, -128, 0, 127, 500};
    IntKernels.clamp(v, -128, 127);
    assertArrayEquals(new long[] {-128, -128, 0, 127, 127}, v);
  }
}
