package io.deepprove.core.pcs;

import io.deepprove.core.field.Ext2;

/**
 * The claim "committed polynomial number {@code polynomial} evaluates to {@code value} at {@code
 * point}" (big-endian variable order, see {@link io.deepprove.core.poly.Multilinear}).
 */
public record OpeningClaim(int polynomial, Ext2[] point, Ext2 value) {

  public OpeningClaim {
    if (polynomial < 0) {
      throw new IllegalArgumentException("negative polynomial index");
    }
    point = point.clone();
  }

  @Override
  public Ext2[] point() {
    return point.clone();
  }
}
