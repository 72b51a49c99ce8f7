package io.deepprove.core.pcs;

/** What the prover keeps after committing (codewords, Merkle trees); never sent to the verifier. */
public interface ProverData {

  /** The public commitment this data belongs to. */
  Commitment commitment();
}
