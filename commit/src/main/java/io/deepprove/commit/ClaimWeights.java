package io.deepprove.commit;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.ExtArrays;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.parallel.Parallel;
import io.deepprove.core.pcs.OpeningClaim;
import io.deepprove.core.poly.Eq;
import java.util.Arrays;
import java.util.List;

/**
 * The batching weight E(x) = Σ_i α^i·eq(z_i, x) of a Basefold opening, kept factored per claim
 * instead of as one table over the whole packed polynomial.
 *
 * <p>The opening's sum-check binds the last variable first: round j binds bit j of the packed
 * index. Claim i (polynomial with n_i variables at offset o_i) contributes, in round j,
 * s_i·eq(z_ij, t)·eq(z_i', x') where s_i is α^i times the eq factors of the coordinates bound so
 * far, z_ij the coordinate of bit j (a point coordinate while j &lt; n_i, then a bit of o_i), and
 * eq(z_i', ·) an eq table over the claim's remaining point coordinates. That table shrinks each
 * round by summing pairs (Σ_b eq(z, b) = 1), so no round multiplies by E and E is never folded;
 * q_i(t) = Σ_x' f(x', t)·eq(z_i', x') is linear in t, and the degree-2 round polynomial is
 * assembled from q_i(0) and q_i(1) (Gruen, ePrint 2024/108, §3). The values sent are the same
 * h(0), h(1), h(2) as with the full table.
 */
final class ClaimWeights {

  private static final int GRAIN = 1 << 12;

  /**
   * The first rounds keep claim i's table as top ⊗ bottom, the bottom over the last (up to)
   * FACTORED_VARS remaining coordinates: only the bottom shrinks, and neither 2^(n_i − 1) table
   * is ever built. Once the bottom is down to MATERIALIZE entries the product is formed, by then
   * 2^(FACTORED_VARS − log MATERIALIZE) times smaller than the full table.
   */
  private static final int FACTORED_VARS = 10;

  private static final int MATERIALIZE = 8;

  private final Parallel par;
  private final int[] offsets;
  private final int[] localVars;
  private final Ext2[][] points;
  private final Ext2[] scales;
  /**
   * Claim i's eq table over its remaining coordinates (interleaved Ext2, {@code sizes[i]}
   * entries) is tables[i] ⊗ bottoms[i] while bottoms[i] is not null (row-major: pair
   * a·|bottom| + b has weight top[a]·bottom[b]), else tables[i] alone.
   */
  private final long[][] tables;
  private final int[] sizes;
  private final long[][] bottoms;
  private final int[] bottomSizes;
  private final long[][] spares;

  ClaimWeights(PackedLayout layout, List<OpeningClaim> claims, Ext2 alpha, Parallel par) {
    this.par = par;
    int c = claims.size();
    offsets = new int[c];
    localVars = new int[c];
    points = new Ext2[c][];
    scales = new Ext2[c];
    tables = new long[c][];
    sizes = new int[c];
    bottoms = new long[c][];
    bottomSizes = new int[c];
    spares = new long[c][];
    Ext2 coef = Ext2.ONE;
    for (int i = 0; i < c; i++) {
      OpeningClaim claim = claims.get(i);
      offsets[i] = layout.offset(claim.polynomial());
      int n = claim.point().length;
      localVars[i] = n;
      points[i] = claim.point();
      scales[i] = coef;
      coef = coef.mul(alpha);
      // round 0 sums over every point coordinate but the last (bit 0 is the one being bound)
      int m = Math.max(n - 1, 0);
      int low = Math.min(FACTORED_VARS, m);
      if (1 << low > MATERIALIZE) {
        tables[i] = eqTable(Arrays.copyOfRange(claim.point(), 0, m - low), par);
        sizes[i] = 1 << (m - low);
        bottoms[i] = Eq.table(Arrays.copyOfRange(claim.point(), m - low, m));
        bottomSizes[i] = 1 << low;
      } else {
        tables[i] = eqTable(Arrays.copyOfRange(claim.point(), 0, m), par);
        sizes[i] = 1 << m;
      }
    }
  }

  /** Σ_i α^i·v_i, the value the batched sum-check starts from. */
  static Ext2 batchedValue(List<OpeningClaim> claims, Ext2 alpha) {
    Ext2 coef = Ext2.ONE;
    Ext2 target = Ext2.ZERO;
    for (OpeningClaim claim : claims) {
      target = target.add(coef.mul(claim.value()));
      coef = coef.mul(alpha);
    }
    return target;
  }

  /** Coordinate of claim i for packed-index bit j. */
  private Ext2 coordinate(int i, int j) {
    int n = localVars[i];
    if (j < n) {
      return points[i][n - 1 - j];
    }
    return ((offsets[i] >>> j) & 1) == 1 ? Ext2.ONE : Ext2.ZERO;
  }

  /**
   * h(0), h(1), h(2) (interleaved, 6 longs) of round j, h(t) = Σ_x' f(x', t)·E_j(x', t), for
   * the current table f: base-field values when {@code base}, interleaved Ext2 otherwise.
   */
  long[] round(long[] f, boolean base, int j) {
    Ext2 h0 = Ext2.ZERO;
    Ext2 h1 = Ext2.ZERO;
    Ext2 h2 = Ext2.ZERO;
    for (int i = 0; i < offsets.length; i++) {
      long[] q = bottoms[i] != null ? linearFactored(f, base, i, j) : linearPlain(f, base, i, j);
      Ext2 q0 = new Ext2(q[0], q[1]);
      Ext2 q1 = new Ext2(q[2], q[3]);
      Ext2 z = coordinate(i, j);
      Ext2 s = scales[i];
      // eq(z, t) is 1 − z, z, 3z − 1 at t = 0, 1, 2; q(2) = 2·q(1) − q(0)
      h0 = h0.add(s.mul(Ext2.ONE.sub(z)).mul(q0));
      h1 = h1.add(s.mul(z).mul(q1));
      h2 = h2.add(s.mul(z.add(z).add(z).sub(Ext2.ONE)).mul(q1.add(q1).sub(q0)));
    }
    return ExtArrays.fromElements(new Ext2[] {h0, h1, h2});
  }

  /** After round j's challenge ρ: scales take eq(z_ij, ρ), tables drop their last coordinate. */
  void bind(int j, Ext2 rho) {
    for (int i = 0; i < offsets.length; i++) {
      Ext2 z = coordinate(i, j);
      Ext2 zr = z.mul(rho);
      scales[i] = scales[i].mul(Ext2.ONE.sub(z).sub(rho).add(zr).add(zr));
      if (bottoms[i] != null) {
        shrinkBottom(i);
      } else if (sizes[i] > 1) {
        shrinkTable(i);
      }
    }
  }

  /** Sums the bottom's pairs; at {@link #MATERIALIZE} entries replaces top ⊗ bottom by its table. */
  private void shrinkBottom(int i) {
    long[] bottom = bottoms[i];
    int half = bottomSizes[i] >>> 1;
    for (int p = 0; p < half; p++) {
      bottom[2 * p] = Goldilocks.add(bottom[4 * p], bottom[4 * p + 2]);
      bottom[2 * p + 1] = Goldilocks.add(bottom[4 * p + 1], bottom[4 * p + 3]);
    }
    bottomSizes[i] = half;
    if (half > MATERIALIZE) {
      return;
    }
    long[] top = tables[i];
    int rows = sizes[i];
    long[] table = new long[2 * rows * half];
    par.forRange(rows, Math.max(1, GRAIN / half), (from, to) -> {
      for (int a = from; a < to; a++) {
        for (int b = 0; b < half; b++) {
          Ext2.mulInto(top[2 * a], top[2 * a + 1], bottom[2 * b], bottom[2 * b + 1], table, 2 * (a * half + b));
        }
      }
    });
    tables[i] = table;
    sizes[i] = rows * half;
    bottoms[i] = null;
  }

  /** Sums the table's pairs (eq of its last coordinate sums to one). */
  private void shrinkTable(int i) {
    int size = sizes[i];
    long[] from = tables[i];
    long[] to = spares[i] != null && spares[i].length >= size ? spares[i] : new long[size];
    par.forRange(size >>> 1, GRAIN, (lo, hi) -> {
      for (int p = lo; p < hi; p++) {
        to[2 * p] = Goldilocks.add(from[4 * p], from[4 * p + 2]);
        to[2 * p + 1] = Goldilocks.add(from[4 * p + 1], from[4 * p + 3]);
      }
    });
    tables[i] = to;
    spares[i] = from;
    sizes[i] = size >>> 1;
  }

  /**
   * q(0), q(1) of claim i in round j while its table is top ⊗ bottom: Σ_a top[a]·Σ_b
   * f(pair a·|bottom| + b, t)·bottom[b], the inner sums with one reduction each.
   */
  private long[] linearFactored(long[] f, boolean base, int i, int j) {
    long[] top = tables[i];
    long[] bottom = bottoms[i];
    int rows = sizes[i];
    int inner = bottomSizes[i];
    int firstPair = offsets[i] >>> (j + 1);
    int chunks = par.chunks(rows, Math.max(1, GRAIN / inner));
    long[] partial = new long[4 * chunks];
    par.forChunks(rows, Math.max(1, GRAIN / inner), (chunk, from, to) -> {
      long[] c = new long[4];
      long[] q = new long[4];
      for (int a = from; a < to; a++) {
        pairDots(f, base, firstPair + a * inner, bottom, 0, inner, c);
        long t0 = top[2 * a];
        long t1 = top[2 * a + 1];
        for (int w = 0; w < 4; w += 2) {
          q[w] = Goldilocks.add(q[w], Ext2.mulC0(t0, t1, c[w], c[w + 1]));
          q[w + 1] = Goldilocks.add(q[w + 1], Ext2.mulC1(t0, t1, c[w], c[w + 1]));
        }
      }
      System.arraycopy(q, 0, partial, 4 * chunk, 4);
    });
    return sum(partial);
  }

  /** q(0), q(1) of claim i in round j from its materialized table: Σ_p f(b + p, t)·T[p], b its first pair. */
  private long[] linearPlain(long[] f, boolean base, int i, int j) {
    long[] t = tables[i];
    int pairs = sizes[i];
    int firstPair = offsets[i] >>> (j + 1);
    int chunks = par.chunks(pairs, GRAIN);
    long[] partial = new long[4 * chunks];
    par.forChunks(pairs, GRAIN, (chunk, from, to) -> {
      long[] c = new long[4];
      pairDots(f, base, firstPair + from, t, from, to - from, c);
      System.arraycopy(c, 0, partial, 4 * chunk, 4);
    });
    return sum(partial);
  }

  /**
   * out = (Σ_k f(pair p + k, 0)·w[v + k], Σ_k f(pair p + k, 1)·w[v + k]) as interleaved Ext2, for
   * n pairs of f (base values, or interleaved Ext2 where (a + bX)(c + dX) = ac + 7bd + (ad + bc)X)
   * and interleaved Ext2 weights w.
   */
  private static void pairDots(long[] f, boolean base, int p, long[] w, int v, int n, long[] out) {
    for (int t = 0; t < 2; t++) {
      if (base) {
        int ft = 2 * p + t;
        out[2 * t] = dot(f, ft, 2, w, 2 * v, n);
        out[2 * t + 1] = dot(f, ft, 2, w, 2 * v + 1, n);
      } else {
        int ft = 4 * p + 2 * t;
        long ac = dot(f, ft, 4, w, 2 * v, n);
        long bd = dot(f, ft + 1, 4, w, 2 * v + 1, n);
        long ad = dot(f, ft, 4, w, 2 * v + 1, n);
        long bc = dot(f, ft + 1, 4, w, 2 * v, n);
        out[2 * t] = Goldilocks.add(ac, Ext2.mulW(bd));
        out[2 * t + 1] = Goldilocks.add(ad, bc);
      }
    }
  }

  /**
   * Σ_{k<n} a[aFrom + aStride·k]·b[bFrom + 2k] with one reduction at the end: each 128-bit
   * product is split into 32-bit limbs summed in plain words (n &lt; 2^31 keeps them below 2^63),
   * as {@link Goldilocks#dot(long[], int, long[], int, int)} does for contiguous vectors.
   */
  private static long dot(long[] a, int aFrom, int aStride, long[] b, int bFrom, int n) {
    long s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (int k = 0; k < n; k++) {
      long x = a[aFrom + aStride * k];
      long y = b[bFrom + 2 * k];
      long lo = x * y;
      long hi = Goldilocks.unsignedMultiplyHigh(x, y);
      s0 += lo & 0xFFFF_FFFFL;
      s1 += lo >>> 32;
      s2 += hi & 0xFFFF_FFFFL;
      s3 += hi >>> 32;
    }
    long r = Goldilocks.add(s0, Goldilocks.mul(s1, 1L << 32));
    r = Goldilocks.add(r, Goldilocks.mul(s2, 0xFFFF_FFFFL)); // 2^64 ≡ 2^32 − 1
    return Goldilocks.sub(r, s3); // 2^96 ≡ −1
  }

  private static long[] sum(long[] partial) {
    long[] acc = new long[4];
    for (int c = 0; c < partial.length; c += 4) {
      for (int w = 0; w < 4; w++) {
        acc[w] = Goldilocks.add(acc[w], partial[c + w]);
      }
    }
    return acc;
  }

  /**
   * eq(point, ·) as interleaved Ext2 values, built as the outer product of the tables of the two
   * halves of the point so that the big half runs in parallel.
   */
  static long[] eqTable(Ext2[] point, Parallel par) {
    int n = point.length;
    int h = n / 2;
    long[] top = Eq.table(Arrays.copyOfRange(point, 0, h));
    long[] bottom = Eq.table(Arrays.copyOfRange(point, h, n));
    int rowLen = 1 << (n - h);
    long[] e = new long[2 << n];
    par.forRange(1 << h, Math.max(1, (1 << 14) / rowLen), (from, to) -> {
      for (int a = from; a < to; a++) {
        long t0 = top[2 * a];
        long t1 = top[2 * a + 1];
        int at = 2 * a * rowLen;
        for (int b = 0; b < rowLen; b++) {
          Ext2.mulInto(t0, t1, bottom[2 * b], bottom[2 * b + 1], e, at + 2 * b);
        }
      }
    });
    return e;
  }
}
