package io.deepprove.aggregate;

/** A quantized model cannot be turned into a provable circuit; the message is one line for the user. */
public final class CircuitException extends Exception {
  private static final long serialVersionUID = 1L;

  public CircuitException(String message) {
    super(message);
  }
}
