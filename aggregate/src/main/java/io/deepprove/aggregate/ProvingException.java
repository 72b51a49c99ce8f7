package io.deepprove.aggregate;

/**
 * The prover cannot make a proof for this input (e.g. an intermediate value leaves the range its
 * lookup table covers). The message is one line for the user.
 */
public final class ProvingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProvingException(String message) {
    super(message);
  }
}
