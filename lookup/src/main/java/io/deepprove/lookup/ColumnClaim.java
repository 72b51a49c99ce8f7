package io.deepprove.lookup;

import io.deepprove.core.field.Ext2;
import io.deepprove.sumcheck.EvalClaim;
import java.util.Arrays;

/**
 * "The MLE of {@code column} (zero-padded to 2^point.length entries, values embedded by {@code
 * Goldilocks.fromSigned}) evaluates to {@code value} at {@code point}" — unproven until the caller
 * closes it (an opening of the committed column, or a claim chained to the node that produced it).
 */
public record ColumnClaim(ColumnRef column, Ext2[] point, Ext2 value) {

  public ColumnClaim {
    point = point.clone();
  }

  @Override
  public Ext2[] point() {
    return point.clone();
  }

  /** The same claim as the sum-check module's {@link EvalClaim} (for claim merging and openings). */
  public EvalClaim evalClaim() {
    return new EvalClaim(point, value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ColumnClaim c
        && column.equals(c.column)
        && Arrays.equals(point, c.point)
        && value.equals(c.value);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * column.hashCode() + Arrays.hashCode(point)) + value.hashCode();
  }

  @Override
  public String toString() {
    return column + " at " + Arrays.toString(point) + " = " + value;
  }
}
