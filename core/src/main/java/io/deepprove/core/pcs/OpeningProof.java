package io.deepprove.core.pcs;

import io.deepprove.core.codec.BinaryWriter;

/** One proof for a whole batch of opening claims. */
public interface OpeningProof {

  void write(BinaryWriter writer);
}
