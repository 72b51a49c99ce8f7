package io.deepprove.sumcheck;

import io.deepprove.core.field.Goldilocks;

/**
 * A sum of unreduced 128-bit products of canonical Goldilocks elements, kept as four 32-bit limb
 * sums in plain 64-bit words and reduced once at the end (the trick of {@link Goldilocks#dot}).
 * Exact for fewer than 2^31 products, far more than one chunk of a round ever adds.
 */
final class LimbSum {
  private static final long LOW32 = 0xFFFF_FFFFL;

  long s0;
  long s1;
  long s2;
  long s3;

  /** Adds x·y (both canonical). */
  void addProduct(long x, long y) {
    long lo = x * y;
    // unsigned high word (Math.unsignedMultiplyHigh is JDK 18+)
    long hi = Math.multiplyHigh(x, y) + ((x >> 63) & y) + ((y >> 63) & x);
    s0 += lo & LOW32;
    s1 += lo >>> 32;
    s2 += hi & LOW32;
    s3 += hi >>> 32;
  }

  /** The canonical value of the sum. */
  long reduce() {
    long r = Goldilocks.add(s0, Goldilocks.mul(s1, 1L << 32));
    r = Goldilocks.add(r, Goldilocks.mul(s2, LOW32)); // 2^64 ≡ 2^32 − 1
    return Goldilocks.sub(r, s3); // 2^96 ≡ −1
  }
}
