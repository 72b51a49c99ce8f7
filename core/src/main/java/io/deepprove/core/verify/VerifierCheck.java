package io.deepprove.core.verify;

/**
 * One check a verifier makes. Each protocol lists its checks as an enum implementing this, so a
 * rejection always says exactly which check failed and every check can be targeted by a test.
 */
public interface VerifierCheck {

  /** A stable identifier, e.g. {@code ROUND_SUM}. */
  String name();

  /** What the check asserts, in a few words, for error messages. */
  String description();
}
