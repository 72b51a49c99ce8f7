package io.deepprove.commit;

import io.deepprove.core.pcs.ProverData;

/**
 * What the prover keeps after {@link BasefoldPcs#commit}: the packed evaluations and monomial
 * coefficients, the level-0 codeword and its Merkle tree. Deterministic in the committed values,
 * so it can be recomputed instead of stored (see the package documentation).
 */
public final class BasefoldProverData implements ProverData {

  private final BasefoldCommitment commitment;
  final long[] evals;
  final long[] coeffs;
  final long[] codeword;
  final MerkleTree tree;

  BasefoldProverData(
      BasefoldCommitment commitment, long[] evals, long[] coeffs, long[] codeword, MerkleTree tree) {
    this.commitment = commitment;
    this.evals = evals;
    this.coeffs = coeffs;
    this.codeword = codeword;
    this.tree = tree;
  }

  @Override
  public BasefoldCommitment commitment() {
    return commitment;
  }
}
