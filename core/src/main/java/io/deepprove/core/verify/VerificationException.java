package io.deepprove.core.verify;

/** A proof was rejected: {@link #check()} names the check that failed. */
public final class VerificationException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient VerifierCheck check;

  public VerificationException(VerifierCheck check, String detail) {
    super(check.name() + ": " + check.description() + (detail.isEmpty() ? "" : " (" + detail + ")"));
    this.check = check;
  }

  /** The check that failed. */
  public VerifierCheck check() {
    return check;
  }
}
