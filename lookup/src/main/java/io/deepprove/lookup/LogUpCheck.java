package io.deepprove.lookup;

import io.deepprove.core.verify.VerifierCheck;

/** The checks of the LogUp-GKR verifier; a rejection names exactly one. */
public enum LogUpCheck implements VerifierCheck {
  PROOF_SHAPE("the proof's layer, round and evaluation counts match the statement"),
  ROOT_DENOMINATOR("every instance's root denominator is non-zero"),
  FRACTION_SUM("per table, the lookup fractions minus the multiplicity fractions sum to zero"),
  ROUND_SUM("each sum-check round polynomial sums to the running claim, s(0) + s(1) = claim"),
  LAYER_CLAIM("the last sum-check value equals eq(r, ρ)·Σ λ^(2k)·(p0q1 + p1q0 + λ·q0q1) of the children"),
  WITNESS_NUMERATOR("a lookup's leaf numerator is the row indicator of its length"),
  WITNESS_DENOMINATOR("a lookup's leaf denominator is α − (input + β·output) at the leaf point"),
  TABLE_NUMERATOR("a table's leaf numerator is minus its multiplicity evaluation"),
  TABLE_DENOMINATOR("a table's leaf denominator is α − (input + β·output), the table evaluated by the verifier"),
  COLUMN_CLAIM("a returned column claim matches the column (closed by the caller)");

  private final String description;

  LogUpCheck(String description) {
    this.description = description;
  }

  @Override
  public String description() {
    return description;
  }
}
