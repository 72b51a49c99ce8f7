package io.deepprove.commit;

import io.deepprove.core.codec.BinaryReader;
import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.ExtArrays;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.parallel.Parallel;
import io.deepprove.core.pcs.Commitment;
import io.deepprove.core.pcs.OpeningClaim;
import io.deepprove.core.pcs.OpeningProof;
import io.deepprove.core.pcs.PolynomialCommitment;
import io.deepprove.core.pcs.ProverData;
import io.deepprove.core.poly.Eq;
import io.deepprove.core.transcript.Transcript;
import io.deepprove.core.verify.VerificationException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Basefold over Goldilocks with Ext2 challenges (Zeilberger–Chen–Fisch, ePrint 2023/1705), with
 * the Reed–Solomon code as the foldable code, k-ary folding cosets per Merkle leaf and an
 * early-stopping final polynomial. See the package documentation for the protocol.
 */
public final class BasefoldPcs implements PolynomialCommitment {

  private static final long INV2 = (Goldilocks.P >>> 1) + 1; // (p + 1) / 2

  /** ω_k^−1 for every 2^k-th root of unity ω_k of {@link Goldilocks#rootOfUnity}. */
  private static final long[] INV_ROOTS = new long[33];

  static {
    for (int k = 0; k < INV_ROOTS.length; k++) {
      INV_ROOTS[k] = Goldilocks.inv(Goldilocks.rootOfUnity(k));
    }
  }

  /** Test hook: lets soundness tests play a cheating prover that commits to a corrupted oracle. */
  interface Tamper {
    /** Called with each codeword (level 0 at commit time, level g ≥ 1 while opening) before hashing. */
    default void codeword(int level, long[] words) {}
  }

  private static final Tamper HONEST = new Tamper() {};

  private final PcsParams params;
  private final Parallel par;
  private final Tamper tamper;

  /** The scheme with {@code params}, using every available core. */
  public BasefoldPcs(PcsParams params) {
    this(params, Runtime.getRuntime().availableProcessors());
  }

  /** The scheme with {@code params} on {@code threads} threads (1 = the caller's thread only). */
  public BasefoldPcs(PcsParams params, int threads) {
    this(params, Parallel.of(threads), HONEST);
  }

  BasefoldPcs(PcsParams params, Parallel par, Tamper tamper) {
    this.params = params;
    this.par = par;
    this.tamper = tamper;
  }

  public PcsParams params() {
    return params;
  }

  @Override
  public int securityBits() {
    return params.securityBits();
  }

  /** The security level of a commitment with this packed size. */
  public int securityBits(BasefoldCommitment commitment) {
    return params.securityBits(commitment.layout().totalVars());
  }

  /** The folding schedule for a packed polynomial of n variables. */
  record Schedule(int n, int logInvRate, int k, int groups, int finalVars, int leafLog0) {
    static Schedule of(PcsParams p, int n) {
      int k = p.foldLog();
      int groups = n - p.finalVars() >= k ? (n - p.finalVars()) / k : 0;
      int m = n - groups * k;
      int leafLog0 = groups > 0 ? k : Math.min(k, n + p.logInvRate());
      return new Schedule(n, p.logInvRate(), k, groups, m, leafLog0);
    }

    int rounds() {
      return groups * k;
    }

    /** log2 of oracle g's codeword length. */
    int oracleLog(int g) {
      return n - g * k + logInvRate;
    }

    /** Oracles whose leaves are opened: 0..groups−1, or just oracle 0 when nothing is folded. */
    int openedOracles() {
      return Math.max(groups, 1);
    }

    /** Words per leaf of oracle g (base field for oracle 0, Ext2 after). */
    int leafWords(int g) {
      return g == 0 ? 1 << leafLog0 : 2 << k;
    }

    /** Query indices are leaf indices of oracle 0. */
    int queryBound() {
      return 1 << (n + logInvRate - leafLog0);
    }

    int leafIndex(int g, int query) {
      return query >>> (g * k);
    }
  }

  // ------------------------------------------------------------------------------------------
  // commit

  @Override
  public Committed commit(List<long[]> polynomials) {
    int[] numVars = new int[polynomials.size()];
    for (int i = 0; i < numVars.length; i++) {
      long[] poly = polynomials.get(i);
      if (poly.length == 0 || Integer.bitCount(poly.length) != 1) {
        throw new IllegalArgumentException("polynomial " + i + " has " + poly.length + " values, not a power of two");
      }
      numVars[i] = Integer.numberOfTrailingZeros(poly.length);
    }
    PackedLayout layout = PackedLayout.of(numVars);
    int n = layout.totalVars();
    if (n > params.maxVars()) {
      throw new IllegalArgumentException(
          "the polynomials pack into 2^" + n + " values; parameters " + params.name() + " allow 2^" + params.maxVars());
    }
    long[] evals = new long[1 << n];
    for (int i = 0; i < numVars.length; i++) {
      long[] poly = polynomials.get(i);
      for (long v : poly) {
        if (!Goldilocks.isCanonical(v)) {
          throw new IllegalArgumentException("polynomial " + i + " has a non-canonical field element");
        }
      }
      System.arraycopy(poly, 0, evals, layout.offset(i), poly.length);
    }
    // The evaluation table itself is the coefficient vector of the univariate that is RS-encoded;
    // the folds below are weighted (1 − ρ, ρ) so that they act on it as the sum-check binds the MLE.
    long[] codeword = Ntt.encodeBase(evals, params.logInvRate(), par);
    tamper.codeword(0, codeword);
    Schedule s = Schedule.of(params, n);
    MerkleTree tree = MerkleTree.build(codeword, s.leafWords(0), par);
    BasefoldCommitment commitment = new BasefoldCommitment(params, numVars, tree.root());
    return new Committed(commitment, new BasefoldProverData(commitment, evals, codeword, tree));
  }

  // ------------------------------------------------------------------------------------------
  // open

  @Override
  public BasefoldProof open(ProverData proverData, List<OpeningClaim> claims, Transcript transcript) {
    if (!(proverData instanceof BasefoldProverData pd)) {
      throw new IllegalArgumentException("prover data of another scheme: " + proverData.getClass());
    }
    return openAs(pd, pd.commitment(), claims, transcript);
  }

  /**
   * Opens with {@code statement} as the commitment bound into the transcript. Honest callers pass
   * the prover data's own commitment; soundness tests pass another one to play a cheating prover.
   */
  BasefoldProof openAs(
      BasefoldProverData pd, BasefoldCommitment statement, List<OpeningClaim> claims, Transcript transcript) {
    BasefoldCommitment c = statement;
    if (!c.params().equals(params) || !pd.commitment().params().equals(params)) {
      throw new IllegalArgumentException("prover data made with parameters " + c.params().name());
    }
    PackedLayout layout = c.layout();
    String shape = claimShapeProblem(layout, claims);
    if (shape != null) {
      throw new IllegalArgumentException(shape);
    }
    int n = layout.totalVars();
    Schedule s = Schedule.of(params, n);

    absorbStatement(transcript, c, claims);
    Ext2 alpha = transcript.challengeExt("pcs/batch");

    Ext2 target = ClaimWeights.batchedValue(claims, alpha);
    int rounds = s.rounds();
    if (rounds == 0) {
      // nothing is folded: the evaluations go out in the clear, but never for false claims
      checkClaimsDirectly(pd.evals, layout, claims);
    }
    // E(x) = Σ_i α^i · eq(z_i, x), z_i = claim i's embedded point, kept factored per claim
    ClaimWeights weights = rounds == 0 ? null : new ClaimWeights(layout, claims, alpha, par);
    long[] roundEvals = new long[6 * rounds];
    long[] f = pd.evals;
    boolean base = true;
    int len = 1 << n;
    // ping-pong buffers for the folded table: round j writes buffer j % 2 (no per-round allocation)
    long[][] fBuf = {new long[Math.max(2, len)], new long[Math.max(2, len / 2)]};
    List<long[]> codewords = new ArrayList<>();
    List<MerkleTree> trees = new ArrayList<>();
    codewords.add(pd.codeword);
    trees.add(pd.tree);
    byte[][] roots = new byte[Math.max(s.groups() - 1, 0)][];
    Ext2 claim = target;
    for (int j = 0; j < rounds; j++) {
      long[] h = weights.round(f, base, j);
      if (!ExtArrays.get(h, 0).add(ExtArrays.get(h, 1)).equals(claim)) {
        if (base) {
          throw new IllegalArgumentException("claimed values do not match the committed polynomials");
        }
        throw new IllegalStateException("opening round " + j + " does not sum to the running claim");
      }
      System.arraycopy(h, 0, roundEvals, 6 * j, 6);
      transcript.absorbExtInterleaved("pcs/round", h);
      Ext2 rho = transcript.challengeExt("pcs/fold");
      claim = interpolateQuadratic(ExtArrays.get(h, 0), ExtArrays.get(h, 1), ExtArrays.get(h, 2), rho);
      int b = j & 1;
      f = base ? foldBase(f, len, rho, fBuf[b]) : foldExt(f, len, rho, fBuf[b]);
      weights.bind(j, rho);
      base = false;
      len >>>= 1;
      int g = (j + 1) / s.k();
      if ((j + 1) % s.k() == 0 && g < s.groups()) {
        long[] cw = Ntt.encodeExt(Arrays.copyOf(f, 2 * len), params.logInvRate(), par);
        tamper.codeword(g, cw);
        MerkleTree tree = MerkleTree.build(cw, s.leafWords(g), par);
        roots[g - 1] = tree.root();
        transcript.absorbDigest("pcs/oracle", roots[g - 1]);
        codewords.add(cw);
        trees.add(tree);
      }
    }
    long[] finalEvals = base ? ExtArrays.fromBase(f) : Arrays.copyOf(f, 2 * len);
    transcript.absorbExtInterleaved("pcs/final", finalEvals);
    int[] queries = transcript.challengeIndices("pcs/query", params.queries(), s.queryBound());

    int opened = s.openedOracles();
    long[][] leafValues = new long[opened][];
    byte[][] siblings = new byte[opened][];
    for (int g = 0; g < opened; g++) {
      int[] leaves = sortedLeaves(s, g, queries);
      int width = s.leafWords(g);
      long[] cw = codewords.get(g);
      long[] vals = new long[leaves.length * width];
      for (int i = 0; i < leaves.length; i++) {
        System.arraycopy(cw, leaves[i] * width, vals, i * width, width);
      }
      leafValues[g] = vals;
      siblings[g] = trees.get(g).openSiblings(leaves);
    }
    return new BasefoldProof(roots, roundEvals, finalEvals, leafValues, siblings);
  }

  /** Binds the commitment and every claim before the batching challenge. */
  private static void absorbStatement(Transcript t, BasefoldCommitment c, List<OpeningClaim> claims) {
    t.absorbBytes("pcs/commitment", c.toBytes());
    t.absorbBase("pcs/claims", claims.size());
    for (OpeningClaim claim : claims) {
      t.absorbBase("pcs/claim/polynomial", claim.polynomial());
      t.absorbExt("pcs/claim/point", claim.point());
      t.absorbExt("pcs/claim/value", claim.value());
    }
  }

  private static String claimShapeProblem(PackedLayout layout, List<OpeningClaim> claims) {
    if (claims.isEmpty()) {
      return "no claims to open";
    }
    for (int i = 0; i < claims.size(); i++) {
      OpeningClaim claim = claims.get(i);
      if (claim.polynomial() >= layout.count()) {
        return "claim " + i + " names polynomial " + claim.polynomial() + " of " + layout.count();
      }
      int n = layout.numVars(claim.polynomial());
      if (claim.point().length != n) {
        return "claim " + i + " has " + claim.point().length + " coordinates, polynomial has " + n + " variables";
      }
    }
    return null;
  }

  private static int[] sortedLeaves(Schedule s, int g, int[] queries) {
    int[] leaves = new int[queries.length];
    for (int i = 0; i < queries.length; i++) {
      leaves[i] = s.leafIndex(g, queries[i]);
    }
    return Arrays.stream(leaves).sorted().distinct().toArray();
  }

  /** Every claim against the committed values, one by one (only for polynomials too small to fold). */
  private void checkClaimsDirectly(long[] evals, PackedLayout layout, List<OpeningClaim> claims) {
    for (OpeningClaim claim : claims) {
      long[] eq = ClaimWeights.eqTable(claim.point(), par);
      int offset = layout.offset(claim.polynomial());
      long s0 = 0;
      long s1 = 0;
      for (int x = 0; x < eq.length / 2; x++) {
        s0 = Goldilocks.add(s0, Goldilocks.mul(evals[offset + x], eq[2 * x]));
        s1 = Goldilocks.add(s1, Goldilocks.mul(evals[offset + x], eq[2 * x + 1]));
      }
      if (!new Ext2(s0, s1).equals(claim.value())) {
        throw new IllegalArgumentException("claimed values do not match the committed polynomials");
      }
    }
  }

  /**
   * Binds the last variable of base-field evaluations, v0 + ρ(v1 − v0) for the pairs (2i, 2i + 1).
   * Writes len/2 interleaved Ext2 values to the front of {@code out} (never {@code v}), returns it.
   */
  private long[] foldBase(long[] v, int len, Ext2 rho, long[] out) {
    int half = len >>> 1;
    long r0 = rho.c0();
    long r1 = rho.c1();
    par.forRange(half, 1 << 13, (from, to) -> {
      for (int i = from; i < to; i++) {
        long lo = v[2 * i];
        long d = Goldilocks.sub(v[2 * i + 1], lo);
        out[2 * i] = Goldilocks.add(lo, Goldilocks.mul(r0, d));
        out[2 * i + 1] = Goldilocks.mul(r1, d);
      }
    });
    return out;
  }

  /** As {@link #foldBase} for interleaved Ext2 evaluations. */
  private long[] foldExt(long[] v, int len, Ext2 rho, long[] out) {
    int half = len >>> 1;
    long r0 = rho.c0();
    long r1 = rho.c1();
    par.forRange(half, 1 << 12, (from, to) -> {
      for (int i = from; i < to; i++) {
        long lo0 = v[4 * i];
        long lo1 = v[4 * i + 1];
        long d0 = Goldilocks.sub(v[4 * i + 2], lo0);
        long d1 = Goldilocks.sub(v[4 * i + 3], lo1);
        Ext2.mulInto(r0, r1, d0, d1, out, 2 * i);
        out[2 * i] = Goldilocks.add(lo0, out[2 * i]);
        out[2 * i + 1] = Goldilocks.add(lo1, out[2 * i + 1]);
      }
    });
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // verify

  @Override
  public void verify(Commitment commitment, List<OpeningClaim> claims, OpeningProof openingProof, Transcript transcript)
      throws VerificationException {
    if (!(commitment instanceof BasefoldCommitment c)) {
      throw new IllegalArgumentException("commitment of another scheme: " + commitment.getClass());
    }
    if (!(openingProof instanceof BasefoldProof proof)) {
      throw new IllegalArgumentException("opening proof of another scheme: " + openingProof.getClass());
    }
    if (!c.params().equals(params)) {
      throw new VerificationException(
          PcsCheck.PARAMETERS, "commitment uses " + c.params() + ", verifier " + params);
    }
    PackedLayout layout = c.layout();
    String shape = claimShapeProblem(layout, claims);
    if (shape != null) {
      throw new VerificationException(PcsCheck.CLAIM_SHAPE, shape);
    }
    int n = layout.totalVars();
    Schedule s = Schedule.of(params, n);
    int rounds = s.rounds();
    int m = s.finalVars();
    byte[][] roots = proof.oracleRootsUnsafe();
    long[] roundEvals = proof.roundEvalsUnsafe();
    long[] finalEvals = proof.finalEvalsUnsafe();
    long[][] leafValues = proof.leafValuesUnsafe();
    byte[][] siblings = proof.siblingsUnsafe();
    if (roots.length != Math.max(s.groups() - 1, 0)) {
      throw new VerificationException(PcsCheck.PROOF_SHAPE, roots.length + " oracle roots");
    }
    if (roundEvals.length != 6 * rounds) {
      throw new VerificationException(PcsCheck.PROOF_SHAPE, roundEvals.length / 6 + " sum-check rounds, expected " + rounds);
    }
    if (finalEvals.length != 2 << m) {
      throw new VerificationException(PcsCheck.PROOF_SHAPE, finalEvals.length / 2 + " final values, expected " + (1 << m));
    }
    if (leafValues.length != s.openedOracles()) {
      throw new VerificationException(PcsCheck.PROOF_SHAPE, leafValues.length + " opened oracles");
    }

    absorbStatement(transcript, c, claims);
    Ext2 alpha = transcript.challengeExt("pcs/batch");
    Ext2[] coefs = new Ext2[claims.size()];
    Ext2 coef = Ext2.ONE;
    Ext2 claim = Ext2.ZERO;
    for (int i = 0; i < claims.size(); i++) {
      coefs[i] = coef;
      claim = claim.add(coef.mul(claims.get(i).value()));
      coef = coef.mul(alpha);
    }

    Ext2[] rhos = new Ext2[rounds];
    for (int j = 0; j < rounds; j++) {
      Ext2 h0 = ExtArrays.get(roundEvals, 3 * j);
      Ext2 h1 = ExtArrays.get(roundEvals, 3 * j + 1);
      Ext2 h2 = ExtArrays.get(roundEvals, 3 * j + 2);
      if (!h0.add(h1).equals(claim)) {
        throw new VerificationException(PcsCheck.SUMCHECK_ROUND, "round " + j);
      }
      transcript.absorbExtInterleaved("pcs/round", Arrays.copyOfRange(roundEvals, 6 * j, 6 * j + 6));
      rhos[j] = transcript.challengeExt("pcs/fold");
      claim = interpolateQuadratic(h0, h1, h2, rhos[j]);
      int g = (j + 1) / s.k();
      if ((j + 1) % s.k() == 0 && g < s.groups()) {
        transcript.absorbDigest("pcs/oracle", roots[g - 1]);
      }
    }
    transcript.absorbExtInterleaved("pcs/final", finalEvals);

    // The last claim must equal Σ_{x ∈ {0,1}^m} f_final(x) · E(x, ρ_last..ρ_first).
    Ext2[] fixed = new Ext2[rounds]; // values of variables m+1..n, in variable order
    for (int j = 0; j < rounds; j++) {
      fixed[rounds - 1 - j] = rhos[j];
    }
    long[] eFinal = new long[2 << m];
    for (int i = 0; i < claims.size(); i++) {
      OpeningClaim oc = claims.get(i);
      Ext2[] z = layout.embedPoint(oc.polynomial(), oc.point());
      Ext2 scale = coefs[i].mul(Eq.evaluate(Arrays.copyOfRange(z, m, n), fixed));
      long[] table = Eq.table(Arrays.copyOfRange(z, 0, m));
      for (int x = 0; x < (1 << m); x++) {
        Ext2 add = ExtArrays.get(table, x).mul(scale);
        ExtArrays.set(eFinal, x, ExtArrays.get(eFinal, x).add(add));
      }
    }
    Ext2 finalSum = Ext2.ZERO;
    for (int x = 0; x < (1 << m); x++) {
      finalSum = finalSum.add(ExtArrays.get(finalEvals, x).mul(ExtArrays.get(eFinal, x)));
    }
    if (!finalSum.equals(claim)) {
      throw new VerificationException(PcsCheck.FINAL_SUM, "");
    }

    int[] queries = transcript.challengeIndices("pcs/query", params.queries(), s.queryBound());
    int opened = s.openedOracles();
    int[][] leavesPerOracle = new int[opened][];
    MessageDigest md = MerkleTree.sha256();
    for (int g = 0; g < opened; g++) {
      int[] leaves = sortedLeaves(s, g, queries);
      leavesPerOracle[g] = leaves;
      int width = s.leafWords(g);
      if (leafValues[g].length != leaves.length * width) {
        throw new VerificationException(
            PcsCheck.PROOF_SHAPE, "oracle " + g + ": " + leafValues[g].length + " leaf words, expected " + leaves.length * width);
      }
      byte[] digests = new byte[leaves.length * MerkleTree.DIGEST_BYTES];
      byte[] scratch = new byte[8 * width];
      for (int i = 0; i < leaves.length; i++) {
        MerkleTree.hashLeaf(md, leafValues[g], i * width, width, scratch, digests, i * MerkleTree.DIGEST_BYTES);
      }
      byte[] root = g == 0 ? c.rootUnsafe() : roots[g - 1];
      MerkleTree.verify(md, root, 1 << (s.oracleLog(g) - (g == 0 ? s.leafLog0() : s.k())), leaves, digests, siblings[g], g);
    }

    int finalLog = m + params.logInvRate();
    for (int query : queries) {
      if (s.groups() == 0) {
        int width = 1 << s.leafLog0();
        int at = Arrays.binarySearch(leavesPerOracle[0], query) * width;
        for (int u = 0; u < width; u++) {
          Ext2 expected = evaluateFinal(finalEvals, finalLog, query * width + u);
          if (!expected.equals(Ext2.ofBase(leafValues[0][at + u]))) {
            throw new VerificationException(PcsCheck.FINAL_POLY, "query " + query);
          }
        }
        continue;
      }
      Ext2 value = null;
      for (int g = 0; g < s.groups(); g++) {
        int leaf = s.leafIndex(g, query);
        int width = 1 << s.k();
        int at = Arrays.binarySearch(leavesPerOracle[g], leaf) * width;
        long[] coset = new long[2 * width];
        for (int u = 0; u < width; u++) {
          if (g == 0) {
            coset[2 * u] = leafValues[0][at + u];
          } else {
            coset[2 * u] = leafValues[g][2 * (at + u)];
            coset[2 * u + 1] = leafValues[g][2 * (at + u) + 1];
          }
        }
        if (g > 0) {
          int offset = s.leafIndex(g - 1, query) & (width - 1);
          if (!ExtArrays.get(coset, offset).equals(value)) {
            throw new VerificationException(PcsCheck.FOLD_CONSISTENCY, "oracle " + g + ", query " + query);
          }
        }
        value = foldCoset(coset, leaf, s.oracleLog(g), rhos, g * s.k(), s.k());
      }
      int pos = s.leafIndex(s.groups() - 1, query);
      if (!value.equals(evaluateFinal(finalEvals, finalLog, pos))) {
        throw new VerificationException(PcsCheck.FINAL_POLY, "query " + query);
      }
    }
  }

  /** h(ρ) for the quadratic with h(0), h(1), h(2) (Lagrange on {0, 1, 2}). */
  static Ext2 interpolateQuadratic(Ext2 h0, Ext2 h1, Ext2 h2, Ext2 rho) {
    Ext2 rm1 = rho.sub(Ext2.ONE);
    Ext2 rm2 = rho.sub(Ext2.ofBase(2));
    Ext2 l0 = rm1.mul(rm2).mulBase(INV2);
    Ext2 l1 = rho.mul(rm2).neg();
    Ext2 l2 = rho.mul(rm1).mulBase(INV2);
    return h0.mul(l0).add(h1.mul(l1)).add(h2.mul(l2));
  }

  /**
   * Folds one opened coset of 2^k values (interleaved Ext2), leaf {@code leaf} of a codeword of
   * 2^logSize positions, with challenges rhos[from..from+k): each step splits the pair g(x), g(−x)
   * into g_e(x²) = (g(x) + g(−x))/2 and g_o(x²) = (g(x) − g(−x))/(2x) and returns
   * g_e + ρ·(g_o − g_e), the FRI fold weighted (1 − ρ, ρ) as the sum-check binds a variable.
   */
  private static Ext2 foldCoset(long[] coset, int leaf, int logSize, Ext2[] rhos, int from, int k) {
    long[] cur = coset;
    int count = 1 << k;
    long[] twiddle = new long[count];
    for (int step = 0; step < k; step++) {
      int log = logSize - step;
      long invRoot = INV_ROOTS[log];
      int half = count >>> 1;
      int b = Integer.numberOfTrailingZeros(half);
      // pair leaf·half + v sits at bit-reversed position rev(leaf·half) + rev_b(v)·2^(log−1−b), so its
      // x^−1 is x0^−1 · ζ^rev_b(v) with ζ = ω_log^−2^(log−1−b) = ω_(b+1)^−1: one pow per step, not per pair
      long base = Goldilocks.pow(invRoot, Ntt.reverseBits(leaf * half, log - 1));
      long zeta = INV_ROOTS[b + 1];
      twiddle[0] = 1;
      for (int j = 1; j < half; j++) {
        twiddle[j] = Goldilocks.mul(twiddle[j - 1], zeta);
      }
      long[] next = new long[2 * half];
      long r0 = rhos[from + step].c0();
      long r1 = rhos[from + step].c1();
      for (int v = 0; v < half; v++) {
        long xInv = Goldilocks.mul(base, twiddle[Ntt.reverseBits(v, b)]);
        long a0 = cur[4 * v];
        long a1 = cur[4 * v + 1];
        long b0 = cur[4 * v + 2];
        long b1 = cur[4 * v + 3];
        long e0 = Goldilocks.mul(INV2, Goldilocks.add(a0, b0));
        long e1 = Goldilocks.mul(INV2, Goldilocks.add(a1, b1));
        long halfXInv = Goldilocks.mul(INV2, xInv);
        long o0 = Goldilocks.mul(Goldilocks.sub(a0, b0), halfXInv);
        long o1 = Goldilocks.mul(Goldilocks.sub(a1, b1), halfXInv);
        Ext2.mulInto(r0, r1, Goldilocks.sub(o0, e0), Goldilocks.sub(o1, e1), next, 2 * v);
        next[2 * v] = Goldilocks.add(e0, next[2 * v]);
        next[2 * v + 1] = Goldilocks.add(e1, next[2 * v + 1]);
      }
      cur = next;
      count = half;
    }
    return new Ext2(cur[0], cur[1]);
  }

  /**
   * The final codeword at bit-reversed position {@code pos} of 2^logSize: the univariate whose
   * coefficients are the final evaluation table, at that domain point.
   */
  private static Ext2 evaluateFinal(long[] coeffs, int logSize, int pos) {
    long y = Ntt.pointAt(logSize, pos);
    long acc0 = 0;
    long acc1 = 0;
    for (int j = coeffs.length / 2 - 1; j >= 0; j--) {
      acc0 = Goldilocks.add(Goldilocks.mul(acc0, y), coeffs[2 * j]);
      acc1 = Goldilocks.add(Goldilocks.mul(acc1, y), coeffs[2 * j + 1]);
    }
    return new Ext2(acc0, acc1);
  }

  // ------------------------------------------------------------------------------------------
  // serialization

  @Override
  public BasefoldCommitment readCommitment(BinaryReader reader) throws ProofFormatException {
    return BasefoldCommitment.read(reader);
  }

  @Override
  public BasefoldProof readOpeningProof(BinaryReader reader) throws ProofFormatException {
    return BasefoldProof.read(reader);
  }
}
