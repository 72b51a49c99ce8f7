package io.deepprove.lookup;

import io.deepprove.core.transcript.Transcript;
import io.deepprove.core.verify.VerificationException;

/**
 * LogUp lookups (Haböck, ePrint 2022/1530) whose fractional sums are proved by GKR (Papini–Haböck,
 * ePrint 2023/1284).
 *
 * <p>For every table, with tuples folded by a random β (w_i = in_i + β·out_i, t_j likewise):
 * Σ_i 1/(α − w_i) − Σ_j m_j/(α − t_j) = 0. Each looked-up column and each table's multiplicity
 * side is one GKR instance (a binary tree of fractions p/q whose leaves are 1/(α − w_i), 0/1 on
 * padding rows, and −m_j/(α − t_j)); all instances are proved together, one batched sum-check per
 * depth, so the leaf claims of equally long columns share one point. The verifier checks that each
 * table's root fractions sum to zero, evaluates the tables itself, and hands the claims on the
 * prover's columns back.
 *
 * <pre>{@code
 * // prover
 * LookupWitness w = LookupWitness.builder()
 *     .add(Tables.range(16), remainders)            // lookup 0
 *     .add(Tables.reluClamp(20), acc, out)          // lookup 1 (pairs)
 *     .build();
 * // commit to w.column(ref) for every ColumnRef (inputs, outputs, multiplicities) and absorb the
 * // commitment into t BEFORE proving: α and β are drawn from t
 * LogUpProof proof = LogUpGkr.prove(w, t);
 * byte[] bytes = proof.toBytes();
 *
 * // verifier: the same shape, the same commitments absorbed into a fresh transcript t'
 * LookupStatement st = LookupStatement.builder()
 *     .add(Tables.range(16), remainders.length).add(Tables.reluClamp(20), acc.length).build();
 * LookupClaims claims = LogUpGkr.verify(st, LogUpProof.read(bytes, st), t');
 * for (ColumnClaim c : claims.claims()) {
 *   // c.column(): input(k) / output(k) of lookup k, or multiplicity(table); c.point(), c.value():
 *   // the MLE of that zero-padded column at c.point() must equal c.value() — open it or chain it
 * }
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
