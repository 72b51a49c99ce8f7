package io.deepprove.sumcheck;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.parallel.Parallel;
import io.deepprove.core.transcript.Transcript;
import java.util.List;

/**
 * The sum-check prover for Σ_{x∈{0,1}^n} Σ_t c_t·Π_k f_{t,k}(x) (Thaler, "Proofs, Arguments, and
 * Zero-Knowledge", §4.1), binding variables in big-endian order (x_1 first, the most significant
 * index bit), with extension-field challenges.
 *
 * <p>Each round sends s_i(0..d). The first round is computed on the inputs as given (base-field
 * products when the inputs are base-field), later rounds on extension tables folded in place.
 * s_i(1) is computed directly only in round 1, where it also yields the claimed sum; later it is
 * the running claim minus s_i(0). A statement that is one product of two factors (matrix products,
 * inner products) takes a path whose sums are accumulated unreduced ({@link LimbSum}): it computes
 * s_i(∞), the leading coefficient, in place of s_i(2) (one subtraction per factor instead of two
 * operations), and sends s_i(2) = 2·s_i(1) − s_i(0) + 2·s_i(∞), the same value. On two base tables its
 * first rounds come from the base values alone ({@link SmallValueRounds}).
 *
 * <p>Rounds and folds are split into chunks by {@link Parallel}; field sums are exact, so the proof is the
 * same for every thread count.
 */
public final class SumcheckProver {

  /** Transcript labels, shared with {@link SumcheckVerifier}. */
  public static final String LABEL_CLAIM = "sumcheck/claim";

  public static final String LABEL_ROUND = "sumcheck/round";
  public static final String LABEL_CHALLENGE = "sumcheck/challenge";

  /**
   * Loop iterations per chunk at the least: a round over fewer than twice this many runs on the
   * calling thread ({@link Parallel#chunks}).
   */
  static final int GRAIN = 1 << 12;

  private SumcheckProver() {}

  /**
   * What the prover produced: the sum it proved, the proof, the challenge point and the values of
   * every multilinear at that point (the caller turns these into claims for the next layer or the
   * commitment).
   */
  public record Result(Ext2 claimedSum, SumcheckProof proof, Ext2[] point, Ext2[] finalEvaluations) {
    public Result {
      point = point.clone();
      finalEvaluations = finalEvaluations.clone();
    }

    @Override
    public Ext2[] point() {
      return point.clone();
    }

    @Override
    public Ext2[] finalEvaluations() {
      return finalEvaluations.clone();
    }
  }

  /** Proves the statement with the machine's processors. */
  public static Result prove(ProductShape shape, List<Mle> inputs, Transcript transcript) {
    return prove(shape, inputs, transcript, Parallel.defaultThreads());
  }

  /** Proves the statement on {@code threads} threads; the proof does not depend on the count. */
  public static Result prove(ProductShape shape, List<Mle> inputs, Transcript transcript, int threads) {
    Parallel par = Parallel.of(threads);
    int n = shape.numVars();
    int m = shape.numMultilinears();
    if (inputs.size() != m) {
      throw new IllegalArgumentException("shape has " + m + " multilinears, got " + inputs.size());
    }
    long[][] tables = new long[m][];
    boolean[] ext = new boolean[m];
    for (int k = 0; k < m; k++) {
      Mle f = inputs.get(k);
      if (f.numVars() != n) {
        throw new IllegalArgumentException(
            "multilinear " + k + " has " + f.numVars() + " variables, the statement " + n);
      }
      tables[k] = f.valuesUnsafe();
      ext[k] = f.isExtension();
    }
    int d = shape.degree();
    if (n == 0) {
      Ext2[] finals = new Ext2[m];
      for (int k = 0; k < m; k++) {
        finals[k] = ext[k] ? new Ext2(tables[k][0], tables[k][1]) : Ext2.ofBase(tables[k][0]);
      }
      Ext2 sum = shape.combine(finals);
      transcript.absorbExt(LABEL_CLAIM, sum);
      return new Result(sum, new SumcheckProof(new Ext2[0][]), new Ext2[0], finals);
    }
    // caller-owned tables are never written: the first fold of each goes to a fresh array
    boolean[] owned = new boolean[m];
    Ext2[][] rounds = new Ext2[n][];
    Ext2[] point = new Ext2[n];
    Ext2 claim = null;
    Ext2 claimedSum = null;
    int len = 1 << n;
    boolean pair = isProductOfTwo(shape);
    int fa = shape.factorsUnsafe()[0][0];
    int fb = pair ? shape.factorsUnsafe()[0][1] : fa;
    Ext2 c = shape.coefficientsUnsafe()[0];
    // a product of two base tables: its first rounds come from the base values (SmallValueRounds)
    boolean small = pair && !ext[fa] && !ext[fb] && n > SmallValueRounds.ROUNDS;
    long[] smallSums = small ? SmallValueRounds.sums(tables[fa], tables[fb], n, par) : null;
    Ext2 pending = null; // a challenge whose fold is fused into the next round (pair path)
    for (int i = 0; i < n; i++) {
      int half = len >>> 1;
      Ext2[] s; // pair rounds give s(∞), the leading coefficient, in place of s(2)
      if (small && i < SmallValueRounds.ROUNDS) {
        Ext2[] raw = SmallValueRounds.round(smallSums, i, point);
        s = new Ext2[] {c.mul(raw[0]), c.mul(raw[1]), c.mul(raw[2])};
      } else if (small && i == SmallValueRounds.ROUNDS) {
        s = smallFoldRound(c, tables, ext, owned, fa, fb, n, point, par);
      } else if (pending == null) {
        s = pair
            ? pairRound(shape, tables, ext, half, i == 0, par)
            : genericRound(shape, tables, ext, half, d, i == 0, par);
      } else {
        // bind the previous challenge and evaluate this round in one pass over the tables
        s = pairFoldRound(shape, tables, ext, owned, fa, fb, 2 * len, pending, par);
        pending = null;
      }
      if (i == 0) {
        claimedSum = s[0].add(s[1]);
        transcript.absorbExt(LABEL_CLAIM, claimedSum);
      } else {
        s[1] = claim.sub(s[0]);
      }
      if (pair) { // s(2) = 2·s(1) − s(0) + 2·s(∞) for a quadratic
        s[2] = s[1].add(s[1]).sub(s[0]).add(s[2].add(s[2]));
      }
      rounds[i] = s;
      transcript.absorbExt(LABEL_ROUND, s);
      Ext2 r = transcript.challengeExt(LABEL_CHALLENGE);
      point[i] = r;
      claim = SumcheckVerifier.interpolate(s, r);
      boolean pairWaits = small && i < SmallValueRounds.ROUNDS; // bound all at once in round 4
      if (!pairWaits && pair && half >= 2 && fa != fb) {
        pending = r;
      } else {
        for (int k = 0; k < m; k++) {
          if (pairWaits && (k == fa || k == fb)) {
            continue;
          }
          tables[k] = fold(tables[k], ext[k], owned[k], half, r, par);
          ext[k] = true;
          owned[k] = true;
        }
      }
      len = half;
    }
    Ext2[] finals = new Ext2[m];
    for (int k = 0; k < m; k++) {
      finals[k] = new Ext2(tables[k][0], tables[k][1]);
    }
    return new Result(claimedSum, new SumcheckProof(rounds), point, finals);
  }

  /**
   * Whether this JVM runs the prover's vector kernels: "on" when jdk.incubator.vector is resolved,
   * its vectors hold at least four longs and the kernels passed their self-check (or {@code
   * -Ddeepprove.simd=true}); otherwise "off: " and the reason, and the scalar loops run. The proofs
   * are the same either way.
   */
  public static String vectorKernels() {
    return Simd.status();
  }

  /** The sum Σ_x of the statement, computed directly (for callers that need the claim first). */
  public static Ext2 sum(ProductShape shape, List<Mle> inputs) {
    int m = shape.numMultilinears();
    if (inputs.size() != m) {
      throw new IllegalArgumentException("shape has " + m + " multilinears, got " + inputs.size());
    }
    int len = 1 << shape.numVars();
    Ext2[] values = new Ext2[m];
    Ext2 acc = Ext2.ZERO;
    for (int x = 0; x < len; x++) {
      for (int k = 0; k < m; k++) {
        long[] v = inputs.get(k).valuesUnsafe();
        values[k] = inputs.get(k).isExtension() ? new Ext2(v[2 * x], v[2 * x + 1]) : Ext2.ofBase(v[x]);
      }
      acc = acc.add(shape.combine(values));
    }
    return acc;
  }

  private static boolean isProductOfTwo(ProductShape shape) {
    return shape.numTerms() == 1 && shape.factorsUnsafe()[0].length == 2;
  }

  // ---------------------------------------------------------------- c·f_a·f_b

  /**
   * Round polynomial of c·f_a·f_b at 0, 1 (first round only) and ∞ (its leading coefficient, from
   * f(∞) = hi − lo). Sums of products are kept unreduced per chunk: extension products as the three
   * sums Σa0b0, Σa1b1, Σ(a0b1 + a1b0), combined as (Σa0b0 + 7Σa1b1) + (Σa0b1 + a1b0)X.
   */
  private static Ext2[] pairRound(
      ProductShape shape, long[][] tables, boolean[] ext, int half, boolean first, Parallel par) {
    int[] f = shape.factorsUnsafe()[0];
    long[] a = tables[f[0]];
    long[] b = tables[f[1]];
    boolean aExt = ext[f[0]];
    boolean bExt = ext[f[1]];
    int chunks = par.chunks(half, GRAIN);
    // per chunk, per evaluation point t ∈ {0, 1, ∞}: the components (c0, c1) of Σ a(t)·b(t)
    long[][] partial = new long[chunks][6];
    par.forChunks(
        half,
        GRAIN,
        (chunk, from, to) -> {
          long[] out = partial[chunk];
          if (!aExt && !bExt) {
            pairChunkBase(a, b, half, from, to, first, out);
          } else {
            pairChunkExt(a, aExt, b, bExt, half, from, to, first, out);
          }
        });
    long[] total = new long[6];
    for (long[] p : partial) {
      for (int i = 0; i < 6; i++) {
        total[i] = Goldilocks.add(total[i], p[i]);
      }
    }
    Ext2 c = shape.coefficientsUnsafe()[0];
    Ext2[] s = new Ext2[3];
    for (int t = 0; t < 3; t++) {
      s[t] = c.mul(new Ext2(total[2 * t], total[2 * t + 1]));
    }
    return s;
  }

  private static void pairChunkBase(
      long[] a, long[] b, int half, int from, int to, boolean first, long[] out) {
    LimbSum s0 = new LimbSum();
    LimbSum s1 = new LimbSum();
    LimbSum s2 = new LimbSum();
    for (int j = from; j < to; j++) {
      long alo = a[j];
      long ahi = a[j + half];
      long blo = b[j];
      long bhi = b[j + half];
      s0.addProduct(alo, blo);
      if (first) {
        s1.addProduct(ahi, bhi);
      }
      s2.addProduct(Goldilocks.sub(ahi, alo), Goldilocks.sub(bhi, blo));
    }
    out[0] = s0.reduce();
    out[2] = s1.reduce();
    out[4] = s2.reduce();
  }

  private static void pairChunkExt(
      long[] a, boolean aExt, long[] b, boolean bExt, int half, int from, int to, boolean first, long[] out) {
    // for t = 0, 1, ∞: Σ a0b0, Σ a1b1, Σ (a0b1 + a1b0)
    LimbSum[] u = new LimbSum[9];
    for (int i = 0; i < 9; i++) {
      u[i] = new LimbSum();
    }
    LimbSum u00 = u[0], u01 = u[1], u02 = u[2];
    LimbSum u10 = u[3], u11 = u[4], u12 = u[5];
    LimbSum u20 = u[6], u21 = u[7], u22 = u[8];
    for (int j = from; j < to; j++) {
      long alo0, alo1, ahi0, ahi1, blo0, blo1, bhi0, bhi1;
      if (aExt) {
        alo0 = a[2 * j];
        alo1 = a[2 * j + 1];
        ahi0 = a[2 * (j + half)];
        ahi1 = a[2 * (j + half) + 1];
      } else {
        alo0 = a[j];
        alo1 = 0;
        ahi0 = a[j + half];
        ahi1 = 0;
      }
      if (bExt) {
        blo0 = b[2 * j];
        blo1 = b[2 * j + 1];
        bhi0 = b[2 * (j + half)];
        bhi1 = b[2 * (j + half) + 1];
      } else {
        blo0 = b[j];
        blo1 = 0;
        bhi0 = b[j + half];
        bhi1 = 0;
      }
      u00.addProduct(alo0, blo0);
      u01.addProduct(alo1, blo1);
      u02.addProduct(alo0, blo1);
      u02.addProduct(alo1, blo0);
      if (first) {
        u10.addProduct(ahi0, bhi0);
        u11.addProduct(ahi1, bhi1);
        u12.addProduct(ahi0, bhi1);
        u12.addProduct(ahi1, bhi0);
      }
      long a20 = Goldilocks.sub(ahi0, alo0);
      long a21 = Goldilocks.sub(ahi1, alo1);
      long b20 = Goldilocks.sub(bhi0, blo0);
      long b21 = Goldilocks.sub(bhi1, blo1);
      u20.addProduct(a20, b20);
      u21.addProduct(a21, b21);
      u22.addProduct(a20, b21);
      u22.addProduct(a21, b20);
    }
    for (int t = 0; t < 3; t++) {
      long v00 = u[3 * t].reduce();
      long v11 = u[3 * t + 1].reduce();
      out[2 * t] = Goldilocks.add(v00, Ext2.mulW(v11));
      out[2 * t + 1] = u[3 * t + 2].reduce();
    }
  }

  /**
   * Binds the first {@link SmallValueRounds#ROUNDS} variables of the base tables of c·f_a·f_b to
   * point[0..] and evaluates the next round at 0 and ∞ ({@link SmallValueRounds#foldAndRound}).
   * Updates tables, ext and owned.
   */
  private static Ext2[] smallFoldRound(
      Ext2 c, long[][] tables, boolean[] ext, boolean[] owned, int ia, int ib, int n, Ext2[] point, Parallel par) {
    int len = 1 << (n - SmallValueRounds.ROUNDS);
    boolean same = ia == ib;
    long[] outA = new long[2 * len];
    long[] outB = same ? outA : new long[2 * len];
    Ext2[] raw = SmallValueRounds.foldAndRound(tables[ia], tables[ib], same, n, point, outA, outB, par);
    tables[ia] = outA;
    tables[ib] = outB;
    ext[ia] = ext[ib] = true;
    owned[ia] = owned[ib] = true;
    return new Ext2[] {c.mul(raw[0]), Ext2.ZERO, c.mul(raw[1])};
  }

  /**
   * Binds x_1 := r in both factors of c·f_a·f_b (tables of {@code len} entries, base or extension)
   * and evaluates the next round's polynomial at 0 and ∞ in the same pass: output j and j + q
   * (q = len/4) are the next round's (lo, hi) pair, and both come from inputs j, j + q, j + 2q,
   * j + 3q. Halves the memory traffic of a separate fold and round on tables that leave the cache.
   * Updates tables, ext and owned.
   */
  private static Ext2[] pairFoldRound(
      ProductShape shape, long[][] tables, boolean[] ext, boolean[] owned, int ia, int ib, int len, Ext2 r, Parallel par) {
    int half = len >>> 1;
    int q = half >>> 1;
    long[] a = tables[ia];
    long[] b = tables[ib];
    boolean aExt = ext[ia];
    boolean bExt = ext[ib];
    long[] outA = aExt && owned[ia] ? a : new long[2 * half];
    long[] outB = bExt && owned[ib] ? b : new long[2 * half];
    long r0 = r.c0();
    long r1 = r.c1();
    long[] balanced = foldConstants(r0, r1);
    int chunks = par.chunks(q, GRAIN);
    long[][] partial = new long[chunks][4];
    boolean simd = Simd.enabled() && aExt && bExt;
    long[] rw = simd ? pairFoldWeights(r1) : null;
    par.forChunks(
        q,
        GRAIN,
        (chunk, from, to) -> {
          long[] acc = new long[24]; // LimbSum words of z00 z11 z01 t00 t11 t01
          int start = from;
          if (simd) { // whole vectors of positions on the vector kernels, the rest below
            long[] sums = new long[SimdKernels.pairSumsWidth()];
            start = to - (to - from) % SimdKernels.pairStep();
            SimdKernels.pairFoldRound(
                a, b, outA, outB, from, start, half, q, r0, rw, sums, new long[SimdKernels.pairScratchWidth()]);
            SimdKernels.flushPairSums(sums, acc);
          }
          for (int j = start; j < to; j++) {
            // fold: positions j (next lo) and j + q (next hi) of both tables
            int lo = j;
            int hi = j + q;
            foldPair(a, aExt, lo, hi, half, r0, r1, balanced, outA);
            foldPair(b, bExt, lo, hi, half, r0, r1, balanced, outB);
            long al0 = outA[2 * lo];
            long al1 = outA[2 * lo + 1];
            long ah0 = outA[2 * hi];
            long ah1 = outA[2 * hi + 1];
            long bl0 = outB[2 * lo];
            long bl1 = outB[2 * lo + 1];
            long bh0 = outB[2 * hi];
            long bh1 = outB[2 * hi + 1];
            // next round at 0: lo·lo; at ∞: (hi − lo)·(hi − lo)
            LimbSum.addProduct(acc, 0, al0, bl0);
            LimbSum.addProduct(acc, 4, al1, bl1);
            LimbSum.addProduct(acc, 8, al0, bl1);
            LimbSum.addProduct(acc, 8, al1, bl0);
            long a20 = Goldilocks.sub(ah0, al0);
            long a21 = Goldilocks.sub(ah1, al1);
            long b20 = Goldilocks.sub(bh0, bl0);
            long b21 = Goldilocks.sub(bh1, bl1);
            LimbSum.addProduct(acc, 12, a20, b20);
            LimbSum.addProduct(acc, 16, a21, b21);
            LimbSum.addProduct(acc, 20, a20, b21);
            LimbSum.addProduct(acc, 20, a21, b20);
          }
          long[] out = partial[chunk];
          out[0] = Goldilocks.add(LimbSum.reduce(acc, 0), Ext2.mulW(LimbSum.reduce(acc, 4)));
          out[1] = LimbSum.reduce(acc, 8);
          out[2] = Goldilocks.add(LimbSum.reduce(acc, 12), Ext2.mulW(LimbSum.reduce(acc, 16)));
          out[3] = LimbSum.reduce(acc, 20);
        });
    tables[ia] = outA;
    tables[ib] = outB;
    ext[ia] = ext[ib] = true;
    owned[ia] = owned[ib] = true;
    for (int k = 0; k < tables.length; k++) {
      if (k != ia && k != ib) { // multilinears in the pool that the product does not use
        tables[k] = fold(tables[k], ext[k], owned[k], half, r, par);
        ext[k] = true;
        owned[k] = true;
      }
    }
    long[] total = new long[4];
    for (long[] p : partial) {
      for (int i = 0; i < 4; i++) {
        total[i] = Goldilocks.add(total[i], p[i]);
      }
    }
    Ext2 c = shape.coefficientsUnsafe()[0];
    return new Ext2[] {
      c.mul(new Ext2(total[0], total[1])), Ext2.ZERO, c.mul(new Ext2(total[2], total[3]))
    };
  }

  /**
   * Binds x_1 := r at positions lo and hi of a base or extension table (hi − lo entries apart in the
   * output, {@code half} apart in the input), writing both extension results to out.
   */
  private static void foldPair(long[] t, boolean isExt, int lo, int hi, int half, long r0, long r1,
      long[] balanced, long[] out) {
    if (isExt) {
      foldExt(t, lo, half, balanced[0], balanced[1], balanced[2], out);
      foldExt(t, hi, half, balanced[0], balanced[1], balanced[2], out);
    } else {
      foldBase(t, lo, half, r0, r1, out);
      foldBase(t, hi, half, r0, r1, out);
    }
  }

  /** out[2j], out[2j + 1] := lo + r·(hi − lo) at base position j (hi at j + half). */
  private static void foldBase(long[] t, int j, int half, long r0, long r1, long[] out) {
    long d = Goldilocks.sub(t[j + half], t[j]);
    out[2 * j] = Goldilocks.add(t[j], Goldilocks.mul(r0, d));
    out[2 * j + 1] = Goldilocks.mul(r1, d);
  }

  /** The lanes (7r1, r1, 7r1, r1, ...) of {@link SimdKernels#pairFoldRound}, canonical. */
  private static long[] pairFoldWeights(long r1) {
    long[] rw = new long[2 * SimdKernels.pairStep()];
    for (int i = 0; i < rw.length; i += 2) {
      rw[i] = Ext2.mulW(r1);
      rw[i + 1] = r1;
    }
    return rw;
  }

  /** The constants of {@link #foldExt} for r = r0 + r1·X: r0, r1 and 7r1 in balanced form. */
  private static long[] foldConstants(long r0, long r1) {
    return new long[] {LimbSum.balanced(r0), LimbSum.balanced(r1), LimbSum.balanced(Ext2.mulW(r1))};
  }

  /**
   * out[2j], out[2j + 1] := lo + r·(hi − lo) at extension position j (hi at j + half): c0 = lo0 +
   * r0·d0 + 7r1·d1, c1 = lo1 + r0·d1 + r1·d0, each reduced once ({@link LimbSum#addTwoSigned}); the
   * constants b0 = r0, b1 = r1, b1w = 7r1 come in balanced form. Reads before it writes, so out may
   * be t.
   */
  private static void foldExt(long[] t, int j, int half, long b0, long b1, long b1w, long[] out) {
    long lo0 = t[2 * j];
    long lo1 = t[2 * j + 1];
    long d0 = LimbSum.balanced(Goldilocks.sub(t[2 * (j + half)], lo0));
    long d1 = LimbSum.balanced(Goldilocks.sub(t[2 * (j + half) + 1], lo1));
    out[2 * j] = LimbSum.addTwoSigned(lo0, d0, b0, d1, b1w);
    out[2 * j + 1] = LimbSum.addTwoSigned(lo1, d1, b0, d0, b1);
  }

  // ---------------------------------------------------------------- general statements

  /** Round polynomial at 0..d of a general statement (t = 1 skipped after the first round). */
  private static Ext2[] genericRound(
      ProductShape shape, long[][] tables, boolean[] ext, int half, int d, boolean first, Parallel par) {
    int[][] factors = shape.factorsUnsafe();
    int terms = factors.length;
    int m = tables.length;
    int chunks = par.chunks(half, GRAIN);
    long[][] partial = new long[chunks][terms * (d + 1) * 2];
    par.forChunks(
        half,
        GRAIN,
        (chunk, from, to) -> {
          long[] acc = partial[chunk];
          long[] vals = new long[m * (d + 1) * 2];
          long[] prod = new long[2];
          for (int j = from; j < to; j++) {
            for (int k = 0; k < m; k++) {
              long[] tk = tables[k];
              long lo0, lo1, hi0, hi1;
              if (ext[k]) {
                lo0 = tk[2 * j];
                lo1 = tk[2 * j + 1];
                hi0 = tk[2 * (j + half)];
                hi1 = tk[2 * (j + half) + 1];
              } else {
                lo0 = tk[j];
                lo1 = 0;
                hi0 = tk[j + half];
                hi1 = 0;
              }
              long d0 = Goldilocks.sub(hi0, lo0);
              long d1 = Goldilocks.sub(hi1, lo1);
              int base = k * (d + 1) * 2;
              vals[base] = lo0;
              vals[base + 1] = lo1;
              for (int t = 1; t <= d; t++) {
                vals[base + 2 * t] = Goldilocks.add(vals[base + 2 * t - 2], d0);
                vals[base + 2 * t + 1] = Goldilocks.add(vals[base + 2 * t - 1], d1);
              }
            }
            for (int term = 0; term < terms; term++) {
              int[] fs = factors[term];
              for (int t = 0; t <= d; t++) {
                if (t == 1 && !first) {
                  continue;
                }
                int at = fs[0] * (d + 1) * 2 + 2 * t;
                long p0 = vals[at];
                long p1 = vals[at + 1];
                for (int q = 1; q < fs.length; q++) {
                  int bt = fs[q] * (d + 1) * 2 + 2 * t;
                  Ext2.mulInto(p0, p1, vals[bt], vals[bt + 1], prod, 0);
                  p0 = prod[0];
                  p1 = prod[1];
                }
                int o = (term * (d + 1) + t) * 2;
                acc[o] = Goldilocks.add(acc[o], p0);
                acc[o + 1] = Goldilocks.add(acc[o + 1], p1);
              }
            }
          }
        });
    Ext2[] coefficients = shape.coefficientsUnsafe();
    Ext2[] s = new Ext2[d + 1];
    for (int t = 0; t <= d; t++) {
      Ext2 total = Ext2.ZERO;
      for (int term = 0; term < terms; term++) {
        long c0 = 0;
        long c1 = 0;
        for (long[] p : partial) {
          int o = (term * (d + 1) + t) * 2;
          c0 = Goldilocks.add(c0, p[o]);
          c1 = Goldilocks.add(c1, p[o + 1]);
        }
        total = total.add(coefficients[term].mul(new Ext2(c0, c1)));
      }
      s[t] = total;
    }
    return s;
  }

  // ---------------------------------------------------------------- folding

  /**
   * Binds the first variable of a table to r: f'(j) = lo + r·(hi − lo). A base table becomes a
   * fresh extension table; an extension table the prover owns is folded in place (output j only
   * reads inputs j and j + half, and j &lt; half, so chunks never race).
   */
  private static long[] fold(long[] table, boolean ext, boolean owned, int half, Ext2 r, Parallel par) {
    long r0 = r.c0();
    long r1 = r.c1();
    long[] out = ext && owned ? table : new long[2 * half];
    par.forChunks(
        half,
        GRAIN,
        (chunk, from, to) -> {
          if (!ext) {
            for (int j = from; j < to; j++) {
              long lo = table[j];
              long diff = Goldilocks.sub(table[j + half], lo);
              out[2 * j] = Goldilocks.add(lo, Goldilocks.mul(r0, diff));
              out[2 * j + 1] = Goldilocks.mul(r1, diff);
            }
          } else {
            long[] balanced = foldConstants(r0, r1);
            for (int j = from; j < to; j++) {
              foldExt(table, j, half, balanced[0], balanced[1], balanced[2], out);
            }
          }
        });
    return out;
  }
}
