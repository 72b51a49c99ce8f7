package io.deepprove.sumcheck;

import io.deepprove.core.field.Ext2;

/**
 * The claim "the multilinear extension of some table, at {@code point}, equals {@code value}" —
 * what a reduction leaves for the next layer or for a commitment opening. Which table it is about
 * is the caller's bookkeeping.
 */
public record EvalClaim(Ext2[] point, Ext2 value) {
  public EvalClaim {
    point = point.clone();
  }

  @Override
  public Ext2[] point() {
    return point.clone();
  }

  public int numVars() {
    return point.length;
  }
}
