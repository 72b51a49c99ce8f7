package io.deepprove.core.codec;

/**
 * A file or message (key, proof, commitment) is malformed: wrong magic, unsupported version, a
 * length larger than the remaining input, a non-canonical field element, trailing bytes. Readers
 * throw this and nothing else for bad input.
 */
public final class ProofFormatException extends Exception {

  private static final long serialVersionUID = 1L;

  public ProofFormatException(String message) {
    super(message);
  }
}
