package io.deepprove.commit;

/**
 * Immutable parameters of the {@link BasefoldPcs}, with named presets and their security level.
 *
 * <p><b>Security derivation.</b> The soundness error is the sum of (1) the query phase, (2) the
 * folding (proximity-gap) errors and (3) the sum-check and batching errors.
 *
 * <ul>
 *   <li>Query phase, {@code queries} = q independent queries of a code of rate ρ = 2^−R. In the
 *       <em>conjectured</em> regime (RS codes list-decodable up to capacity, the ethSTARK/Basefold
 *       conjecture used by deployed FRI systems) each query fails to catch a cheater with
 *       probability ≈ ρ, so it contributes q·log2(1/ρ) bits. In the <em>proven</em> regime
 *       (unique decoding, δ = (1 − ρ)/2; the BCIKS20 proximity gaps with the FRI and Basefold
 *       soundness analyses) a query fails
 *       with probability 1 − δ = (1 + ρ)/2: q·log2(2/(1 + ρ)) bits.
 *   <li>Folding: every fold round is a random combination of two functions on a domain D_j; its
 *       proximity-gap error is |D_j|/|F| (BCIKS20 Thm. 1.4 in the unique decoding regime; the
 *       conjectured regime assumes the same form). Domains halve every round, so all rounds
 *       together cost ≤ 2·|D_0|/|F|.
 *   <li>Sum-check (degree 2, n rounds: 2n/|F|) and the random linear combination of k claims
 *       (k/|F|) are below |D_0|/|F| for every supported size.
 * </ul>
 *
 * With |F| = p² ≈ 2^128 (the Ext2 challenge field), (2) and (3) give about 126 − log2|D_0| bits:
 * the quadratic extension, not the query count, caps the security of large instances (a 2^24
 * codeword leaves 102 bits). {@link #securityBits(int)} is the minimum of both terms for a given
 * size; {@link #securityBits()} is that figure at {@link #maxVars()}, the largest committed size
 * these parameters accept. 128 bits overall would need a larger challenge field (a cubic
 * extension); {@link #CONJECTURED_128} gives 128-bit query soundness, and its reported level is
 * honestly the smaller field-limited figure.
 *
 * @param name preset name (recorded in the commitment)
 * @param logInvRate R: the code has rate 2^−R
 * @param queries q: number of query positions
 * @param foldLog k: each Merkle leaf holds a coset of 2^k positions, and one oracle is committed
 *     every k folding rounds
 * @param finalVars the folding stops once at most finalVars + k − 1 variables remain (at least
 *     finalVars, unless the polynomial is smaller); the rest is sent in the clear
 * @param proven whether the query term uses the proven (unique decoding) bound
 * @param maxVars the largest number of packed variables a commitment may have
 */
public record PcsParams(
    String name, int logInvRate, int queries, int foldLog, int finalVars, boolean proven, int maxVars) {

  /**
   * Default: rate 1/2, 100 queries, cosets of 16; 100 bits (conjectured) up to 2^25 values (the
   * field term 126 − 26 meets the query term exactly there). Rate 1/2 halves the encoding and
   * hashing work of rate 1/4 at the price of about 1.6× larger proofs.
   */
  public static final PcsParams CONJECTURED_100 =
      new PcsParams("conjectured-100", 1, 100, 4, 4, false, 25);

  /** Rate 1/4, 50 queries: 100 bits (conjectured) with ≈ 40% smaller proofs and 2× the commit work. */
  public static final PcsParams COMPACT_100 = new PcsParams("compact-100", 2, 50, 4, 4, false, 24);

  /** Rate 1/4, 64 queries: 128-bit query soundness (conjectured); the field term still applies. */
  public static final PcsParams CONJECTURED_128 =
      new PcsParams("conjectured-128", 2, 64, 4, 4, false, 24);

  /** Rate 1/4, 148 queries: ≥ 100 bits from proven bounds (unique decoding) up to 2^24 values. */
  public static final PcsParams PROVEN_100 = new PcsParams("proven-100", 2, 148, 4, 4, true, 24);

  /** Every preset, by name. */
  public static java.util.List<PcsParams> presets() {
    return java.util.List.of(CONJECTURED_100, COMPACT_100, CONJECTURED_128, PROVEN_100);
  }

  /** The default preset. */
  public static final PcsParams DEFAULT = CONJECTURED_100;

  /** The largest codeword, 2^MAX_CODEWORD_LOG positions, that a Java array holds comfortably. */
  static final int MAX_CODEWORD_LOG = 28;

  public PcsParams {
    if (name == null || name.isEmpty() || name.length() > 64) {
      throw new IllegalArgumentException("parameter name must have 1..64 characters");
    }
    if (logInvRate < 1 || logInvRate > 4) {
      throw new IllegalArgumentException("log inverse rate must be in 1..4, got " + logInvRate);
    }
    if (queries < 1 || queries > 1024) {
      throw new IllegalArgumentException("queries must be in 1..1024, got " + queries);
    }
    if (foldLog < 1 || foldLog > 6) {
      throw new IllegalArgumentException("fold arity log must be in 1..6, got " + foldLog);
    }
    if (finalVars < 0 || finalVars > 12) {
      throw new IllegalArgumentException("final variables must be in 0..12, got " + finalVars);
    }
    if (maxVars < 0 || maxVars + logInvRate > MAX_CODEWORD_LOG) {
      throw new IllegalArgumentException("max variables must be in 0.." + (MAX_CODEWORD_LOG - logInvRate));
    }
  }

  /** Bits of security contributed by each query. */
  public double bitsPerQuery() {
    double rho = Math.scalb(1.0, -logInvRate);
    return proven ? -Math.log(0.5 * (1 + rho)) / Math.log(2) : logInvRate;
  }

  /** The query-phase security in bits. */
  public int queryBits() {
    return (int) Math.floor(queries * bitsPerQuery() + 1e-9);
  }

  /** The security level, in bits, of a commitment to a packed polynomial of {@code numVars}. */
  public int securityBits(int numVars) {
    int fieldBits = 126 - (numVars + logInvRate);
    return Math.min(queryBits(), fieldBits);
  }

  /** The security level at {@link #maxVars()}, the weakest case these parameters allow. */
  public int securityBits() {
    return securityBits(maxVars);
  }
}
