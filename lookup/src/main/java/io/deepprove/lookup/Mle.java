package io.deepprove.lookup;

import static io.deepprove.core.field.Goldilocks.add;
import static io.deepprove.core.field.Goldilocks.sub;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.parallel.Parallel;

/**
 * Dense MLE evaluation of a base-field column at an extension point, big-endian variable order:
 * the same value as core's {@code Multilinear.evaluateBase}, with the first (largest) binding run
 * on the prover's threads.
 */
final class Mle {

  private Mle() {}

  static Ext2 evaluate(long[] evals, Ext2[] point) {
    return evaluate(evals, point, Parallel.SEQUENTIAL);
  }

  static Ext2 evaluate(long[] evals, Ext2[] point, Parallel par) {
    int n = point.length;
    if (evals.length != (1 << n)) {
      throw new IllegalArgumentException(
          evals.length + " evaluations for a point of " + n + " coordinates");
    }
    if (n == 0) {
      return Ext2.ofBase(evals[0]);
    }
    int half = evals.length >>> 1;
    long r0 = point[0].c0();
    long r1 = point[0].c1();
    long[] cur = new long[2 * half];
    par.forChunks(half, LogUpProver.GRAIN, (c, from, to) -> {
      for (int i = from; i < to; i++) {
        long lo = evals[i];
        long d = sub(evals[i + half], lo);
        cur[2 * i] = add(lo, Goldilocks.mul(r0, d));
        cur[2 * i + 1] = Goldilocks.mul(r1, d);
      }
    });
    int len = half;
    for (int k = 1; k < n; k++) {
      int h = len >>> 1;
      long s0 = point[k].c0();
      long s1 = point[k].c1();
      for (int i = 0; i < h; i++) {
        long lo0 = cur[2 * i];
        long lo1 = cur[2 * i + 1];
        long d0 = sub(cur[2 * (i + h)], lo0);
        long d1 = sub(cur[2 * (i + h) + 1], lo1);
        cur[2 * i] = add(lo0, Ext2.mulC0(s0, s1, d0, d1));
        cur[2 * i + 1] = add(lo1, Ext2.mulC1(s0, s1, d0, d1));
      }
      len = h;
    }
    return new Ext2(cur[0], cur[1]);
  }
}
