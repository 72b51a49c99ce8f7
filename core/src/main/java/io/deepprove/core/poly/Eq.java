package io.deepprove.core.poly;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;

/**
 * The multilinear equality polynomial eq(r, x) = Π_k (r_k·x_k + (1 − r_k)(1 − x_k)), with the
 * big-endian variable order of {@link Multilinear}.
 */
public final class Eq {

  private Eq() {}

  /**
   * The table eq(r, x) for all x ∈ {0,1}^n as interleaved extension values, in O(2^n): each
   * coordinate doubles the table, appending one less significant bit.
   */
  public static long[] table(Ext2[] r) {
    int n = r.length;
    if (n > 29) { // 2 << 30 overflows int
      throw new IllegalArgumentException("eq table over " + n + " variables is too large");
    }
    long[] t = new long[2 << n];
    t[0] = 1;
    int size = 1;
    for (int k = 0; k < n; k++) {
      long r0 = r[k].c0();
      long r1 = r[k].c1();
      for (int j = size - 1; j >= 0; j--) {
        long a0 = t[2 * j];
        long a1 = t[2 * j + 1];
        Ext2.mulInto(a0, a1, r0, r1, t, 2 * (2 * j + 1));
        long h0 = t[2 * (2 * j + 1)];
        long h1 = t[2 * (2 * j + 1) + 1];
        t[2 * (2 * j)] = Goldilocks.sub(a0, h0);
        t[2 * (2 * j) + 1] = Goldilocks.sub(a1, h1);
      }
      size <<= 1;
    }
    return t;
  }

  /** eq(a, b) = Π_k (a_k·b_k + (1 − a_k)(1 − b_k)) in O(n). */
  public static Ext2 evaluate(Ext2[] a, Ext2[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("eq of points with " + a.length + " and " + b.length + " coordinates");
    }
    Ext2 acc = Ext2.ONE;
    for (int k = 0; k < a.length; k++) {
      Ext2 ab = a[k].mul(b[k]);
      // a·b + (1 − a)(1 − b) = 1 − a − b + 2ab
      Ext2 term = Ext2.ONE.sub(a[k]).sub(b[k]).add(ab).add(ab);
      acc = acc.mul(term);
    }
    return acc;
  }
}
