package io.deepprove.core.pcs;

import io.deepprove.core.codec.BinaryReader;
import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.core.transcript.Transcript;
import io.deepprove.core.verify.VerificationException;
import java.util.List;

/**
 * A multilinear polynomial commitment scheme over Goldilocks with extension-field points.
 *
 * <p>Several polynomials (base-field evaluations, any power-of-two sizes) may be committed under
 * one commitment. A batch of {@link OpeningClaim}s about them — different polynomials, different
 * points — is proved by ONE {@link OpeningProof}. Prover and verifier thread the caller's
 * transcript, so the opening binds to everything proved before it; the caller absorbs the
 * commitment into the transcript before any challenge that depends on the committed data.
 */
public interface PolynomialCommitment {

  /** Result of committing: the public commitment and the prover's private data. */
  record Committed(Commitment commitment, ProverData proverData) {}

  /** Commits to {@code polynomials}, each a base-field evaluation table of power-of-two length. */
  Committed commit(List<long[]> polynomials);

  /**
   * Proves every claim (each about one of the committed polynomials) with one opening proof.
   * The claimed values must be correct; a prover given wrong claims fails with
   * {@link IllegalArgumentException}.
   */
  OpeningProof open(ProverData proverData, List<OpeningClaim> claims, Transcript transcript);

  /** Accepts or throws {@link VerificationException} naming the failed check. */
  void verify(Commitment commitment, List<OpeningClaim> claims, OpeningProof proof, Transcript transcript)
      throws VerificationException;

  /** Reads a commitment written by {@link Commitment#write}. */
  Commitment readCommitment(BinaryReader reader) throws ProofFormatException;

  /** Reads an opening proof written by {@link OpeningProof#write}. */
  OpeningProof readOpeningProof(BinaryReader reader) throws ProofFormatException;

  /** The security level of the scheme's parameters, in bits, as documented by the implementation. */
  int securityBits();
}
