package io.deepprove.sumcheck;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.transcript.Transcript;
import io.deepprove.core.verify.VerificationException;

/**
 * The sum-check verifier (Lund–Fortnow–Karloff–Nisan; Thaler, "Proofs, Arguments, and Zero-
 * Knowledge", §4.1). Each round it checks s_i(0) + s_i(1) against the running claim, absorbs the
 * round polynomial, draws r_i and moves the claim to s_i(r_i). It ends with a {@link SubClaim} the
 * caller must close.
 */
public final class SumcheckVerifier {

  private SumcheckVerifier() {}

  /**
   * Checks every round of {@code proof} for a statement with {@code numVars} variables and degree
   * {@code degree} claimed to sum to {@code claimedSum}, and returns the sub-claim on the final
   * evaluation. Drives the transcript exactly as {@link SumcheckProver} does.
   */
  public static SubClaim reduce(
      int numVars, int degree, Ext2 claimedSum, SumcheckProof proof, Transcript transcript)
      throws VerificationException {
    if (degree < 1 || degree > ProductShape.MAX_DEGREE) {
      throw new IllegalArgumentException("degree out of range: " + degree);
    }
    Ext2[][] rounds = proof.roundsUnsafe();
    if (rounds.length != numVars) {
      throw new VerificationException(
          SumcheckCheck.ROUND_COUNT, "expected " + numVars + " rounds, proof has " + rounds.length);
    }
    transcript.absorbExt(SumcheckProver.LABEL_CLAIM, claimedSum);
    Ext2 claim = claimedSum;
    Ext2[] point = new Ext2[numVars];
    for (int i = 0; i < numVars; i++) {
      Ext2[] s = rounds[i];
      if (s.length != degree + 1) {
        throw new VerificationException(
            SumcheckCheck.DEGREE, "round " + i + " has " + s.length + " evaluations, expected " + (degree + 1));
      }
      if (!s[0].add(s[1]).equals(claim)) {
        throw new VerificationException(SumcheckCheck.ROUND_SUM, "round " + i);
      }
      transcript.absorbExt(SumcheckProver.LABEL_ROUND, s);
      Ext2 r = transcript.challengeExt(SumcheckProver.LABEL_CHALLENGE);
      point[i] = r;
      claim = interpolate(s, r);
    }
    return new SubClaim(point, claim);
  }

  /**
   * The value at r of the polynomial of degree ≤ d through (j, s[j]) for j = 0..d (Lagrange form;
   * the denominators Π_{m≠j}(j − m) are small integers).
   */
  static Ext2 interpolate(Ext2[] s, Ext2 r) {
    int d = s.length - 1;
    // r − m for every node; if r is a node, return that value directly
    Ext2[] diff = new Ext2[d + 1];
    for (int m = 0; m <= d; m++) {
      diff[m] = r.sub(Ext2.ofBase(m));
      if (diff[m].isZero()) {
        return s[m];
      }
    }
    Ext2 acc = Ext2.ZERO;
    for (int j = 0; j <= d; j++) {
      Ext2 num = Ext2.ONE;
      long den = 1;
      for (int m = 0; m <= d; m++) {
        if (m != j) {
          num = num.mul(diff[m]);
          den = Goldilocks.mul(den, Goldilocks.fromSigned(j - m));
        }
      }
      acc = acc.add(s[j].mul(num).mulBase(Goldilocks.inv(den)));
    }
    return acc;
  }
}
