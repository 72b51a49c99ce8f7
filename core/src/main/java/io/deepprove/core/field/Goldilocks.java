package io.deepprove.core.field;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.random.RandomGenerator;

/**
 * The Goldilocks prime field, p = 2^64 − 2^32 + 1, on {@code long}.
 *
 * <p>Elements are held canonically as unsigned 64-bit values in [0, p). Every operation takes
 * canonical inputs and returns a canonical result, so elements compare with {@code ==}. The
 * reduction uses 2^64 ≡ 2^32 − 1 and 2^96 ≡ −1 (mod p) and is branch-free: carries and borrows
 * become masks.
 */
public final class Goldilocks {

  /** The modulus 2^64 − 2^32 + 1, as an unsigned long. */
  public static final long P = 0xFFFF_FFFF_0000_0001L;

  /** 2^64 mod p = 2^32 − 1. */
  static final long EPSILON = 0xFFFF_FFFFL;

  /** A generator of the multiplicative group (of order p − 1 = 2^32 · 3 · 5 · 17 · 257 · 65537). */
  public static final long MULTIPLICATIVE_GENERATOR = 7;

  /** The largest k with 2^k dividing p − 1. */
  public static final int TWO_ADICITY = 32;

  private static final long[] ROOTS_OF_UNITY = new long[TWO_ADICITY + 1];

  static {
    // ROOTS_OF_UNITY[k] has multiplicative order exactly 2^k.
    long g = pow(MULTIPLICATIVE_GENERATOR, (P - 1) >>> TWO_ADICITY);
    ROOTS_OF_UNITY[TWO_ADICITY] = g;
    for (int k = TWO_ADICITY - 1; k >= 0; k--) {
      ROOTS_OF_UNITY[k] = mul(ROOTS_OF_UNITY[k + 1], ROOTS_OF_UNITY[k + 1]);
    }
  }

  private Goldilocks() {}

  /** True when {@code x} is a canonical representative (unsigned value below p). */
  public static boolean isCanonical(long x) {
    return Long.compareUnsigned(x, P) < 0;
  }

  /** Reduces an arbitrary unsigned 64-bit value into [0, p). */
  public static long canonical(long x) {
    // x ≥ p exactly when x + (2^32 − 1) carries out of 64 bits; then x − p = x + ε (mod 2^64).
    long s = x + EPSILON;
    long carry = ((x & EPSILON) | ((x | EPSILON) & ~s)) >> 63; // all ones when carried
    return (s & carry) | (x & ~carry);
  }

  public static long add(long a, long b) {
    // a + b = a − (p − b): with nb = p − b ∈ [1, p], a − nb borrows exactly when a + b < p, and then
    // a + b = (a − nb) + p (mod 2^64) is canonical; otherwise a − nb = a + b − p < p already.
    long nb = P - b;
    long d = a - nb;
    long borrow = ((~a & nb) | (~(a ^ nb) & d)) >> 63; // all ones when a < nb (unsigned)
    return d + (borrow & P);
  }

  public static long sub(long a, long b) {
    long d = a - b;
    long borrow = ((~a & b) | (~(a ^ b) & d)) >> 63;
    // On borrow the true difference is d − 2^64 ≡ d − ε, and d ≥ 2^32 then.
    return d - (borrow & EPSILON);
  }

  public static long neg(long a) {
    return sub(0, a);
  }

  public static long mul(long a, long b) {
    long lo = a * b;
    long hi = unsignedMultiplyHigh(a, b);
    return reduce128(hi, lo);
  }

  public static long square(long a) {
    return mul(a, a);
  }

  /**
   * x·c for a small non-negative constant c < 2^32 (e.g. the extension's non-residue 7): the high
   * word of the product is tiny, so no full unsigned 128-bit multiply is needed.
   */
  public static long mulSmall(long x, long c) {
    if (c < 0 || c > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("mulSmall needs 0 <= c < 2^32, got " + c);
    }
    return reduce128(Math.multiplyHigh(x, c) + ((x >> 63) & c), x * c);
  }

  /** a·b + c, with one reduction. */
  public static long mulAdd(long a, long b, long c) {
    return add(mul(a, b), c);
  }

  /**
   * {@code Math.unsignedMultiplyHigh} where the running JDK has it (18+, an intrinsic there), found
   * once by reflection since the code is compiled for 17; null on JDK 17.
   */
  private static final MethodHandle UNSIGNED_MULTIPLY_HIGH = unsignedMultiplyHighHandle();

  private static MethodHandle unsignedMultiplyHighHandle() {
    if (Boolean.getBoolean("deepprove.portableMultiplyHigh")) {
      return null;
    }
    try {
      return MethodHandles.publicLookup().findStatic(Math.class, "unsignedMultiplyHigh",
          MethodType.methodType(long.class, long.class, long.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null;
    }
  }

  /**
   * The high 64 bits of the unsigned 128-bit product: the JDK's intrinsic from JDK 18 on, else the
   * signed high word corrected for the operands' sign bits. (System property
   * {@code deepprove.portableMultiplyHigh=true} forces the JDK 17 form, for comparisons.)
   */
  public static long unsignedMultiplyHigh(long a, long b) {
    if (UNSIGNED_MULTIPLY_HIGH != null) {
      try {
        return (long) UNSIGNED_MULTIPLY_HIGH.invokeExact(a, b);
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
    }
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }

  /** Reduces the unsigned 128-bit value hi·2^64 + lo modulo p. */
  public static long reduce128(long hi, long lo) {
    long hiHi = hi >>> 32;
    long hiLo = hi & EPSILON;
    // lo − hiHi  (2^96 ≡ −1). hiHi < 2^63, so the borrow is the top bit of ~lo & (lo − hiHi); on a
    // borrow the wrapped value is lo − hiHi + 2^64 ≡ lo − hiHi + ε, and subtracting ε cannot wrap.
    long t0 = lo - hiHi;
    long borrow0 = (~lo & t0) >> 63;
    t0 -= borrow0 & EPSILON;
    // + hiLo·(2^32 − 1)  (2^64 ≡ ε); t1 ≤ (2^32 − 1)² < p, so t1 is canonical.
    long t1 = (hiLo << 32) - hiLo;
    // t0 + t1 with t0 < 2^64 (not necessarily canonical) and t1 < p: t0 − (p − t1) borrows exactly
    // when t0 + t1 < p (then add p back); otherwise t0 + t1 − p ≤ p − 2 is already canonical.
    long nt1 = P - t1;
    long d = t0 - nt1;
    long borrow1 = ((~t0 & nt1) | (~(t0 ^ nt1) & d)) >> 63;
    return d + (borrow1 & P);
  }

  /** The inner product Σ a_i·b_i of two equally long vectors (see {@link #dot(long[], int, long[], int, int)}). */
  public static long dot(long[] a, long[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("dot of vectors of length " + a.length + " and " + b.length);
    }
    return dot(a, 0, b, 0, a.length);
  }

  /**
   * The inner product Σ_{i<n} a[aFrom+i]·b[bFrom+i] of canonical elements: exactly the value of
   * summing {@link #mul} with {@link #add}, about 1.5–2× faster. Each 128-bit product is split into
   * four 32-bit limbs that are summed in plain 64-bit words (n &lt; 2^31 terms of limbs &lt; 2^32
   * stay below 2^63: no carry to track), and the four limb sums are reduced once at the end with
   * 2^64 ≡ ε and 2^96 ≡ −1.
   */
  public static long dot(long[] a, int aFrom, long[] b, int bFrom, int n) {
    if (n < 0 || aFrom < 0 || bFrom < 0 || n > a.length - aFrom || n > b.length - bFrom) {
      throw new IllegalArgumentException("dot range out of bounds");
    }
    // limb k of the running sum: Σ (bits 32k..32k+31 of the product), two lanes for parallelism
    long s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    long t0 = 0, t1 = 0, t2 = 0, t3 = 0;
    int even = n & ~1;
    // a counted loop (i < even, step 2): C2 unrolls it and removes the bounds checks
    for (int i = 0; i < even; i += 2) {
      long x0 = a[aFrom + i];
      long y0 = b[bFrom + i];
      long x1 = a[aFrom + i + 1];
      long y1 = b[bFrom + i + 1];
      long lo0 = x0 * y0;
      long hi0 = unsignedMultiplyHigh(x0, y0);
      long lo1 = x1 * y1;
      long hi1 = unsignedMultiplyHigh(x1, y1);
      s0 += lo0 & EPSILON;
      s1 += lo0 >>> 32;
      s2 += hi0 & EPSILON;
      s3 += hi0 >>> 32;
      t0 += lo1 & EPSILON;
      t1 += lo1 >>> 32;
      t2 += hi1 & EPSILON;
      t3 += hi1 >>> 32;
    }
    if (even < n) {
      long x = a[aFrom + even];
      long y = b[bFrom + even];
      long lo = x * y;
      long hi = unsignedMultiplyHigh(x, y);
      s0 += lo & EPSILON;
      s1 += lo >>> 32;
      s2 += hi & EPSILON;
      s3 += hi >>> 32;
    }
    // every sum is < n·2^32 < 2^63 < p, hence canonical, and so are the lane totals
    long r = add(s0 + t0, mul(s1 + t1, 1L << 32)); // limb 1 weighs 2^32
    r = add(r, mul(s2 + t2, EPSILON)); // limb 2 weighs 2^64 ≡ ε
    return sub(r, s3 + t3); // limb 3 weighs 2^96 ≡ −1
  }

  /** a^e for an unsigned exponent e. */
  public static long pow(long a, long e) {
    long result = 1;
    long base = a;
    while (e != 0) {
      if ((e & 1) != 0) {
        result = mul(result, base);
      }
      base = mul(base, base);
      e >>>= 1;
    }
    return result;
  }

  /** The multiplicative inverse; throws {@link ArithmeticException} for zero. */
  public static long inv(long a) {
    if (a == 0) {
      throw new ArithmeticException("inverse of zero in the Goldilocks field");
    }
    return pow(a, P - 2);
  }

  /**
   * Replaces every element of {@code values} by its inverse with one field inversion
   * (Montgomery's trick). Throws {@link ArithmeticException} if any element is zero.
   */
  public static void batchInvert(long[] values) {
    int n = values.length;
    if (n == 0) {
      return;
    }
    long[] prefix = new long[n];
    long acc = 1;
    for (int i = 0; i < n; i++) {
      if (values[i] == 0) {
        throw new ArithmeticException("batch inverse: element " + i + " is zero");
      }
      prefix[i] = acc;
      acc = mul(acc, values[i]);
    }
    long inv = inv(acc);
    for (int i = n - 1; i >= 0; i--) {
      long v = values[i];
      values[i] = mul(inv, prefix[i]);
      inv = mul(inv, v);
    }
  }

  /** A primitive 2^logN-th root of unity, 0 ≤ logN ≤ 32. */
  public static long rootOfUnity(int logN) {
    if (logN < 0 || logN > TWO_ADICITY) {
      throw new IllegalArgumentException("no 2^" + logN + "-th root of unity (two-adicity 32)");
    }
    return ROOTS_OF_UNITY[logN];
  }

  /** Embeds a signed integer: v ↦ v mod p (negative values become p − |v|). */
  public static long fromSigned(long v) {
    if (v >= 0) {
      return canonical(v);
    }
    // For Long.MIN_VALUE, −v wraps to 2^63 read as unsigned, which is still |v|.
    return sub(0, canonical(-v));
  }

  /**
   * The signed integer in (−p/2, p/2] that an element represents (the inverse of
   * {@link #fromSigned} on that range).
   */
  public static long toSigned(long x) {
    // (p − 1)/2 = 2^63 − 2^31
    return Long.compareUnsigned(x, (P - 1) >>> 1) <= 0 ? x : x - P;
  }

  /** A uniformly random element (rejection sampling of 64-bit words). */
  public static long random(RandomGenerator rng) {
    while (true) {
      long x = rng.nextLong();
      if (isCanonical(x)) {
        return x;
      }
    }
  }

  /** The decimal string of an element (unsigned). */
  public static String toString(long x) {
    return Long.toUnsignedString(x);
  }
}
