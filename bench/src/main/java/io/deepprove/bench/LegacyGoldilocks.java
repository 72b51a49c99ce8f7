package io.deepprove.bench;

/**
 * The Goldilocks add/mul of core as first committed (4c1c368), kept verbatim so {@link FieldBench}
 * can measure the current reduction against it on the same machine, in the same run.
 */
final class LegacyGoldilocks {

  static final long EPSILON = 0xFFFF_FFFFL;

  private LegacyGoldilocks() {}

  static long canonical(long x) {
    long s = x + EPSILON;
    long carry = ((x & EPSILON) | ((x | EPSILON) & ~s)) >> 63;
    return (s & carry) | (x & ~carry);
  }

  static long add(long a, long b) {
    long s = a + b;
    long carry = ((a & b) | ((a | b) & ~s)) >> 63;
    return canonical(s + (carry & EPSILON));
  }

  static long mul(long a, long b) {
    long lo = a * b;
    long hi = Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    return reduce128(hi, lo);
  }

  static long reduce128(long hi, long lo) {
    long hiHi = hi >>> 32;
    long hiLo = hi & EPSILON;
    long t0 = lo - hiHi;
    long borrow = ((~lo & hiHi) | (~(lo ^ hiHi) & t0)) >> 63;
    t0 -= borrow & EPSILON;
    long t1 = (hiLo << 32) - hiLo;
    long s = t0 + t1;
    long carry = ((t0 & t1) | ((t0 | t1) & ~s)) >> 63;
    return canonical(s + (carry & EPSILON));
  }
}
