package io.deepprove.core.poly;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.ExtArrays;
import io.deepprove.core.field.Goldilocks;

/**
 * Dense multilinear polynomials given by their evaluations on the Boolean hypercube {0,1}^n.
 *
 * <p><b>Variable order (big-endian).</b> Evaluation i is f(x_1, …, x_n) with x_1 the MOST
 * significant bit of i. A point is therefore written in the order of a row-major tensor's
 * dimensions: for a matrix W[row][col], W̃(r_row, r_col) takes the row coordinates first.
 * Folding binds the FIRST variable x_1: f'(x_2..x_n) = f(0, ·) + r·(f(1, ·) − f(0, ·)), pairing
 * evaluations i and i + 2^(n−1) (two sequential streams).
 *
 * <p>Base-field evaluations are {@code long[]}; extension evaluations are interleaved {@code
 * long[]} (see {@link io.deepprove.core.field.ExtArrays}). Arrays are not copied: callers hand
 * over and receive fresh arrays.
 */
public final class Multilinear {

  private Multilinear() {}

  /** log2 of a power-of-two length; rejects other lengths. */
  public static int numVars(int length) {
    if (length <= 0 || Integer.bitCount(length) != 1) {
      throw new IllegalArgumentException("evaluation count " + length + " is not a power of two");
    }
    return Integer.numberOfTrailingZeros(length);
  }

  /** Binds x_1 := r in base-field evaluations, giving extension evaluations of half the size. */
  public static long[] foldFirstBase(long[] evals, Ext2 r) {
    int n = numVars(evals.length);
    if (n == 0) {
      throw new IllegalArgumentException("no variable left to fold");
    }
    int half = evals.length >>> 1;
    long r0 = r.c0();
    long r1 = r.c1();
    long[] out = new long[2 * half];
    for (int i = 0; i < half; i++) {
      long lo = evals[i];
      long d = Goldilocks.sub(evals[i + half], lo);
      out[2 * i] = Goldilocks.add(lo, Goldilocks.mul(r0, d));
      out[2 * i + 1] = Goldilocks.mul(r1, d);
    }
    return out;
  }

  /** Binds x_1 := r in interleaved extension evaluations, giving half as many. */
  public static long[] foldFirstExt(long[] evals, Ext2 r) {
    int len = ExtArrays.length(evals);
    int n = numVars(len);
    if (n == 0) {
      throw new IllegalArgumentException("no variable left to fold");
    }
    int half = len >>> 1;
    long[] out = new long[2 * half];
    foldFirstExtInto(evals, len, r, out);
    return out;
  }

  /**
   * Binds x_1 := r in {@code evals} (2·len words) writing the len/2 results to {@code out}, which
   * may be {@code evals} itself (in-place folding). The element count len is taken from {@code
   * evals.length}; to fold the same array in place repeatedly use {@link #foldFirstExtInto(long[],
   * int, Ext2, long[])} with the shrinking count.
   */
  public static void foldFirstExtInto(long[] evals, Ext2 r, long[] out) {
    foldFirstExtInto(evals, ExtArrays.length(evals), r, out);
  }

  /**
   * Binds x_1 := r in the first {@code len} extension evaluations of {@code evals} (len a power of
   * two, at least 2), writing the len/2 results to the front of {@code out}, which may be {@code
   * evals} itself (in-place folding; words past 2·(len/2) are left as they were).
   */
  public static void foldFirstExtInto(long[] evals, int len, Ext2 r, long[] out) {
    int n = numVars(len);
    if (n == 0) {
      throw new IllegalArgumentException("no variable left to fold");
    }
    if (2L * len > evals.length) {
      throw new IllegalArgumentException(len + " extension evaluations do not fit in " + evals.length + " words");
    }
    int half = len >>> 1;
    if (out.length < 2 * half) {
      throw new IllegalArgumentException("output of " + out.length + " words cannot hold " + half + " extension values");
    }
    long r0 = r.c0();
    long r1 = r.c1();
    for (int i = 0; i < half; i++) {
      long lo0 = evals[2 * i];
      long lo1 = evals[2 * i + 1];
      long d0 = Goldilocks.sub(evals[2 * (i + half)], lo0);
      long d1 = Goldilocks.sub(evals[2 * (i + half) + 1], lo1);
      Ext2.mulInto(r0, r1, d0, d1, out, 2 * i);
      out[2 * i] = Goldilocks.add(lo0, out[2 * i]);
      out[2 * i + 1] = Goldilocks.add(lo1, out[2 * i + 1]);
    }
  }

  /** f̃(point) for base-field evaluations; point.length must equal the number of variables. */
  public static Ext2 evaluateBase(long[] evals, Ext2[] point) {
    int n = numVars(evals.length);
    checkPoint(n, point);
    if (n == 0) {
      return Ext2.ofBase(evals[0]);
    }
    long[] cur = foldFirstBase(evals, point[0]);
    int len = evals.length >>> 1;
    for (int k = 1; k < n; k++) {
      foldFirstExtInto(cur, len, point[k], cur);
      len >>>= 1;
    }
    return new Ext2(cur[0], cur[1]);
  }

  /** f̃(point) for interleaved extension evaluations. */
  public static Ext2 evaluateExt(long[] evals, Ext2[] point) {
    int n = numVars(ExtArrays.length(evals));
    checkPoint(n, point);
    if (n == 0) {
      return new Ext2(evals[0], evals[1]);
    }
    long[] cur = foldFirstExt(evals, point[0]);
    int len = evals.length >>> 2;
    for (int k = 1; k < n; k++) {
      foldFirstExtInto(cur, len, point[k], cur);
      len >>>= 1;
    }
    return new Ext2(cur[0], cur[1]);
  }

  private static void checkPoint(int n, Ext2[] point) {
    if (point.length != n) {
      throw new IllegalArgumentException(
          "point has " + point.length + " coordinates, polynomial has " + n + " variables");
    }
  }
}
