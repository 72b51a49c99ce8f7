/**
 * The transparent, hash-based multilinear polynomial commitment of deepprove ({@link
 * io.deepprove.commit.BasefoldPcs}, implementing {@code io.deepprove.core.pcs.PolynomialCommitment})
 * and the model commitment ({@link io.deepprove.commit.ModelCommitment}). Knows nothing about graphs,
 * sum-check layers or lookups; depends on core only (SHA-256 from the JDK, which uses SHA-NI here).
 *
 * <h2>Why Basefold, not WHIR</h2>
 *
 * Basefold (Zeilberger, Chen, Fisch: "BaseFold: Efficient Field-Agnostic Polynomial Commitment
 * Schemes from Foldable Codes", ePrint 2023/1705) with the Reed–Solomon code is FRI on a
 * univariate "twin" of the multilinear f: folding it with challenge ρ fixes one multilinear
 * variable to ρ, so running the FRI folds and a sum-check on Σ_x f(x)·E(x) with the SAME
 * challenges ties the sum-check's last claim to the committed codeword. We take as twin
 * g(X) = Σ_i f(i)·X^i, whose coefficients are f's evaluation table itself, and fold it as
 * g' = g_e + ρ·(g_o − g_e) (a random point on the line through g_e and g_o, so FRI's proximity-gap
 * analysis applies unchanged): then g's coefficients fold exactly as the sum-check folds f's
 * table, f(…, 0) + ρ·(f(…, 1) − f(…, 0)), and neither a Möbius transform at commit time nor a
 * second folded table in the prover is needed.
 * That makes batching free: the sum-check runs against E = Σ_i α^i·eq(z_i, ·), one proof for any
 * number of claims. WHIR (Arnon, Chiesa, Fenzi, Yogev, ePrint 2024/1586) has smaller proofs and a
 * faster verifier (out-of-domain samples and shift queries per round, rate improving as it goes),
 * but needs more machinery (constrained RS codes, per-round OOD and combination randomness) whose
 * security analysis is more delicate. Basefold meets this project's targets (2^20 values:
 * ≈ 125 KB proofs at rate 1/2, ≈ 80 KB at rate 1/4, a few ms of verification, ≥ 100 bits) with the
 * simpler, well-trodden FRI analysis, so it is the right first scheme; WHIR can sit beside it
 * behind the same interface.
 *
 * <h2>Protocol ({@link io.deepprove.commit.BasefoldPcs})</h2>
 *
 * <ol>
 *   <li><b>Commit.</b> All polynomials of one commitment are packed into one polynomial P of n
 *       variables ({@link io.deepprove.commit.PackedLayout}, largest first, aligned offsets). P's
 *       evaluation table, read as univariate coefficients, is RS-encoded at rate 2^−R on the
 *       order-2^(n+R) subgroup in bit-reversed order ({@code Ntt}), so a coset of 2^k
 *       points folded k times is 2^k adjacent positions: one Merkle leaf ({@code MerkleTree},
 *       SHA-256, leaves of 2^k words). The root and the sizes are the commitment.
 *   <li><b>Batch.</b> Commitment and claims go into the transcript; α is drawn; claim i on
 *       polynomial p_i at r_i becomes a claim on P at z_i = (0/1 bits of p_i's block, r_i).
 *   <li><b>Sum-check + fold.</b> Round j binds the LAST remaining variable (x_n first — the one
 *       FRI's X ↦ X² split fixes): the prover sends h_j(0), h_j(1), h_j(2) of Σ P·E; the verifier
 *       checks h_j(0) + h_j(1) against the running claim and draws ρ_j. The prover never builds
 *       E: each claim keeps a scalar and an eq table over its remaining coordinates (first as a
 *       small top ⊗ bottom pair), and h_j comes from two linear sums per claim
 *       ({@code ClaimWeights}). Every k rounds the prover
 *       commits the next oracle: the RS encoding of the folded table (equal to folding the
 *       previous codeword k times, but cheaper to compute).
 *   <li><b>Final polynomial.</b> After G·k rounds (stopping with finalVars ≤ m < finalVars + k
 *       variables left) the prover sends the remaining m-variate polynomial's 2^m values. The
 *       verifier checks the last claim equals Σ_{x∈{0,1}^m} f_final(x)·E(x, ρ) itself, evaluating
 *       E from the claims in O(claims·(n + 2^m)).
 *   <li><b>Queries.</b> q leaf indices of oracle 0 are drawn; for each, the verifier opens one
 *       coset per oracle (multi-proofs share siblings), folds it with the round challenges, and
 *       checks the result against the next oracle's leaf and, at the end, against the encoding of
 *       the final polynomial.
 * </ol>
 *
 * Every check is a {@link io.deepprove.commit.PcsCheck}; the security level of each preset and how
 * it is derived are documented on {@link io.deepprove.commit.PcsParams}.
 *
 * <h2>Parallelism</h2>
 *
 * Encoding (one NTT per coset block), Merkle hashing, the eq tables, the
 * sum-check rounds and the folds run in contiguous chunks ({@link io.deepprove.core.parallel.Parallel},
 * shared with the sum-check and lookup provers); every
 * chunk owns its output range and reductions combine per-chunk partials in chunk order, so any
 * thread count gives byte-identical commitments and proofs (tested).
 */
package io.deepprove.commit;
