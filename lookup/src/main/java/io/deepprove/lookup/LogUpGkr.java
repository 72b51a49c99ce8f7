package io.deepprove.lookup;

import io.deepprove.core.transcript.Transcript;
import io.deepprove.core.verify.VerificationException;

/**
 * LogUp lookups (Haböck, ePrint 2022/1530) whose fractional sums are proved by GKR (Papini–Haböck,
 * ePrint 2023/1284).
 *
 * <p>For every table, with tuples folded by a random β (w_i = in_i + β·out_i, t_j likewise):
 * Σ_i 1/(α − w_i) − Σ_j m_j/(α − t_j) = 0. Each looked-up column and each table is one GKR
 * instance (a binary tree of fractions); all instances are proved together, one batched sum-check
 * per depth, so the leaf claims of equally long columns share one point.
 *
 * <pre>{@code
 * LookupWitness w = LookupWitness.builder().add(Tables.range(16), values).build();
 * // commit to w.column(...) for every column and multiplicity; absorb the commitment into t
 * LogUpProof proof = LogUpGkr.prove(w, t);
 * // verifier: absorb the same commitment into a fresh transcript t', then
 * LookupClaims claims = LogUpGkr.verify(w.statement(), proof, t');
 * claims.close(pcsOpenings);   // or hand each ColumnClaim to the batched opening
 * }</pre>
 */
public final class LogUpGkr {

  private LogUpGkr() {}

  /** Proves with as many threads as there are processors. */
  public static LogUpProof prove(LookupWitness witness, Transcript transcript) {
    return prove(witness, transcript, Runtime.getRuntime().availableProcessors());
  }

  /** Proves with {@code threads} threads; the proof does not depend on the thread count. */
  public static LogUpProof prove(LookupWitness witness, Transcript transcript, int threads) {
    return new LogUpProver(witness, threads).prove(transcript);
  }

  /**
   * Checks the proof and returns the claims on the looked-up columns and multiplicities that the
   * caller must close (see {@link LookupClaims}). Throws naming the failed {@link LogUpCheck}.
   */
  public static LookupClaims verify(LookupStatement statement, LogUpProof proof, Transcript transcript)
      throws VerificationException {
    return LogUpVerifier.verify(statement, proof, transcript);
  }
}
