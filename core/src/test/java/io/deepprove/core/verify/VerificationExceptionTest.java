package io.deepprove.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VerificationExceptionTest {

  enum SampleCheck implements VerifierCheck {
    ROUND_SUM("round polynomial sums to the claim"),
    FINAL_EVALUATION("final evaluation matches the oracle");

    private final String description;

    SampleCheck(String description) {
      this.description = description;
    }

    @Override
    public String description() {
      return description;
    }
  }

  @Test
  void namesTheFailedCheck() {
    VerificationException e = new VerificationException(SampleCheck.ROUND_SUM, "round 3");
    assertSame(SampleCheck.ROUND_SUM, e.check());
    assertEquals("ROUND_SUM: round polynomial sums to the claim (round 3)", e.getMessage());
  }

  @Test
  void emptyDetailAddsNoParentheses() {
    VerificationException e = new VerificationException(SampleCheck.FINAL_EVALUATION, "");
    assertEquals("FINAL_EVALUATION: final evaluation matches the oracle", e.getMessage());
    assertSame(SampleCheck.FINAL_EVALUATION, e.check());
  }

  @Test
  void isACheckedException() {
    assertTrue(Exception.class.isAssignableFrom(VerificationException.class));
    assertTrue(!RuntimeException.class.isAssignableFrom(VerificationException.class));
  }
}
