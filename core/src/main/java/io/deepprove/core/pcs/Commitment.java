package io.deepprove.core.pcs;

import io.deepprove.core.codec.BinaryWriter;

/** The public part of a commitment: short, serializable, and what the verifier holds. */
public interface Commitment {

  /** The number of variables of each committed polynomial, in commitment order. */
  int[] numVars();

  /** A digest identifying the commitment (e.g. a Merkle root), for transcripts and printing. */
  byte[] digest();

  void write(BinaryWriter writer);
}
