package io.deepprove.lookup;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;

/**
 * Range checks wider than 16 bits: v + offset = Σ_i 2^(b·i)·limb_i with every limb in Range(b).
 *
 * <p>The prover calls {@link #split} and looks the limb columns up in {@code Range(b)} (all limbs
 * of one value column have its length, so LogUp returns their claims at one common point r). The
 * verifier then turns the limb claims into the <em>recomposition claim</em> ṽ(r) = Σ_i
 * 2^(b·i)·l̃_i(r) − offset·S_len(r) with {@link #recompose} and closes it against v (S_len is the
 * indicator of the first len rows: padding rows hold zero in v and in every limb).
 */
public final class LimbDecomposition {

  private LimbDecomposition() {}

  /**
   * The limbs of values + offset, least significant first: {@code limbs[i][j]}. Throws when some
   * value + offset lies outside [0, 2^(limbBits·limbCount)).
   */
  public static long[][] split(long[] values, int limbBits, int limbCount, long offset) {
    checkShape(limbBits, limbCount);
    long[][] limbs = new long[limbCount][values.length];
    long mask = (1L << limbBits) - 1;
    int total = limbBits * limbCount;
    for (int j = 0; j < values.length; j++) {
      long x = values[j] + offset;
      if (x < 0 || (total < 63 && x >= (1L << total))) {
        throw new IllegalArgumentException(
            "value " + values[j] + " + " + offset + " outside [0, 2^" + total + ")");
      }
      for (int i = 0; i < limbCount; i++) {
        limbs[i][j] = (x >>> (limbBits * i)) & mask;
      }
    }
    return limbs;
  }

  /** Adds every limb column as a lookup into Range(limbBits). */
  public static LookupWitness.Builder addRangeLookups(
      LookupWitness.Builder builder, long[][] limbs, int limbBits) {
    RangeTable range = Tables.range(limbBits);
    for (long[] limb : limbs) {
      builder.add(range, limb);
    }
    return builder;
  }

  /**
   * The value the MLE of the (zero-padded, length {@code length}) value column must take at {@code
   * point}, given the claims {@code limbEvals[i]} on the limb columns at that same point.
   */
  public static Ext2 recompose(
      Ext2[] limbEvals, int limbBits, long offset, int length, Ext2[] point) {
    checkShape(limbBits, limbEvals.length);
    Ext2 acc = Ext2.ZERO;
    for (int i = limbEvals.length - 1; i >= 0; i--) {
      acc = acc.mulBase(Goldilocks.canonical(1L << limbBits)).add(limbEvals[i]);
    }
    return acc.sub(StructuredMle.prefixIndicator(length, point).mul(Ext2.ofSigned(offset)));
  }

  private static void checkShape(int limbBits, int limbCount) {
    if (limbBits < 1 || limbBits > RangeTable.MAX_BITS || limbCount < 1 || limbBits * limbCount > 62) {
      throw new IllegalArgumentException(limbCount + " limbs of " + limbBits + " bits");
    }
  }
}
