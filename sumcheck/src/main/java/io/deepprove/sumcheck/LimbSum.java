package io.deepprove.sumcheck;

import io.deepprove.core.field.Goldilocks;

/**
 * A sum of unreduced 128-bit products, kept in plain 64-bit words and reduced once at the end (the
 * trick of {@link Goldilocks#dot}). For each product (hi, lo) it adds lo and hi with wrap-around
 * and, exactly, their upper halves lo >>> 32 and hi >> 32: the lower halves' exact sums are then
 * the wrapped sums minus the upper sums shifted up, one operation per product fewer than summing
 * four 32-bit limbs. Exact for fewer than 2^30 products, far more than one chunk of a round adds.
 *
 * <p>Products are either of two canonical elements (unsigned) or of an element and a constant in
 * balanced form ({@link #balanced}, signed), whose high word needs one correction term instead of
 * two. The static forms keep the four words at {@code acc[at..at+3]}, for kernels with many sums.
 */
final class LimbSum {
  private static final long LOW32 = 0xFFFF_FFFFL;

  long lo;
  long loHigh;
  long hi;
  long hiHigh;

  /** Adds x·y (both canonical). */
  void addProduct(long x, long y) {
    long l = x * y;
    long h = unsignedMultiplyHigh(x, y);
    lo += l;
    loHigh += l >>> 32;
    hi += h;
    hiHigh += h >>> 32;
  }

  /** The canonical value of the sum. */
  long reduce() {
    return reduce(lo, loHigh, hi, hiHigh);
  }

  /** Adds x·y (both canonical) to the sum at acc[at..at+3]. */
  static void addProduct(long[] acc, int at, long x, long y) {
    long l = x * y;
    long h = unsignedMultiplyHigh(x, y);
    acc[at] += l;
    acc[at + 1] += l >>> 32;
    acc[at + 2] += h;
    acc[at + 3] += h >>> 32;
  }

  /**
   * Adds x·c to the sum at acc[at..at+3], for x canonical (or any unsigned word), {@code xSign} =
   * x >> 63, and c a constant in balanced form.
   */
  static void addSignedProduct(long[] acc, int at, long x, long xSign, long c) {
    long l = x * c;
    long h = Math.multiplyHigh(x, c) + (xSign & c);
    acc[at] += l;
    acc[at + 1] += l >>> 32;
    acc[at + 2] += h;
    acc[at + 3] += h >> 32;
  }

  /** The canonical value of the sum at acc[at..at+3]. */
  static long reduce(long[] acc, int at) {
    return reduce(acc[at], acc[at + 1], acc[at + 2], acc[at + 3]);
  }

  /**
   * The sum mod p from its four words: recover the exact 32-bit limb sums s0 + s1·2^32 + s2·2^64
   * + s3·2^96 (s3 signed for signed products), carry them into a 128-bit word and a top word n3,
   * then 2^96 ≡ −1 leaves reduce128(word) − n3.
   */
  static long reduce(long lo, long loHigh, long hi, long hiHigh) {
    long s0 = lo - (loHigh << 32);
    long s2 = hi - (hiHigh << 32);
    long m = loHigh + (s0 >>> 32);
    long n2 = s2 + (m >>> 32);
    long n3 = hiHigh + (n2 >>> 32);
    n3 += (n3 >> 63) & Goldilocks.P; // |n3| < 2^62: canonical either way
    long word = (s0 & LOW32) | (m << 32);
    return Goldilocks.sub(Goldilocks.reduce128(n2 & LOW32, word), n3);
  }

  /**
   * lo + x·c + y·e mod p for lo canonical and x, c, y, e in balanced form ({@link #balanced}): each
   * product is below 2^126 in magnitude, so the signed 128-bit sum is exact in two words (carries
   * by the adder formula), and it is reduced once instead of once per product.
   */
  static long addTwoSigned(long lo, long x, long c, long y, long e) {
    long l1 = x * c;
    long l2 = y * e;
    long l = l1 + l2;
    long h = Math.multiplyHigh(x, c) + Math.multiplyHigh(y, e) + (((l1 & l2) | ((l1 | l2) & ~l)) >>> 63);
    long s = l + lo;
    h += ((l & lo) | ((l | lo) & ~s)) >>> 63;
    h += (h >> 63) & Goldilocks.P; // + p·2^64 when negative: |h| < 2^63, so h + p fits unsigned
    return Goldilocks.reduce128(h, s);
  }

  /**
   * The representative of canonical c in (−2^63, 2^63): c itself, or c − p (as a bit pattern c + 2^32
   * − 1) when c ≥ 2^63.
   */
  static long balanced(long c) {
    return c + ((c >> 63) & LOW32);
  }

  /** The high 64 bits of the unsigned 128-bit product ({@link Goldilocks#unsignedMultiplyHigh}). */
  static long unsignedMultiplyHigh(long x, long y) {
    return Goldilocks.unsignedMultiplyHigh(x, y);
  }
}
