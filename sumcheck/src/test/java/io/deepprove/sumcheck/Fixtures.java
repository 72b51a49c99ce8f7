package io.deepprove.sumcheck;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.poly.Multilinear;
import io.deepprove.core.transcript.Transcript;
import java.util.SplittableRandom;

/** Deterministic random tables and transcripts for the sum-check tests. */
final class Fixtures {
  private Fixtures() {}

  static long[] randomBase(SplittableRandom rng, int len) {
    long[] v = new long[len];
    for (int i = 0; i < len; i++) {
      v[i] = Goldilocks.random(rng);
    }
    return v;
  }

  static long[] randomExt(SplittableRandom rng, int len) {
    return randomBase(rng, 2 * len);
  }

  static Mle randomMle(SplittableRandom rng, int n, boolean ext) {
    return ext ? Mle.ext(randomExt(rng, 1 << n)) : Mle.base(randomBase(rng, 1 << n));
  }

  static Ext2[] randomPoint(SplittableRandom rng, int n) {
    Ext2[] p = new Ext2[n];
    for (int i = 0; i < n; i++) {
      p[i] = Ext2.random(rng);
    }
    return p;
  }

  static Ext2 evaluate(Mle f, Ext2[] point) {
    return f.isExtension()
        ? Multilinear.evaluateExt(f.valuesUnsafe(), point)
        : Multilinear.evaluateBase(f.valuesUnsafe(), point);
  }

  static Transcript transcript() {
    return new Transcript("deepprove/test/sumcheck");
  }
}
