package io.deepprove.sumcheck;

import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.parallel.Parallel;

/**
 * Binding the leading or trailing variables of a row-major matrix's MLE to a point, given the eq
 * table of that point: M̃(r, ·) = eqᵀ·M (rows bound) and M̃(·, r) = M·eq (columns bound). Sums are
 * accumulated unreduced ({@link LimbSum}), two products per base×extension term.
 */
final class PartialEval {

  private PartialEval() {}

  /**
   * out[j] = Σ_i eq[i]·m[i·cols + j] for a rows×cols base matrix and an extension eq table of
   * length rows; returns cols interleaved extension values.
   */
  static long[] bindRows(long[] m, int rows, int cols, long[] eq, int threads) {
    long[] out = new long[2 * cols];
    // split over columns: each chunk owns its outputs, so no partial sums to combine
    Parallel.of(threads).forChunks(
        cols,
        SumcheckProver.GRAIN,
        (chunk, from, to) -> {
          int width = to - from;
          long[] acc = new long[8 * width]; // per column: limbs of Σ e0·m and Σ e1·m
          for (int i = 0; i < rows; i++) {
            long e0 = eq[2 * i];
            long e1 = eq[2 * i + 1];
            int row = i * cols;
            for (int j = 0; j < width; j++) {
              long x = m[row + from + j];
              long lo = e0 * x;
              long hi = Goldilocks.unsignedMultiplyHigh(e0, x);
              int a = 8 * j;
              acc[a] += lo & 0xFFFF_FFFFL;
              acc[a + 1] += lo >>> 32;
              acc[a + 2] += hi & 0xFFFF_FFFFL;
              acc[a + 3] += hi >>> 32;
              lo = e1 * x;
              hi = Goldilocks.unsignedMultiplyHigh(e1, x);
              acc[a + 4] += lo & 0xFFFF_FFFFL;
              acc[a + 5] += lo >>> 32;
              acc[a + 6] += hi & 0xFFFF_FFFFL;
              acc[a + 7] += hi >>> 32;
            }
          }
          for (int j = 0; j < width; j++) {
            out[2 * (from + j)] = reduceLimbs(acc, 8 * j);
            out[2 * (from + j) + 1] = reduceLimbs(acc, 8 * j + 4);
          }
        });
    return out;
  }

  /**
   * out[i] = Σ_j m[i·cols + j]·eq[j] for a rows×cols base matrix and an extension eq table of
   * length cols; returns rows interleaved extension values.
   */
  static long[] bindColumns(long[] m, int rows, int cols, long[] eq, int threads) {
    long[] out = new long[2 * rows];
    long[] e0 = new long[cols];
    long[] e1 = new long[cols];
    for (int j = 0; j < cols; j++) {
      e0[j] = eq[2 * j];
      e1[j] = eq[2 * j + 1];
    }
    Parallel.of(threads).forChunks(
        rows,
        SumcheckProver.GRAIN,
        (chunk, from, to) -> {
          for (int i = from; i < to; i++) {
            out[2 * i] = Goldilocks.dot(m, i * cols, e0, 0, cols);
            out[2 * i + 1] = Goldilocks.dot(m, i * cols, e1, 0, cols);
          }
        });
    return out;
  }

  /** Entries of absolute value below 2^SMALL_BITS take the small-integer path of {@link #bindColumnsSigned}. */
  static final int SMALL_BITS = 15;

  /** Columns per exact block: 2^BLOCK_VARS products below 2^(32 + SMALL_BITS) stay below 2^63. */
  private static final int BLOCK_VARS = 63 - 32 - SMALL_BITS;

  /**
   * {@link #bindColumns} for a matrix of signed integers. Each eq value e = e_lo + 2^32·e_hi is
   * split into 32-bit halves, so a row whose entries are below 2^15 in absolute value is summed in
   * plain signed words, Σ m·e_lo + 2^32·Σ m·e_hi, and reduced once per row (per 2^16 columns);
   * a row with a larger entry falls back to field elements. Same values as bindColumns on the
   * field images.
   */
  static long[] bindColumnsSigned(long[] m, int rows, int cols, long[] eq, int threads) {
    long[] out = new long[2 * rows];
    long[] e0lo = new long[cols];
    long[] e0hi = new long[cols];
    long[] e1lo = new long[cols];
    long[] e1hi = new long[cols];
    for (int j = 0; j < cols; j++) {
      e0lo[j] = eq[2 * j] & 0xFFFF_FFFFL;
      e0hi[j] = eq[2 * j] >>> 32;
      e1lo[j] = eq[2 * j + 1] & 0xFFFF_FFFFL;
      e1hi[j] = eq[2 * j + 1] >>> 32;
    }
    int block = Math.min(cols, 1 << BLOCK_VARS);
    Parallel.of(threads).forChunks(
        rows,
        SumcheckProver.GRAIN,
        (chunk, from, to) -> {
          long[] rowField = null;
          for (int i = from; i < to; i++) {
            int row = i * cols;
            long r0 = 0;
            long r1 = 0;
            long bad = 0;
            for (int b = 0; b < cols && bad == 0; b += block) {
              long s0lo = 0, s0hi = 0, s1lo = 0, s1hi = 0;
              for (int j = b; j < b + block; j++) {
                long x = m[row + j];
                bad |= (x + (1L << SMALL_BITS)) >>> (SMALL_BITS + 1);
                s0lo += x * e0lo[j];
                s0hi += x * e0hi[j];
                s1lo += x * e1lo[j];
                s1hi += x * e1hi[j];
              }
              r0 = Goldilocks.add(r0, combine(s0lo, s0hi));
              r1 = Goldilocks.add(r1, combine(s1lo, s1hi));
            }
            if (bad != 0) {
              if (rowField == null) {
                rowField = new long[cols];
              }
              for (int j = 0; j < cols; j++) {
                rowField[j] = Goldilocks.fromSigned(m[row + j]);
              }
              r0 = dotEq(rowField, eq, 0);
              r1 = dotEq(rowField, eq, 1);
            }
            out[2 * i] = r0;
            out[2 * i + 1] = r1;
          }
        });
    return out;
  }

  /** lo + 2^32·hi as a field element, for signed words. */
  private static long combine(long lo, long hi) {
    return Goldilocks.add(Goldilocks.fromSigned(lo), Goldilocks.mul(Goldilocks.fromSigned(hi), 1L << 32));
  }

  /** Σ_j row[j]·eq[2j + c]. */
  private static long dotEq(long[] row, long[] eq, int c) {
    long s = 0;
    for (int j = 0; j < row.length; j++) {
      s = Goldilocks.add(s, Goldilocks.mul(row[j], eq[2 * j + c]));
    }
    return s;
  }

  /** Field images of signed integers. */
  static long[] field(long[] signed) {
    long[] f = new long[signed.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = Goldilocks.fromSigned(signed[i]);
    }
    return f;
  }

  private static long reduceLimbs(long[] acc, int at) {
    long r = Goldilocks.add(acc[at], Goldilocks.mul(acc[at + 1], 1L << 32));
    r = Goldilocks.add(r, Goldilocks.mul(acc[at + 2], 0xFFFF_FFFFL));
    return Goldilocks.sub(r, acc[at + 3]);
  }
}
