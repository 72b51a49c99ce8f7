package io.deepprove.lookup;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;

/**
 * Closed forms, in O(n), of the multilinear extensions of the structured columns that LogUp needs,
 * in the big-endian variable order of {@link io.deepprove.core.poly.Multilinear} (row j = Σ_k
 * j_k·2^(n−k), x_1 the most significant bit).
 *
 * <ul>
 *   <li>{@link #identity}: J(r) = Σ_k 2^(n−k)·r_k, the MLE of j ↦ j (affine in the bits).
 *   <li>{@link #prefixIndicator}: S_c(r) = Σ_{j&lt;c} eq(r, j). The set {j &lt; c} is the disjoint
 *       union, over the bits k where c has a 1, of the subcubes "bits 1..k−1 equal c's, bit k = 0,
 *       the rest free"; eq summed over a free suffix is 1.
 *   <li>{@link #prefixWeighted}: H_c(r) = Σ_{j&lt;c} eq(r, j)·j, the same subcubes, each
 *       contributing eq(prefix)·(1 − r_k)·(value of its fixed bits + J of the free suffix).
 *   <li>{@link #relu}: the MLE of j ↦ max(j − c, 0) = (j − c) − (j − c)·[j &lt; c], that is (J −
 *       c) − (H_c − c·S_c).
 * </ul>
 *
 * A clamp column over a range domain is an affine combination of two of these ReLUs (see {@link
 * ClampTable}), so the verifier evaluates every structured table without materializing it.
 */
public final class StructuredMle {

  private StructuredMle() {}

  /** J(r) = Σ_k 2^(n−k)·r_k: the MLE of the row index over {0,1}^n, n = r.length. */
  public static Ext2 identity(Ext2[] r) {
    Ext2 acc = Ext2.ZERO;
    for (Ext2 rk : r) {
      acc = acc.add(acc).add(rk); // Horner: MSB first
    }
    return acc;
  }

  /** S_c(r) = Σ_{0 ≤ j &lt; c} eq(r, j), for 0 ≤ c ≤ 2^n (the MLE of the first c rows' indicator). */
  public static Ext2 prefixIndicator(long c, Ext2[] r) {
    int n = r.length;
    checkBound(c, n);
    if (c == (1L << n)) {
      return Ext2.ONE;
    }
    Ext2 sum = Ext2.ZERO;
    Ext2 e = Ext2.ONE;
    for (int k = 0; k < n; k++) {
      boolean bit = ((c >>> (n - 1 - k)) & 1) != 0;
      Ext2 oneMinus = Ext2.ONE.sub(r[k]);
      if (bit) {
        sum = sum.add(e.mul(oneMinus));
        e = e.mul(r[k]);
      } else {
        e = e.mul(oneMinus);
      }
    }
    return sum;
  }

  /** H_c(r) = Σ_{0 ≤ j &lt; c} eq(r, j)·j, for 0 ≤ c ≤ 2^n. */
  public static Ext2 prefixWeighted(long c, Ext2[] r) {
    int n = r.length;
    checkBound(c, n);
    if (c == (1L << n)) {
      return identity(r);
    }
    // suffix[k] = J of r[k..n-1] over n − k bits.
    Ext2[] suffix = new Ext2[n + 1];
    suffix[n] = Ext2.ZERO;
    long pow = 1;
    for (int k = n - 1; k >= 0; k--) {
      suffix[k] = suffix[k + 1].add(r[k].mulBase(Goldilocks.canonical(pow)));
      pow <<= 1;
    }
    Ext2 sum = Ext2.ZERO;
    Ext2 e = Ext2.ONE;
    for (int k = 0; k < n; k++) {
      int shift = n - 1 - k;
      boolean bit = ((c >>> shift) & 1) != 0;
      Ext2 oneMinus = Ext2.ONE.sub(r[k]);
      if (bit) {
        long fixed = (c >>> (shift + 1)) << (shift + 1); // bits above k as in c, bit k = 0
        Ext2 inner = suffix[k + 1].addBase(Goldilocks.canonical(fixed));
        sum = sum.add(e.mul(oneMinus).mul(inner));
        e = e.mul(r[k]);
      } else {
        e = e.mul(oneMinus);
      }
    }
    return sum;
  }

  /** The MLE of j ↦ max(j − c, 0) over {0,1}^n, for any integer c. */
  public static Ext2 relu(long c, Ext2[] r) {
    int n = r.length;
    Ext2 j = identity(r);
    if (c <= 0) {
      return j.sub(Ext2.ofSigned(c));
    }
    if (c >= (1L << n) - 1) {
      return Ext2.ZERO;
    }
    Ext2 cc = Ext2.ofSigned(c);
    Ext2 below = prefixWeighted(c, r).sub(prefixIndicator(c, r).mul(cc));
    return j.sub(cc).sub(below);
  }

  private static void checkBound(long c, int n) {
    if (n > 62 || c < 0 || c > (1L << n)) {
      throw new IllegalArgumentException("prefix length " + c + " outside [0, 2^" + n + "]");
    }
  }
}
