package io.deepprove.sumcheck;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.verify.VerificationException;

/**
 * What the sum-check verifier is left with: the claim "the statement's polynomial evaluated at
 * {@link #point()} equals {@link #expectedEvaluation()}". Sum-check alone proves nothing until the
 * caller closes this claim with the true evaluation — from commitment openings, from the next
 * layer's claims, or by computing it. That is why the verifier's method is called {@code reduce}
 * and returns this object instead of a boolean: the only ways to finish are {@link #close} and
 * {@link #closeWithFactors}, which throw {@link VerificationException} on a mismatch.
 */
public final class SubClaim {

  private final Ext2[] point;
  private final Ext2 expected;

  SubClaim(Ext2[] point, Ext2 expected) {
    this.point = point.clone();
    this.expected = expected;
  }

  /** The random point (big-endian variable order: point[0] binds x_1). */
  public Ext2[] point() {
    return point.clone();
  }

  /** The value the polynomial must take at the point for the proof to be valid. */
  public Ext2 expectedEvaluation() {
    return expected;
  }

  /** Accepts iff the polynomial's true value at the point equals the expected one. */
  public void close(Ext2 evaluation) throws VerificationException {
    if (!expected.equals(evaluation)) {
      throw new VerificationException(SumcheckCheck.FINAL_EVALUATION, "expected " + expected + ", got " + evaluation);
    }
  }

  /**
   * Closes the claim from the multilinears' values at the point: accepts iff
   * shape.combine(values) equals the expected evaluation. The values themselves become claims the
   * caller must still prove (e.g. by a commitment opening).
   */
  public void closeWithFactors(ProductShape shape, Ext2[] values) throws VerificationException {
    close(shape.combine(values));
  }
}
