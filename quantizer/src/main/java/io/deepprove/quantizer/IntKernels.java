package io.deepprove.quantizer;

/**
 * Integer kernels of the inference engine on primitive arrays, row-major (C order), no
 * allocation per element. Accumulators are {@code long}: int8·int8 products summed over K terms
 * stay far below 2^62 for any K the engine accepts, and setup checks the bound per layer.
 */
public final class IntKernels {

  private IntKernels() {}

  /**
   * C[m×n] = A[m×k] · B[k×n] (+ bias[n] per column when non-null). B is given row-major; the
   * loop order (i, p, j) streams rows of B and C.
   */
  public static long[] matmul(long[] a, long[] b, long[] bias, int m, int k, int n) {
    checkLength("A", a, (long) m * k);
    checkLength("B", b, (long) k * n);
    if (bias != null) {
      checkLength("bias", bias, n);
    }
    long[] c = new long[m * n];
    for (int i = 0; i < m; i++) {
      int ci = i * n;
      if (bias != null) {
        System.arraycopy(bias, 0, c, ci, n);
      }
      int ai = i * k;
      for (int p = 0; p < k; p++) {
        long av = a[ai + p];
        if (av == 0) {
          continue;
        }
        int bp = p * n;
        for (int j = 0; j < n; j++) {
          c[ci + j] += av * b[bp + j];
        }
      }
    }
    return c;
  }

  /** Geometry of a 2-D convolution or pooling window (1-D is H = 1, kernel height 1). */
  public record Window(
      int kernelH, int kernelW, int strideH, int strideW, int dilationH, int dilationW,
      int padTop, int padLeft, int padBottom, int padRight) {

    public Window {
      if (kernelH <= 0 || kernelW <= 0 || strideH <= 0 || strideW <= 0 || dilationH <= 0 || dilationW <= 0) {
        throw new IllegalArgumentException("kernel, stride and dilation must be positive");
      }
      if (padTop < 0 || padLeft < 0 || padBottom < 0 || padRight < 0) {
        throw new IllegalArgumentException("negative padding");
      }
    }

    public int outH(int inH) {
      return (inH + padTop + padBottom - dilationH * (kernelH - 1) - 1) / strideH + 1;
    }

    public int outW(int inW) {
      return (inW + padLeft + padRight - dilationW * (kernelW - 1) - 1) / strideW + 1;
    }
  }

  /**
   * Grouped 2-D convolution, NCHW. x: [n, c, h, w]; weight: [m, c/groups, kh, kw]; bias: [m] or
   * null; output [n, m, oh, ow]. Zero padding.
   */
  public static long[] conv2d(
      long[] x, int n, int c, int h, int w, long[] weight, int m, long[] bias, int groups, Window win) {
    if (groups <= 0 || c % groups != 0 || m % groups != 0) {
      throw new IllegalArgumentException("channels " + c + "/" + m + " not divisible by group " + groups);
    }
    int cg = c / groups;
    int mg = m / groups;
    int kh = win.kernelH();
    int kw = win.kernelW();
    int oh = win.outH(h);
    int ow = win.outW(w);
    if (oh <= 0 || ow <= 0) {
      throw new IllegalArgumentException("convolution output would be empty");
    }
    checkLength("x", x, (long) n * c * h * w);
    checkLength("weight", weight, (long) m * cg * kh * kw);
    long[] y = new long[n * m * oh * ow];
    for (int b = 0; b < n; b++) {
      for (int oc = 0; oc < m; oc++) {
        int g = oc / mg;
        int yBase = ((b * m) + oc) * oh * ow;
        if (bias != null) {
          java.util.Arrays.fill(y, yBase, yBase + oh * ow, bias[oc]);
        }
        for (int icg = 0; icg < cg; icg++) {
          int ic = g * cg + icg;
          int xBase = ((b * c) + ic) * h * w;
          int wBase = ((oc * cg) + icg) * kh * kw;
          for (int ky = 0; ky < kh; ky++) {
            for (int kx = 0; kx < kw; kx++) {
              long wv = weight[wBase + ky * kw + kx];
              if (wv == 0) {
                continue;
              }
              int dy = ky * win.dilationH() - win.padTop();
              int dx = kx * win.dilationW() - win.padLeft();
              for (int oy = 0; oy < oh; oy++) {
                int iy = oy * win.strideH() + dy;
                if (iy < 0 || iy >= h) {
                  continue;
                }
                int xRow = xBase + iy * w;
                int yRow = yBase + oy * ow;
                // ox range with 0 ≤ ox·sw + dx < w
                int oxLo = dx >= 0 ? 0 : ceilDiv(-dx, win.strideW());
                int oxHi = Math.min(ow, ceilDiv(w - dx, win.strideW()));
                int sw = win.strideW();
                for (int ox = oxLo; ox < oxHi; ox++) {
                  y[yRow + ox] += wv * x[xRow + ox * sw + dx];
                }
              }
            }
          }
        }
      }
    }
    return y;
  }

  /** Max pooling, NCHW; padded positions are ignored (never selected). */
  public static long[] maxPool(long[] x, int n, int c, int h, int w, Window win) {
    int oh = win.outH(h);
    int ow = win.outW(w);
    long[] y = new long[n * c * oh * ow];
    int o = 0;
    for (int plane = 0; plane < n * c; plane++) {
      int xBase = plane * h * w;
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          long best = Long.MIN_VALUE;
          for (int ky = 0; ky < win.kernelH(); ky++) {
            int iy = oy * win.strideH() + ky * win.dilationH() - win.padTop();
            if (iy < 0 || iy >= h) {
              continue;
            }
            for (int kx = 0; kx < win.kernelW(); kx++) {
              int ix = ox * win.strideW() + kx * win.dilationW() - win.padLeft();
              if (ix < 0 || ix >= w) {
                continue;
              }
              best = Math.max(best, x[xBase + iy * w + ix]);
            }
          }
          if (best == Long.MIN_VALUE) {
            throw new IllegalArgumentException("pooling window entirely in the padding");
          }
          y[o++] = best;
        }
      }
    }
    return y;
  }

  /**
   * Window sums for average pooling, NCHW, and the number of elements each window averages
   * ({@code counts}, filled when non-null): with {@code countIncludePad} the padded positions
   * count (and add zero).
   */
  public static long[] sumPool(long[] x, int n, int c, int h, int w, Window win, boolean countIncludePad, int[] counts) {
    int oh = win.outH(h);
    int ow = win.outW(w);
    long[] y = new long[n * c * oh * ow];
    int o = 0;
    for (int plane = 0; plane < n * c; plane++) {
      int xBase = plane * h * w;
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          long sum = 0;
          int count = 0;
          for (int ky = 0; ky < win.kernelH(); ky++) {
            int iy = oy * win.strideH() + ky * win.dilationH() - win.padTop();
            boolean rowIn = iy >= 0 && iy < h;
            boolean rowInPaddedExtent = iy >= -win.padTop() && iy < h + win.padBottom();
            for (int kx = 0; kx < win.kernelW(); kx++) {
              int ix = ox * win.strideW() + kx * win.dilationW() - win.padLeft();
              if (rowIn && ix >= 0 && ix < w) {
                sum += x[xBase + iy * w + ix];
                count++;
              } else if (countIncludePad && rowInPaddedExtent && ix >= -win.padLeft() && ix < w + win.padRight()) {
                count++;
              }
            }
          }
          if (counts != null) {
            counts[o] = count;
          }
          y[o++] = sum;
        }
      }
    }
    return y;
  }

  /** Round-half-away-from-zero integer division by a positive divisor. */
  public static long divRound(long num, long den) {
    if (den <= 0) {
      throw new IllegalArgumentException("divisor must be positive");
    }
    long half = den / 2;
    return num >= 0 ? (num + half) / den : -((-num + half) / den);
  }

  /** Clamps every element into [lo, hi] in place. */
  public static void clamp(long[] v, long lo, long hi) {
    for (int i = 0; i < v.length; i++) {
      long x = v[i];
      v[i] = x < lo ? lo : (x > hi ? hi : x);
    }
  }

  private static int ceilDiv(int a, int b) {
    return -Math.floorDiv(-a, b);
  }

  private static void checkLength(String what, long[] v, long expected) {
    if (v.length != expected) {
      throw new IllegalArgumentException(what + " has " + v.length + " elements, expected " + expected);
    }
  }
}
