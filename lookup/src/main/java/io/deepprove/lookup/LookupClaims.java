package io.deepprove.lookup;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.verify.VerificationException;
import java.util.List;

/**
 * What a successful {@link LogUpGkr#verify} leaves open: one claim per looked-up column and per
 * multiplicity column. <b>The lookup is proved only once every claim here is closed</b> — checked
 * against a commitment opening, or handed on to the node that produced the column. A verifier that
 * drops these accepts any proof for any columns.
 *
 * <p>There is deliberately no "accepted" flag anywhere in this module: the only outcome of {@code
 * verify} is this object, and {@link #close} is the one-call way to discharge it.
 */
public final class LookupClaims {

  /** Evaluates a column's MLE at a point from a trusted source (a PCS opening, the witness). */
  @FunctionalInterface
  public interface ColumnEvaluator {
    Ext2 evaluate(ColumnRef column, Ext2[] point) throws VerificationException;
  }

  private final List<ColumnClaim> claims;

  LookupClaims(List<ColumnClaim> claims) {
    this.claims = List.copyOf(claims);
  }

  /** Every open claim: for each lookup its input (and output) column, then each multiplicity. */
  public List<ColumnClaim> claims() {
    return claims;
  }

  /** The claim on one column. */
  public ColumnClaim claim(ColumnRef column) {
    for (ColumnClaim c : claims) {
      if (c.column().equals(column)) {
        return c;
      }
    }
    throw new IllegalArgumentException("no claim on " + column);
  }

  /**
   * Closes every claim by asking {@code evaluator}; throws naming {@link LogUpCheck#COLUMN_CLAIM}
   * at the first claim whose value differs.
   */
  public void close(ColumnEvaluator evaluator) throws VerificationException {
    for (ColumnClaim c : claims) {
      Ext2 actual = evaluator.evaluate(c.column(), c.point());
      if (!actual.equals(c.value())) {
        throw new VerificationException(LogUpCheck.COLUMN_CLAIM, c.column().toString());
      }
    }
  }
}
