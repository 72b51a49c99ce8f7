package io.deepprove.sumcheck;

import io.deepprove.core.field.Goldilocks;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sum-check prover's inner loops on the JDK's Vector API (the incubator module
 * jdk.incubator.vector), used only when that module is resolved ({@link Simd#enabled}): this class
 * is never loaded otherwise. Every kernel takes and returns plain {@code long[]} data, so callers
 * need no vector types.
 *
 * <p>A 64×64 → 128-bit product is four 32×32 → 64-bit lane products (vpmuludq on x86, which C2
 * emits for a multiplication of lanes whose upper halves are known zero from JDK 24 on), and sums
 * of products are kept as four sums of 32-bit limbs with weights 2^0, 2^32, 2^64 and 2^96 (at most
 * three limbs per product in one sum, so exact for fewer than 2^29 products per lane, far more than
 * a table of at most 2^31 entries gives). They are handed back as {@link LimbSum} words.
 *
 * <p>The limb product is written out in each kernel rather than shared: a helper taking or
 * returning vectors is boxed wherever C2 does not inline it (one such helper made the fold 5×
 * slower), and accumulating {@link #dot} through {@link #product}'s array sums made the grid pass
 * 25% slower. Helpers here take arrays.
 */
final class SimdKernels {
  private static final VectorSpecies<Long> S = LongVector.SPECIES_PREFERRED;
  private static final int LANES = S.length();
  private static final long LOW32 = 0xFFFF_FFFFL;
  private static final long EPSILON = 0xFFFF_FFFFL; // 2^64 mod p
  private static final long P = Goldilocks.P;
  /** Where fold8 keeps its limb sums in the scratch array, after the eight vectors of results. */
  private static final int LIMBS = 8 * LANES;

  private SimdKernels() {}

  /**
   * Whether {@link #sub} and {@link #dot} agree with the scalar field operations on a few values
   * where carries and borrows happen (the test {@link Simd} runs before switching the kernels on).
   */
  static boolean selfCheck() {
    long[] x = {P - 1, 1, 1L << 32, 0, Long.MIN_VALUE, P - 2, EPSILON, 3, P - 1};
    long[] y = {1, P - 1, P - 1, 7, P - 1, (1L << 32) + 1, P - 1, 0, P - 1};
    long[] diff = new long[x.length];
    sub(x, 0, y, 0, diff, 0, x.length);
    long[] lanes = new long[sumWidth()];
    dot(x, 0, y, 0, x.length, lanes, 0);
    long[] acc = new long[4];
    flush(lanes, 0, acc, 0);
    long expected = 0;
    for (int i = 0; i < x.length; i++) {
      if (diff[i] != Goldilocks.sub(x[i], y[i])) {
        return false;
      }
      expected = Goldilocks.add(expected, Goldilocks.mul(x[i], y[i]));
    }
    return LimbSum.reduce(acc, 0) == expected;
  }

  /** out[oo + i] := x[xo + i] − y[yo + i] mod p for i < len, all canonical. */
  static void sub(long[] x, int xo, long[] y, int yo, long[] out, int oo, int len) {
    int i = 0;
    for (int end = S.loopBound(len); i < end; i += LANES) {
      LongVector a = LongVector.fromArray(S, x, xo + i);
      LongVector b = LongVector.fromArray(S, y, yo + i);
      sub(a, b).intoArray(out, oo + i);
    }
    for (; i < len; i++) {
      out[oo + i] = Goldilocks.sub(x[xo + i], y[yo + i]);
    }
  }

  /**
   * a − b mod p lane-wise: the wrapped difference, less 2^64 mod p where it borrowed (a &lt; b
   * unsigned, compared signed with both sign bits flipped: the unsigned comparison's name changed
   * between JDK 17 and 25).
   */
  private static LongVector sub(LongVector a, LongVector b) {
    return a.sub(b).sub(EPSILON, unsignedLess(a, b));
  }

  /** Longs of a lane-wise sum: four limb vectors ({@link #dot}, {@link #flush}). */
  static int sumWidth() {
    return 4 * LANES;
  }

  /**
   * Adds Σ_{i &lt; len} x[xo + i]·y[yo + i] (unsigned words) to the lane-wise limb sums at
   * lanes[at..at + {@link #sumWidth}), which {@link #flush} moves into LimbSum words: the
   * horizontal additions happen once per sum, not once per call.
   */
  static void dot(long[] x, int xo, long[] y, int yo, int len, long[] lanes, int at) {
    LongVector s0 = LongVector.fromArray(S, lanes, at);
    LongVector s1 = LongVector.fromArray(S, lanes, at + LANES);
    LongVector s2 = LongVector.fromArray(S, lanes, at + 2 * LANES);
    LongVector s3 = LongVector.fromArray(S, lanes, at + 3 * LANES);
    int i = 0;
    for (int end = S.loopBound(len); i < end; i += LANES) {
      LongVector a = LongVector.fromArray(S, x, xo + i);
      LongVector b = LongVector.fromArray(S, y, yo + i);
      LongVector al = a.and(LOW32);
      LongVector ah = a.lanewise(VectorOperators.LSHR, 32);
      LongVector bl = b.and(LOW32);
      LongVector bh = b.lanewise(VectorOperators.LSHR, 32);
      LongVector ll = al.mul(bl);
      LongVector lh = al.mul(bh);
      LongVector hl = ah.mul(bl);
      LongVector hh = ah.mul(bh);
      s0 = s0.add(ll.and(LOW32));
      s1 = s1.add(ll.lanewise(VectorOperators.LSHR, 32).add(lh.and(LOW32)).add(hl.and(LOW32)));
      s2 = s2.add(lh.lanewise(VectorOperators.LSHR, 32)
          .add(hl.lanewise(VectorOperators.LSHR, 32))
          .add(hh.and(LOW32)));
      s3 = s3.add(hh.lanewise(VectorOperators.LSHR, 32));
    }
    s0.intoArray(lanes, at);
    s1.intoArray(lanes, at + LANES);
    s2.intoArray(lanes, at + 2 * LANES);
    s3.intoArray(lanes, at + 3 * LANES);
    for (; i < len; i++) { // the tail, into lane 0 with the same limbs
      long u = x[xo + i];
      long v = y[yo + i];
      long ll = (u & LOW32) * (v & LOW32);
      long lh = (u & LOW32) * (v >>> 32);
      long hl = (u >>> 32) * (v & LOW32);
      long hh = (u >>> 32) * (v >>> 32);
      lanes[at] += ll & LOW32;
      lanes[at + LANES] += (ll >>> 32) + (lh & LOW32) + (hl & LOW32);
      lanes[at + 2 * LANES] += (lh >>> 32) + (hl >>> 32) + (hh & LOW32);
      lanes[at + 3 * LANES] += hh >>> 32;
    }
  }

  /** Adds the lane-wise limb sums at lanes[at..] to the LimbSum words at acc[accAt..] and clears them. */
  static void flush(long[] lanes, int at, long[] acc, int accAt) {
    flush(lanes, at, 0, 1, acc, accAt);
  }

  /**
   * Adds lanes first, first + step, ... of the lane-wise limb sums at lanes[at..] to the LimbSum
   * words at acc[accAt..] and clears those lanes.
   */
  static void flush(long[] lanes, int at, int first, int step, long[] acc, int accAt) {
    long[] v = new long[4];
    for (int limb = 0; limb < 4; limb++) {
      int from = at + limb * LANES;
      for (int i = first; i < LANES; i += step) {
        v[limb] += lanes[from + i];
        lanes[from + i] = 0;
      }
    }
    addLimbs(acc, accAt, v[0], v[1], v[2], v[3]);
  }

  /**
   * Adds the value v0 + v1·2^32 + v2·2^64 + v3·2^96 (each v a sum of 32-bit limbs) to the LimbSum
   * words at acc[at..]: its words are (low word, upper-half sum, high word, upper-half sum) of
   * that same value.
   */
  static void addLimbs(long[] acc, int at, long v0, long v1, long v2, long v3) {
    acc[at] += v0 + (v1 << 32);
    acc[at + 1] += v1;
    acc[at + 2] += v2 + (v3 << 32);
    acc[at + 3] += v3;
  }

  // ---------------------------------------------------------------- three variables bound at once

  /**
   * Binds the first three variables of the rows of a {@link SmallValueRounds#foldAndRound} block
   * to eq's weights and accumulates the next round's products, for block positions k ∈ [0, end)
   * with end a multiple of {@link #lanes}: bufA (and bufB unless {@code same}) hold rows x (lo)
   * and 8 + x (hi) of {@code block} entries each; w holds eq's weights, canonical, c0 at 2x and c1
   * at 2x + 1; the bound values of block position k go to out[2(j0 + k)] (lo) and out[2(j0 + k +
   * q)] (hi), both coordinates. The
   * products lo·lo and (hi − lo)·(hi − lo) are added, per coordinate pair (00, 11, 01), to six
   * lane-wise sums at sums[0..6·{@link #sumWidth}) ({@link #flush} each at the end); scratch holds
   * {@link #foldScratchWidth} longs.
   */
  static void foldAndRoundBlock(long[] bufA, long[] bufB, boolean same, int block, int end, long[] w,
      long[] outA, long[] outB, int j0, int q, long[] sums, long[] scratch) {
    long[] t = scratch; // per k-group: A lo, A hi, B lo, B hi, each c0 lanes then c1 lanes
    for (int k = 0; k < end; k += LANES) {
      fold8(bufA, k, block, w, t, 0);
      fold8(bufA, 8 * block + k, block, w, t, 2 * LANES);
      if (!same) {
        fold8(bufB, k, block, w, t, 4 * LANES);
        fold8(bufB, 8 * block + k, block, w, t, 6 * LANES);
      } else {
        System.arraycopy(t, 0, t, 4 * LANES, 4 * LANES);
      }
      int lo = j0 + k;
      for (int i = 0; i < LANES; i++) {
        outA[2 * (lo + i)] = t[i];
        outA[2 * (lo + i) + 1] = t[LANES + i];
        outA[2 * (lo + q + i)] = t[2 * LANES + i];
        outA[2 * (lo + q + i) + 1] = t[3 * LANES + i];
      }
      if (!same) {
        for (int i = 0; i < LANES; i++) {
          outB[2 * (lo + i)] = t[4 * LANES + i];
          outB[2 * (lo + i) + 1] = t[5 * LANES + i];
          outB[2 * (lo + q + i)] = t[6 * LANES + i];
          outB[2 * (lo + q + i) + 1] = t[7 * LANES + i];
        }
      }
      // hi − lo in place of hi; then the products from the array (C2 does not inline
      // product() at every call, and a vector argument of a call that is not inlined is boxed)
      for (int part = 2; part < 8; part += 4) {
        for (int c = 0; c < 2; c++) {
          int hi = (part + c) * LANES;
          int lo2 = (part - 2 + c) * LANES;
          sub(LongVector.fromArray(S, t, hi), LongVector.fromArray(S, t, lo2)).intoArray(t, hi);
        }
      }
      int width = sumWidth();
      product(t, 0, t, 4 * LANES, sums, 0); // a_lo0·b_lo0
      product(t, LANES, t, 5 * LANES, sums, width); // a_lo1·b_lo1
      product(t, 0, t, 5 * LANES, sums, 2 * width); // a_lo0·b_lo1
      product(t, LANES, t, 4 * LANES, sums, 2 * width); // a_lo1·b_lo0
      product(t, 2 * LANES, t, 6 * LANES, sums, 3 * width); // the same for hi − lo
      product(t, 3 * LANES, t, 7 * LANES, sums, 4 * width);
      product(t, 2 * LANES, t, 7 * LANES, sums, 5 * width);
      product(t, 3 * LANES, t, 6 * LANES, sums, 5 * width);
    }
  }

  /** Longs of the scratch array of {@link #foldAndRoundBlock}. */
  static int foldScratchWidth() {
    return 16 * LANES;
  }

  /** Lanes per vector: block lengths handed to {@link #foldAndRoundBlock} are cut to a multiple. */
  static int lanes() {
    return LANES;
  }

  /**
   * Σ_x w_x·buf[at + x·block + i] for the lanes i, both coordinates of the weights, reduced: c0
   * lanes to t[to..], c1 lanes to t[to + LANES..]; t[LIMBS..LIMBS + 8·LANES) is its scratch.
   */
  private static void fold8(long[] buf, int at, int block, long[] w, long[] t, int to) {
    LongVector c0 = LongVector.zero(S);
    LongVector c1 = c0;
    LongVector c2 = c0;
    LongVector c3 = c0;
    LongVector d0 = c0;
    LongVector d1 = c0;
    LongVector d2 = c0;
    LongVector d3 = c0;
    for (int x = 0; x < 8; x++) {
      LongVector v = LongVector.fromArray(S, buf, at + x * block);
      LongVector vl = v.and(LOW32);
      LongVector vh = v.lanewise(VectorOperators.LSHR, 32);
      // the weights' halves masked and shifted as vectors, so that C2 sees 32-bit lanes
      LongVector e = LongVector.broadcast(S, w[2 * x]);
      LongVector el = e.and(LOW32);
      LongVector eh = e.lanewise(VectorOperators.LSHR, 32);
      LongVector ll = vl.mul(el);
      LongVector lh = vl.mul(eh);
      LongVector hl = vh.mul(el);
      LongVector hh = vh.mul(eh);
      c0 = c0.add(ll.and(LOW32));
      c1 = c1.add(ll.lanewise(VectorOperators.LSHR, 32).add(lh.and(LOW32)).add(hl.and(LOW32)));
      c2 = c2.add(lh.lanewise(VectorOperators.LSHR, 32)
          .add(hl.lanewise(VectorOperators.LSHR, 32))
          .add(hh.and(LOW32)));
      c3 = c3.add(hh.lanewise(VectorOperators.LSHR, 32));
      e = LongVector.broadcast(S, w[2 * x + 1]);
      el = e.and(LOW32);
      eh = e.lanewise(VectorOperators.LSHR, 32);
      ll = vl.mul(el);
      lh = vl.mul(eh);
      hl = vh.mul(el);
      hh = vh.mul(eh);
      d0 = d0.add(ll.and(LOW32));
      d1 = d1.add(ll.lanewise(VectorOperators.LSHR, 32).add(lh.and(LOW32)).add(hl.and(LOW32)));
      d2 = d2.add(lh.lanewise(VectorOperators.LSHR, 32)
          .add(hl.lanewise(VectorOperators.LSHR, 32))
          .add(hh.and(LOW32)));
      d3 = d3.add(hh.lanewise(VectorOperators.LSHR, 32));
    }
    // the limb sums through an array: C2 does not always inline reduce(), and a vector argument of
    // a call that is not inlined is boxed
    c0.intoArray(t, LIMBS);
    c1.intoArray(t, LIMBS + LANES);
    c2.intoArray(t, LIMBS + 2 * LANES);
    c3.intoArray(t, LIMBS + 3 * LANES);
    d0.intoArray(t, LIMBS + 4 * LANES);
    d1.intoArray(t, LIMBS + 5 * LANES);
    d2.intoArray(t, LIMBS + 6 * LANES);
    d3.intoArray(t, LIMBS + 7 * LANES);
    reduce(t, LIMBS, t, to);
    reduce(t, LIMBS + 4 * LANES, t, to + LANES);
  }

  /**
   * The canonical residues of v0 + v1·2^32 + v2·2^64 + v3·2^96 lane-wise, for the limb-sum vectors
   * v0..v3 at in[at..] (each below 2^62), to out[to..]: carry into 32-bit limbs t0..t2 and a top
   * t3, then 2^64 ≡ 2^32 − 1 and 2^96 ≡ −1 leave (t0 + t1·2^32) + t2·(2^32 − 1) − t3.
   */
  private static void reduce(long[] in, int at, long[] out, int to) {
    LongVector v0 = LongVector.fromArray(S, in, at);
    LongVector v1 = LongVector.fromArray(S, in, at + LANES);
    LongVector v2 = LongVector.fromArray(S, in, at + 2 * LANES);
    LongVector v3 = LongVector.fromArray(S, in, at + 3 * LANES);
    LongVector s1 = v1.add(v0.lanewise(VectorOperators.LSHR, 32));
    LongVector s2 = v2.add(s1.lanewise(VectorOperators.LSHR, 32));
    LongVector t3 = v3.add(s2.lanewise(VectorOperators.LSHR, 32));
    LongVector low = v0.and(LOW32).or(s1.lanewise(VectorOperators.LSHL, 32));
    LongVector t2 = s2.and(LOW32);
    LongVector mid = t2.lanewise(VectorOperators.LSHL, 32).sub(t2); // t2·(2^32 − 1), no multiply
    LongVector sum = low.add(mid);
    sum = sum.add(EPSILON, unsignedLess(sum, mid)); // a carry out is 2^64 ≡ 2^32 − 1
    LongVector diff = sum.sub(t3);
    diff = diff.sub(EPSILON, unsignedLess(sum, t3)); // a borrow is −2^64
    diff.sub(P, unsignedLess(diff, LongVector.broadcast(S, P)).not()).intoArray(out, to);
  }

  private static VectorMask<Long> unsignedLess(LongVector a, LongVector b) {
    return a.lanewise(VectorOperators.XOR, Long.MIN_VALUE)
        .compare(VectorOperators.LT, b.lanewise(VectorOperators.XOR, Long.MIN_VALUE));
  }

  // ---------------------------------------------------------------- extension tables, one variable

  /** Swaps the coordinates of each extension value: lanes (c0, c1) → (c1, c0). */
  private static final VectorShuffle<Long> SWAP = VectorShuffle.fromOp(S, i -> i ^ 1);

  /** Positions j of {@link #pairFoldRound} per step: one vector holds LANES / 2 extension values. */
  static int pairStep() {
    return LANES / 2;
  }

  /** Longs of the lane-wise sums of {@link #pairFoldRound}: four sums. */
  static int pairSumsWidth() {
    return 4 * sumWidth();
  }

  /**
   * Moves {@link #pairFoldRound}'s lane-wise sums into six LimbSum words at acc[0..24): Σ lo0·lo0,
   * Σ lo1·lo1, Σ (lo0·lo1 + lo1·lo0), then the same for hi − lo (c0 lanes are the even ones).
   */
  static void flushPairSums(long[] sums, long[] acc) {
    int w = sumWidth();
    flush(sums, 0, 0, 2, acc, 0);
    flush(sums, 0, 1, 2, acc, 4);
    flush(sums, w, acc, 8);
    flush(sums, 2 * w, 0, 2, acc, 12);
    flush(sums, 2 * w, 1, 2, acc, 16);
    flush(sums, 3 * w, acc, 20);
  }

  /**
   * Positions j per block of {@link #pairFoldRound}: each kernel runs over a block at a time, so
   * that the limb sums, the bound values and the differences of a block stay in L1.
   */
  private static final int PAIR_BLOCK = 64;

  /** Longs of the scratch array of {@link #pairFoldRound}: four runs of limb sums, two differences. */
  static int pairScratchWidth() {
    return 4 * 8 * PAIR_BLOCK + 2 * 2 * PAIR_BLOCK;
  }

  /**
   * The vector form of the fused fold and round of two extension tables (interleaved c0, c1) for
   * positions j ∈ [from, end), end − from a multiple of {@link #pairStep}: binds x_1 := r (rw =
   * the lanes (7r1, r1, ...)) at output positions j and j + q of both tables from inputs j, j +
   * half, j + q, j + q + half, and adds the next round's products to lane-wise sums (at
   * multiples of {@link #sumWidth} in sums): lo·lo coordinate-wise (c0 lanes: Σa0b0, c1 lanes:
   * Σa1b1), lo·swap(lo) (Σ a0b1 + a1b0 over all lanes), and the same for hi − lo. Reads the
   * inputs of a block before writing its outputs, so out may be the input.
   *
   * <p>Block by block, one kernel per step (fold, reduce, subtract, four dot products), each a loop
   * with its constants and sums in registers: per position this ran 30% faster (JDK 25) than
   * calling one kernel per step for each of the fourteen steps' pieces.
   */
  static void pairFoldRound(long[] a, long[] b, long[] outA, long[] outB, int from, int end, int half,
      int q, long r0, long[] rw, long[] sums, long[] scratch) {
    int w = sumWidth();
    int da = 4 * 8 * PAIR_BLOCK; // the differences hi − lo of both tables, after the limb sums
    int db = da + 2 * PAIR_BLOCK;
    for (int j0 = from; j0 < end; j0 += PAIR_BLOCK) {
      int n = 2 * Math.min(PAIR_BLOCK, end - j0); // longs per run, a multiple of LANES
      foldRuns(a, b, j0, half, q, n, r0, rw, scratch);
      reduceRuns(scratch, outA, outB, j0, q, n);
      sub(outA, 2 * (j0 + q), outA, 2 * j0, scratch, da, n);
      sub(outB, 2 * (j0 + q), outB, 2 * j0, scratch, db, n);
      dot(outA, 2 * j0, outB, 2 * j0, n, sums, 0);
      dotSwapped(outA, 2 * j0, outB, 2 * j0, n, sums, w);
      dot(scratch, da, scratch, db, n, sums, 2 * w);
      dotSwapped(scratch, da, scratch, db, n, sums, 3 * w);
    }
  }

  /**
   * The unreduced limb sums of lo + r·(hi − lo) for the four runs of a {@link #pairFoldRound}
   * block (a at j0, a at j0 + q, b at j0, b at j0 + q; n longs each) to limbs[8·PAIR_BLOCK·run..],
   * four limb vectors per vector of values: per lane the two products r0·d and (7r1 or r1)·swap(d).
   */
  private static void foldRuns(long[] a, long[] b, int j0, int half, int q, int n, long r0, long[] rw,
      long[] limbs) {
    LongVector c = LongVector.broadcast(S, r0);
    LongVector cl = c.and(LOW32);
    LongVector ch = c.lanewise(VectorOperators.LSHR, 32);
    LongVector e = LongVector.fromArray(S, rw, 0);
    LongVector el = e.and(LOW32);
    LongVector eh = e.lanewise(VectorOperators.LSHR, 32);
    for (int run = 0; run < 4; run++) {
      long[] t = run < 2 ? a : b;
      int lo = 2 * (j0 + (run & 1) * q);
      int hi = lo + 2 * half;
      for (int i = 0; i < n; i += LANES) {
        LongVector l = LongVector.fromArray(S, t, lo + i);
        LongVector d = sub(LongVector.fromArray(S, t, hi + i), l);
        LongVector ds = d.rearrange(SWAP);
        LongVector dl = d.and(LOW32);
        LongVector dh = d.lanewise(VectorOperators.LSHR, 32);
        LongVector sl = ds.and(LOW32);
        LongVector sh = ds.lanewise(VectorOperators.LSHR, 32);
        LongVector ll = dl.mul(cl);
        LongVector lh = dl.mul(ch);
        LongVector hl = dh.mul(cl);
        LongVector hh = dh.mul(ch);
        LongVector ll2 = sl.mul(el);
        LongVector lh2 = sl.mul(eh);
        LongVector hl2 = sh.mul(el);
        LongVector hh2 = sh.mul(eh);
        int o = run * 8 * PAIR_BLOCK + 4 * i;
        l.and(LOW32).add(ll.and(LOW32)).add(ll2.and(LOW32)).intoArray(limbs, o);
        l.lanewise(VectorOperators.LSHR, 32)
            .add(ll.lanewise(VectorOperators.LSHR, 32))
            .add(lh.and(LOW32))
            .add(hl.and(LOW32))
            .add(ll2.lanewise(VectorOperators.LSHR, 32))
            .add(lh2.and(LOW32))
            .add(hl2.and(LOW32))
            .intoArray(limbs, o + LANES);
        lh.lanewise(VectorOperators.LSHR, 32)
            .add(hl.lanewise(VectorOperators.LSHR, 32))
            .add(hh.and(LOW32))
            .add(lh2.lanewise(VectorOperators.LSHR, 32))
            .add(hl2.lanewise(VectorOperators.LSHR, 32))
            .add(hh2.and(LOW32))
            .intoArray(limbs, o + 2 * LANES);
        hh.lanewise(VectorOperators.LSHR, 32)
            .add(hh2.lanewise(VectorOperators.LSHR, 32))
            .intoArray(limbs, o + 3 * LANES);
      }
    }
  }

  /**
   * {@link #dot} with the coordinates of each extension value in y swapped: adds Σ x[xo + i]·y[yo +
   * (i ^ 1)] for len a multiple of the lanes. A copy of dot's loop rather than a flag on it: the flag
   * made the grid pass, dot's main user, 10-20% slower.
   */
  private static void dotSwapped(long[] x, int xo, long[] y, int yo, int len, long[] lanes, int at) {
    LongVector s0 = LongVector.fromArray(S, lanes, at);
    LongVector s1 = LongVector.fromArray(S, lanes, at + LANES);
    LongVector s2 = LongVector.fromArray(S, lanes, at + 2 * LANES);
    LongVector s3 = LongVector.fromArray(S, lanes, at + 3 * LANES);
    for (int i = 0; i < len; i += LANES) {
      LongVector a = LongVector.fromArray(S, x, xo + i);
      LongVector b = LongVector.fromArray(S, y, yo + i).rearrange(SWAP);
      LongVector al = a.and(LOW32);
      LongVector ah = a.lanewise(VectorOperators.LSHR, 32);
      LongVector bl = b.and(LOW32);
      LongVector bh = b.lanewise(VectorOperators.LSHR, 32);
      LongVector ll = al.mul(bl);
      LongVector lh = al.mul(bh);
      LongVector hl = ah.mul(bl);
      LongVector hh = ah.mul(bh);
      s0 = s0.add(ll.and(LOW32));
      s1 = s1.add(ll.lanewise(VectorOperators.LSHR, 32).add(lh.and(LOW32)).add(hl.and(LOW32)));
      s2 = s2.add(lh.lanewise(VectorOperators.LSHR, 32)
          .add(hl.lanewise(VectorOperators.LSHR, 32))
          .add(hh.and(LOW32)));
      s3 = s3.add(hh.lanewise(VectorOperators.LSHR, 32));
    }
    s0.intoArray(lanes, at);
    s1.intoArray(lanes, at + LANES);
    s2.intoArray(lanes, at + 2 * LANES);
    s3.intoArray(lanes, at + 3 * LANES);
  }

  /** Reduces the four runs of {@link #foldRuns} into the tables: a run's values at 2(j0 + (0 or q)). */
  private static void reduceRuns(long[] limbs, long[] outA, long[] outB, int j0, int q, int n) {
    for (int run = 0; run < 4; run++) {
      long[] out = run < 2 ? outA : outB;
      int to = 2 * (j0 + (run & 1) * q);
      int at = run * 8 * PAIR_BLOCK;
      for (int i = 0; i < n; i += LANES) {
        reduce(limbs, at + 4 * i, out, to + i);
      }
    }
  }

  /**
   * sums[at..] (four limb vectors) += the limbs of x·y lane-wise, for the unsigned words at x[xo..]
   * and y[yo..].
   */
  private static void product(long[] x, int xo, long[] y, int yo, long[] sums, int at) {
    LongVector a = LongVector.fromArray(S, x, xo);
    LongVector b = LongVector.fromArray(S, y, yo);
    LongVector al = a.and(LOW32);
    LongVector ah = a.lanewise(VectorOperators.LSHR, 32);
    LongVector bl = b.and(LOW32);
    LongVector bh = b.lanewise(VectorOperators.LSHR, 32);
    LongVector ll = al.mul(bl);
    LongVector lh = al.mul(bh);
    LongVector hl = ah.mul(bl);
    LongVector hh = ah.mul(bh);
    LongVector.fromArray(S, sums, at).add(ll.and(LOW32)).intoArray(sums, at);
    LongVector.fromArray(S, sums, at + LANES)
        .add(ll.lanewise(VectorOperators.LSHR, 32))
        .add(lh.and(LOW32))
        .add(hl.and(LOW32))
        .intoArray(sums, at + LANES);
    LongVector.fromArray(S, sums, at + 2 * LANES)
        .add(lh.lanewise(VectorOperators.LSHR, 32))
        .add(hl.lanewise(VectorOperators.LSHR, 32))
        .add(hh.and(LOW32))
        .intoArray(sums, at + 2 * LANES);
    LongVector.fromArray(S, sums, at + 3 * LANES)
        .add(hh.lanewise(VectorOperators.LSHR, 32))
        .intoArray(sums, at + 3 * LANES);
  }
}
