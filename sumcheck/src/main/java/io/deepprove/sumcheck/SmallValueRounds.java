package io.deepprove.sumcheck;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.parallel.Parallel;

/**
 * The first {@link #ROUNDS} rounds of c·f_a·f_b on base-field tables, computed from the base values
 * alone: the small-value sum-check of Bagad, Dao, Domb and Thaler (ePrint 2024/1210, §4), here for
 * a product of two multilinears.
 *
 * <p>Write a table's index as (x, y) with x ∈ {0,1}^3 the first three variables. Extending each
 * table from {0,1}^3 to the grid {0,1,∞}^3 (∞ the leading coefficient: hi − lo along a
 * variable) gives, for every grid point v, the sum P[v] = Σ_y â(v,y)·b̂(v,y) of base products.
 * The round polynomial of round i at u ∈ {0,1,∞} is then Σ_v L_{v_1}(r_1)···L_{v_i}(r_i)·P[v, u,
 * x] over the earlier points v and the later corners x, with the Lagrange basis of {0,1,∞}:
 * L_0(r) = 1 − r, L_1(r) = r, L_∞(r) = r(r − 1). So one pass of 27 unreduced base products per 8
 * points replaces two folds to the extension and their rounds; the three variables are then bound
 * at once with the eq weights of (r_1, r_2, r_3), in the same pass that evaluates round 4.
 */
final class SmallValueRounds {

  /** Rounds computed from the base values. */
  static final int ROUNDS = 3;

  /** Points of {0,1,∞}^3, index 9·v_1 + 3·v_2 + v_3 with ∞ written 2. */
  private static final int GRID = 27;

  /** Grid index of corner x = 4·x_1 + 2·x_2 + x_3 of {0,1}^3. */
  private static final int[] CORNER = {0, 1, 3, 4, 9, 10, 12, 13};

  /**
   * The ∞ entries of the grid in an order where both operands are ready: entry EXT[3k] is
   * EXT[3k+1] − EXT[3k+2] (the points with that coordinate at 1 and at 0), extending along v_3,
   * then v_2, then v_1.
   */
  private static final int[] EXT = extensionPlan();

  /** Points of y per block of the grid pass, so that the working set of a block stays in L1. */
  private static final int BLOCK = 64;

  /**
   * Points of y per block of the three-variable fold, which reads 32 rows at once (lo and hi of
   * both tables): longer runs per row read memory faster (a 2^22 copy in this pattern took 11.3 ms
   * with blocks of 64 and 4.6 ms with 512), and the fold measured 1 ms faster with 256 than 64;
   * the buffers, 64 KB, stay in L2.
   */
  private static final int FOLD_BLOCK = 256;

  private SmallValueRounds() {}

  private static int[] extensionPlan() {
    int[] plan = new int[3 * (GRID - 8)];
    int k = 0;
    for (int axis = 2; axis >= 0; axis--) { // v_3 first
      int weight = axis == 0 ? 9 : axis == 1 ? 3 : 1;
      for (int g = 0; g < GRID; g++) {
        boolean ready = true; // coordinates on axes not yet extended are corners
        for (int other = 0; other < axis; other++) {
          ready &= digit(g, other) < 2;
        }
        if (digit(g, axis) == 2 && ready) {
          plan[k++] = g;
          plan[k++] = g - weight; // coordinate 1
          plan[k++] = g - 2 * weight; // coordinate 0
        }
      }
    }
    return plan;
  }

  private static int digit(int g, int axis) {
    return axis == 0 ? g / 9 : axis == 1 ? g / 3 % 3 : g % 3;
  }

  /**
   * The 27 sums P[v] for base tables a, b of 2^n entries (n &gt; ROUNDS), canonical: one pass over
   * both tables, in chunks of y.
   */
  static long[] sums(long[] a, long[] b, int n, Parallel par) {
    return sums(a, b, n, par, Simd.enabled());
  }

  /** {@link #sums}, on the vector kernels or the scalar loops. */
  static long[] sums(long[] a, long[] b, int n, Parallel par, boolean simd) {
    int stride = 1 << (n - ROUNDS);
    int chunks = par.chunks(stride, SumcheckProver.GRAIN);
    long[][] partial = new long[chunks][];
    par.forChunks(
        stride,
        SumcheckProver.GRAIN,
        (chunk, from, to) -> partial[chunk] = sumsChunk(a, b, stride, from, to, simd));
    long[] total = new long[GRID];
    for (long[] p : partial) {
      for (int g = 0; g < GRID; g++) {
        total[g] = Goldilocks.add(total[g], p[g]);
      }
    }
    return total;
  }

  private static long[] sumsChunk(long[] a, long[] b, int stride, int from, int to, boolean simd) {
    // e[2·BLOCK·g + k]: â at grid point g, y = y0 + k; b̂ follows at e[2·BLOCK·g + BLOCK + k]
    long[] e = new long[2 * GRID * BLOCK];
    long[] acc = new long[4 * GRID];
    long[] lanes = simd ? new long[GRID * SimdKernels.sumWidth()] : null;
    for (int y0 = from; y0 < to; y0 += BLOCK) {
      int len = Math.min(BLOCK, to - y0);
      // the eight corners lie 2^(n−3) apart and share cache sets: read them one block at a time
      for (int x = 0; x < 8; x++) {
        System.arraycopy(a, x * stride + y0, e, 2 * BLOCK * CORNER[x], len);
        System.arraycopy(b, x * stride + y0, e, 2 * BLOCK * CORNER[x] + BLOCK, len);
      }
      for (int k = 0; k < EXT.length; k += 3) {
        int t = 2 * BLOCK * EXT[k];
        int h = 2 * BLOCK * EXT[k + 1];
        int l = 2 * BLOCK * EXT[k + 2];
        if (simd) {
          // b̂'s row follows â's, so one call covers both (â's entries past len are never read);
          // runs of 2·BLOCK instead of two of BLOCK made the grid pass ≈ 1 ms faster
          SimdKernels.sub(e, h, e, l, e, t, BLOCK + len);
          continue;
        }
        for (int y = 0; y < len; y++) {
          e[t + y] = Goldilocks.sub(e[h + y], e[l + y]);
          e[t + BLOCK + y] = Goldilocks.sub(e[h + BLOCK + y], e[l + BLOCK + y]);
        }
      }
      for (int g = 0; g < GRID; g++) {
        int at = 2 * BLOCK * g;
        if (simd) {
          SimdKernels.dot(e, at, e, at + BLOCK, len, lanes, g * SimdKernels.sumWidth());
          continue;
        }
        long s0 = 0, s1 = 0, s2 = 0, s3 = 0; // the words of a LimbSum
        for (int y = 0; y < len; y++) {
          long u = e[at + y];
          long v = e[at + BLOCK + y];
          long lo = u * v;
          long hi = LimbSum.unsignedMultiplyHigh(u, v);
          s0 += lo;
          s1 += lo >>> 32;
          s2 += hi;
          s3 += hi >>> 32;
        }
        acc[4 * g] += s0;
        acc[4 * g + 1] += s1;
        acc[4 * g + 2] += s2;
        acc[4 * g + 3] += s3;
      }
    }
    long[] out = new long[GRID];
    for (int g = 0; g < GRID; g++) {
      if (simd) {
        SimdKernels.flush(lanes, g * SimdKernels.sumWidth(), acc, 4 * g);
      }
      out[g] = LimbSum.reduce(acc, 4 * g);
    }
    return out;
  }

  /**
   * Round i (0 ≤ i &lt; ROUNDS) of Σ P·(Lagrange weights of point[0..i−1]), without the statement's
   * coefficient: {S(0), S(1), S(∞)}; S(1) only matters in round 0.
   */
  static Ext2[] round(long[] sums, int i, Ext2[] point) {
    Ext2[][] lagrange = new Ext2[i][];
    for (int k = 0; k < i; k++) {
      Ext2 r = point[k];
      lagrange[k] = new Ext2[] {Ext2.ONE.sub(r), r, r.mul(r.sub(Ext2.ONE))};
    }
    Ext2[] s = {Ext2.ZERO, Ext2.ZERO, Ext2.ZERO};
    for (int g = 0; g < GRID; g++) {
      boolean corner = true; // the later coordinates range over {0,1} only
      for (int axis = i + 1; axis < ROUNDS; axis++) {
        corner &= digit(g, axis) < 2;
      }
      if (!corner) {
        continue;
      }
      Ext2 w = Ext2.ONE;
      for (int k = 0; k < i; k++) {
        w = w.mul(lagrange[k][digit(g, k)]);
      }
      int u = digit(g, i);
      s[u] = s[u].add(w.mulBase(sums[g]));
    }
    return s;
  }

  /**
   * Binds the first three variables of base tables a and b to r = point[0..2] (eq weights, 16 base
   * products per extension value, reduced once per coordinate), writes the extension tables of
   * 2^(n−3) entries to outA and outB (outB untouched when {@code same}), and evaluates the next
   * round at 0 and ∞ in the same pass: {S(0), S(∞)} without the coefficient.
   */
  static Ext2[] foldAndRound(
      long[] a, long[] b, boolean same, int n, Ext2[] point, long[] outA, long[] outB, Parallel par) {
    return foldAndRound(a, b, same, n, point, outA, outB, par, Simd.enabled());
  }

  /** {@link #foldAndRound}, on the vector kernels or the scalar loops. */
  static Ext2[] foldAndRound(long[] a, long[] b, boolean same, int n, Ext2[] point, long[] outA,
      long[] outB, Parallel par, boolean simd) {
    int stride = 1 << (n - ROUNDS);
    int q = stride >>> 1;
    long[] w = new long[16]; // eq((r_1, r_2, r_3), x) for x = 0..7: c0 at 2x, c1 at 2x + 1, balanced
    long[] canonical = new long[16]; // the same, canonical (the vector kernels' unsigned products)
    for (int x = 0; x < 8; x++) {
      Ext2 e = Ext2.ONE;
      for (int k = 0; k < ROUNDS; k++) {
        boolean bit = ((x >>> (ROUNDS - 1 - k)) & 1) != 0;
        e = e.mul(bit ? point[k] : Ext2.ONE.sub(point[k]));
      }
      canonical[2 * x] = e.c0();
      canonical[2 * x + 1] = e.c1();
      w[2 * x] = LimbSum.balanced(e.c0());
      w[2 * x + 1] = LimbSum.balanced(e.c1());
    }
    int chunks = par.chunks(q, SumcheckProver.GRAIN);
    long[][] partial = new long[chunks][4];
    par.forChunks(
        q,
        SumcheckProver.GRAIN,
        (chunk, from, to) -> {
          long[] acc = new long[24]; // z00 z11 z01 t00 t11 t01 as limbs
          long[] fb = same ? outA : outB;
          long[] bufA = new long[16 * FOLD_BLOCK]; // rows x (lo) and 8 + x (hi) of a block
          long[] bufB = new long[16 * FOLD_BLOCK];
          long[] lanes = simd ? new long[6 * SimdKernels.sumWidth()] : null;
          long[] scratch = simd ? new long[SimdKernels.foldScratchWidth()] : null;
          for (int j0 = from; j0 < to; j0 += FOLD_BLOCK) {
            int len = Math.min(FOLD_BLOCK, to - j0);
            for (int x = 0; x < 8; x++) {
              System.arraycopy(a, x * stride + j0, bufA, x * FOLD_BLOCK, len);
              System.arraycopy(a, x * stride + j0 + q, bufA, (8 + x) * FOLD_BLOCK, len);
              if (!same) {
                System.arraycopy(b, x * stride + j0, bufB, x * FOLD_BLOCK, len);
                System.arraycopy(b, x * stride + j0 + q, bufB, (8 + x) * FOLD_BLOCK, len);
              }
            }
            int start = 0;
            if (simd) {
              start = len - len % SimdKernels.lanes();
              SimdKernels.foldAndRoundBlock(bufA, same ? bufA : bufB, same, FOLD_BLOCK, start,
                  canonical, outA, outB, j0, q, lanes, scratch);
            }
            for (int k = start; k < len; k++) {
              int j = j0 + k;
              int hi = j + q;
              fold8(bufA, k, w, outA, j);
              fold8(bufA, 8 * FOLD_BLOCK + k, w, outA, hi);
              if (!same) {
                fold8(bufB, k, w, outB, j);
                fold8(bufB, 8 * FOLD_BLOCK + k, w, outB, hi);
              }
              long al0 = outA[2 * j], al1 = outA[2 * j + 1];
              long bl0 = fb[2 * j], bl1 = fb[2 * j + 1];
              long ad0 = Goldilocks.sub(outA[2 * hi], al0), ad1 = Goldilocks.sub(outA[2 * hi + 1], al1);
              long bd0 = Goldilocks.sub(fb[2 * hi], bl0), bd1 = Goldilocks.sub(fb[2 * hi + 1], bl1);
              LimbSum.addProduct(acc, 0, al0, bl0);
              LimbSum.addProduct(acc, 4, al1, bl1);
              LimbSum.addProduct(acc, 8, al0, bl1);
              LimbSum.addProduct(acc, 8, al1, bl0);
              LimbSum.addProduct(acc, 12, ad0, bd0);
              LimbSum.addProduct(acc, 16, ad1, bd1);
              LimbSum.addProduct(acc, 20, ad0, bd1);
              LimbSum.addProduct(acc, 20, ad1, bd0);
            }
          }
          if (simd) {
            for (int sum = 0; sum < 6; sum++) {
              SimdKernels.flush(lanes, sum * SimdKernels.sumWidth(), acc, 4 * sum);
            }
          }
          long[] out = partial[chunk];
          out[0] = Goldilocks.add(LimbSum.reduce(acc, 0), Ext2.mulW(LimbSum.reduce(acc, 4)));
          out[1] = LimbSum.reduce(acc, 8);
          out[2] = Goldilocks.add(LimbSum.reduce(acc, 12), Ext2.mulW(LimbSum.reduce(acc, 16)));
          out[3] = LimbSum.reduce(acc, 20);
        });
    long[] total = new long[4];
    for (long[] p : partial) {
      for (int k = 0; k < 4; k++) {
        total[k] = Goldilocks.add(total[k], p[k]);
      }
    }
    return new Ext2[] {new Ext2(total[0], total[1]), new Ext2(total[2], total[3])};
  }

  /**
   * out[2y], out[2y + 1] := Σ_x w_x·buf[x·FOLD_BLOCK + k], the table bound to the three points; w
   * holds the weights' coordinates in balanced form.
   */
  private static void fold8(long[] buf, int k, long[] w, long[] out, int y) {
    long c0 = 0, c1 = 0, c2 = 0, c3 = 0; // LimbSum words of the c0 coordinate
    long d0 = 0, d1 = 0, d2 = 0, d3 = 0; // and of the c1 coordinate
    for (int x = 0; x < 8; x++) {
      long v = buf[x * FOLD_BLOCK + k];
      long sign = v >> 63;
      long w0 = w[2 * x];
      long w1 = w[2 * x + 1];
      long lo = v * w0;
      long hi = Math.multiplyHigh(v, w0) + (sign & w0);
      c0 += lo;
      c1 += lo >>> 32;
      c2 += hi;
      c3 += hi >> 32;
      lo = v * w1;
      hi = Math.multiplyHigh(v, w1) + (sign & w1);
      d0 += lo;
      d1 += lo >>> 32;
      d2 += hi;
      d3 += hi >> 32;
    }
    out[2 * y] = LimbSum.reduce(c0, c1, c2, c3);
    out[2 * y + 1] = LimbSum.reduce(d0, d1, d2, d3);
  }
}
