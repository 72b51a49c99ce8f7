package io.deepprove.commit;

import io.deepprove.core.verify.VerifierCheck;

/** Every check the {@link BasefoldPcs} verifier makes, in the order it makes them. */
public enum PcsCheck implements VerifierCheck {
  PARAMETERS("the commitment was made with the verifier's parameters"),
  CLAIM_SHAPE("each claim names a committed polynomial and has one coordinate per variable"),
  PROOF_SHAPE("the proof has the number of rounds, oracles, leaves and siblings the parameters imply"),
  SUMCHECK_ROUND("each sum-check round polynomial sums to the running claim: h(0) + h(1) = claim"),
  FINAL_SUM("the final polynomial times the batched eq polynomial sums to the last sum-check claim"),
  MERKLE_PATH("the opened codeword leaves hash to the committed Merkle root"),
  FOLD_CONSISTENCY("folding an opened coset with the round challenges gives the next oracle's value"),
  FINAL_POLY("the last fold agrees with the Reed-Solomon encoding of the final polynomial");

  private final String description;

  PcsCheck(String description) {
    this.description = description;
  }

  @Override
  public String description() {
    return description;
  }
}
