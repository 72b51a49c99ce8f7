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

  private static long reduceLimbs(long[] acc, int at) {
    long r = Goldilocks.add(acc[at], Goldilocks.mul(acc[at + 1], 1L << 32));
    r = Goldilocks.add(r, Goldilocks.mul(acc[at + 2], 0xFFFF_FFFFL));
    return Goldilocks.sub(r, acc[at + 3]);
  }
}
