package io.deepprove.sumcheck;

import io.deepprove.core.verify.VerifierCheck;

/** The checks of the sum-check verifier and of the reductions built on it. */
public enum SumcheckCheck implements VerifierCheck {
  ROUND_COUNT("the proof has one round per variable"),
  DEGREE("every round polynomial has degree at most the instance's degree"),
  ROUND_SUM("s_i(0) + s_i(1) equals the running claim"),
  FINAL_EVALUATION("the last round's value equals the polynomial evaluated at the challenge point");

  private final String description;

  SumcheckCheck(String description) {
    this.description = description;
  }

  @Override
  public String description() {
    return description;
  }
}
