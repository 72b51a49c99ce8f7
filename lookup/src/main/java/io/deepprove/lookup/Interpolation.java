package io.deepprove.lookup;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;

/** Lagrange interpolation on the nodes 0, 1, 2(, 3). */
final class Interpolation {

  private static final long INV2 = Goldilocks.inv(2);
  private static final long INV6 = Goldilocks.inv(6);

  private Interpolation() {}

  /** The quadratic through (0, f0), (1, f1), (2, f2), at x. */
  static Ext2 quadratic(Ext2 f0, Ext2 f1, Ext2 f2, Ext2 x) {
    Ext2 x1 = x.sub(Ext2.ONE);
    Ext2 x2 = x.sub(Ext2.ofBase(2));
    // f0·(x−1)(x−2)/2 − f1·x(x−2) + f2·x(x−1)/2
    return f0.mul(x1.mul(x2)).mulBase(INV2)
        .sub(f1.mul(x.mul(x2)))
        .add(f2.mul(x.mul(x1)).mulBase(INV2));
  }

  /** The cubic through (i, f[i]) for i = 0..3, at x. */
  static Ext2 cubic(Ext2[] f, Ext2 x) {
    Ext2 x1 = x.sub(Ext2.ONE);
    Ext2 x2 = x.sub(Ext2.ofBase(2));
    Ext2 x3 = x.sub(Ext2.ofBase(3));
    Ext2 l0 = x1.mul(x2).mul(x3).mulBase(INV6).neg();
    Ext2 l1 = x.mul(x2).mul(x3).mulBase(INV2);
    Ext2 l2 = x.mul(x1).mul(x3).mulBase(INV2).neg();
    Ext2 l3 = x.mul(x1).mul(x2).mulBase(INV6);
    return f[0].mul(l0).add(f[1].mul(l1)).add(f[2].mul(l2)).add(f[3].mul(l3));
  }
}
