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

  private final Parallel par;
  private final int[] offsets;
  private final int[] localVars;
  private final Ext2[][] points;
  private final Ext2[] scales;
  /** Claim i's current eq table (interleaved Ext2, {@code sizes[i]} entries) and a spare half. */
  private final long[][] tables;
  private final long[][] spares;
  private final int[] sizes;

  ClaimWeights(PackedLayout layout, List<OpeningClaim> claims, Ext2 alpha, Parallel par) {
    this.par = par;
    int c = claims.size();
    offsets = new int[c];
    localVars = new int[c];
    points = new Ext2[c][];
    scales = new Ext2[c];
    tables = new long[c][];
    spares = new long[c][];
    sizes = new int[c];
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
      tables[i] = eqTable(Arrays.copyOfRange(claim.point(), 0, Math.max(n - 1, 0)), par);
      sizes[i] = 1 << Math.max(n - 1, 0);
      spares[i] = sizes[i] > 1 ? new long[sizes[i]] : null;
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
      long[] q = base ? linearBase(f, i, j) : linearExt(f, i, j);
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
      int size = sizes[i];
      if (size > 1) {
        long[] from = tables[i];
        long[] to = spares[i];
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
    }
  }

  /** q(0), q(1) of claim i in round j for base f: Σ_p f(2(b + p) + t)·T[p], b its first pair. */
  private long[] linearBase(long[] f, int i, int j) {
    long[] t = tables[i];
    int pairs = sizes[i];
    int first = offsets[i] >>> (j + 1);
    int chunks = par.chunks(pairs, GRAIN);
    long[] partial = new long[4 * chunks];
    par.forChunks(pairs, GRAIN, (chunk, from, to) -> {
      long a0 = 0, a1 = 0, b0 = 0, b1 = 0;
      for (int p = from; p < to; p++) {
        int at = 2 * (first + p);
        long f0 = f[at];
        long f1 = f[at + 1];
        long t0 = t[2 * p];
        long t1 = t[2 * p + 1];
        a0 = Goldilocks.add(a0, Goldilocks.mul(f0, t0));
        a1 = Goldilocks.add(a1, Goldilocks.mul(f0, t1));
        b0 = Goldilocks.add(b0, Goldilocks.mul(f1, t0));
        b1 = Goldilocks.add(b1, Goldilocks.mul(f1, t1));
      }
      partial[4 * chunk] = a0;
      partial[4 * chunk + 1] = a1;
      partial[4 * chunk + 2] = b0;
      partial[4 * chunk + 3] = b1;
    });
    return sum(partial);
  }

  /** As {@link #linearBase} for interleaved Ext2 f. */
  private long[] linearExt(long[] f, int i, int j) {
    long[] t = tables[i];
    int pairs = sizes[i];
    int first = offsets[i] >>> (j + 1);
    int chunks = par.chunks(pairs, GRAIN);
    long[] partial = new long[4 * chunks];
    par.forChunks(pairs, GRAIN, (chunk, from, to) -> {
      long a0 = 0, a1 = 0, b0 = 0, b1 = 0;
      for (int p = from; p < to; p++) {
        int at = 4 * (first + p);
        long t0 = t[2 * p];
        long t1 = t[2 * p + 1];
        a0 = Goldilocks.add(a0, Ext2.mulC0(f[at], f[at + 1], t0, t1));
        a1 = Goldilocks.add(a1, Ext2.mulC1(f[at], f[at + 1], t0, t1));
        b0 = Goldilocks.add(b0, Ext2.mulC0(f[at + 2], f[at + 3], t0, t1));
        b1 = Goldilocks.add(b1, Ext2.mulC1(f[at + 2], f[at + 3], t0, t1));
      }
      partial[4 * chunk] = a0;
      partial[4 * chunk + 1] = a1;
      partial[4 * chunk + 2] = b0;
      partial[4 * chunk + 3] = b1;
    });
    return sum(partial);
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
