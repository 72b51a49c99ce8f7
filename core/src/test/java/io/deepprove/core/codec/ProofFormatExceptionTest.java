package io.deepprove.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class ProofFormatExceptionTest {

  @Test
  void isCheckedAndKeepsItsMessage() {
    ProofFormatException e = new ProofFormatException("proof.bin: truncated");
    assertEquals("proof.bin: truncated", e.getMessage());
    assertFalse(RuntimeException.class.isAssignableFrom(ProofFormatException.class));
  }
}
