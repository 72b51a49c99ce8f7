package io.deepprove.quantizer;

import java.util.Arrays;

/**
 * Requantization of an integer accumulator to int8: per channel c a fixed-point multiplier
 * {@code M_c / 2^s_c} with rounding half up, then a clamp to {@code [lo, hi]}. A fused ReLU is
 * {@code lo = 0}; a fused Clip narrows both bounds.
 *
 * <p>The relation a prover checks per element i of channel c: with
 * {@code t = acc·M_c + 2^(s_c − 1)} (no offset when s_c = 0), {@code t = q·2^s_c + rem},
 * {@code 0 ≤ rem < 2^s_c}, and {@code out = min(hi, max(lo, q))}. The channel of the element at
 * row-major index i is {@code (i / inner) % channels}; one channel means per-tensor.
 *
 * @param multipliers M_c, each in [0, 2^31)
 * @param shifts s_c, each in [0, 62]
 * @param channels number of channels (length of both arrays)
 * @param inner elements per channel run (product of the axes after the channel axis)
 * @param lo lower clamp bound (≥ −128)
 * @param hi upper clamp bound (≤ 127)
 */
public record Requant(long[] multipliers, int[] shifts, int channels, int inner, long lo, long hi) {

  /** The int8 range used for every activation: symmetric, −127..127 (−128 is never produced). */
  public static final long INT8_MIN = -127;
  public static final long INT8_MAX = 127;

  public Requant {
    multipliers = multipliers.clone();
    shifts = shifts.clone();
    if (multipliers.length != channels || shifts.length != channels || channels < 1 || inner < 1) {
      throw new IllegalArgumentException("requant needs one (M, s) per channel");
    }
    for (int c = 0; c < channels; c++) {
      new FixedPointMultiplier(multipliers[c], shifts[c]); // validates ranges
    }
    if (lo > hi || lo < -128 || hi > 127) {
      throw new IllegalArgumentException("clamp bounds [" + lo + ", " + hi + "] outside int8");
    }
  }

  /**
   * Significant bits a requantization multiplier M keeps at the least: its relative error is then
   * at most 2^−11, which moves an int8 output by at most 127·2^−11 ≈ 0.06 of a step, well inside
   * the output's own rounding. Bits beyond that lengthen the remainder 0 ≤ rem &lt; 2^s that the
   * prover range-checks limb by limb, and the trace it commits, for no visible accuracy.
   */
  public static final int PRECISION_BITS = 11;

  /**
   * The prover's remainder limb width (the aggregate module's {@code Requant.LIMB_BITS}): the
   * shift is rounded up to whole limbs, and M takes the bits that rounding pays for anyway.
   */
  public static final int LIMB_BITS = 8;

  /**
   * Per-channel requantization by the real ratios {@code reals[c]}: M with at least
   * {@link #PRECISION_BITS} significant bits and a shift of whole {@link #LIMB_BITS} limbs (fewer
   * bits when {@code |acc| ≤ accBound} needs them to keep the product within 64 bits), then
   * reduced: M/2^s with M even is the same ratio as (M/2)/2^(s−1), and a shorter shift means a
   * shorter remainder.
   */
  public static Requant of(double[] reals, int inner, long lo, long hi, long accBound) {
    int maxBits = 62 - (64 - Long.numberOfLeadingZeros(Math.max(1, accBound)));
    if (maxBits < 8) {
      throw new IllegalArgumentException("accumulator bound too large for requantization: " + accBound);
    }
    long[] m = new long[reals.length];
    int[] s = new int[reals.length];
    for (int c = 0; c < reals.length; c++) {
      FixedPointMultiplier f = fixedPoint(reals[c], maxBits);
      m[c] = f.multiplier();
      s[c] = f.shift();
    }
    return new Requant(m, s, reals.length, inner, lo, hi);
  }

  /** Per-tensor requantization by {@code real}. */
  public static Requant of(double real, long lo, long hi, long accBound) {
    return of(new double[] {real}, 1, lo, hi, accBound);
  }

  /**
   * real ≈ M / 2^shift with M &lt; 2^maxBits: {@link #PRECISION_BITS} significant bits (or
   * maxBits if fewer), more when rounding the shift up to whole limbs leaves room for them.
   */
  static FixedPointMultiplier fixedPoint(double real, int maxBits) {
    if (!(real >= 0) || Double.isInfinite(real)) {
      throw new IllegalArgumentException("requantization multiplier must be finite and ≥ 0: " + real);
    }
    if (real == 0) {
      return new FixedPointMultiplier(0, 0);
    }
    int exp = Math.getExponent(real) + 1; // real = frac·2^exp, frac in [0.5, 1)
    int bits = Math.min(PRECISION_BITS, maxBits);
    int shift = Math.max(0, bits - exp); // a multiplier ≥ 2^bits is an integer: no shift at all
    int whole = (shift + LIMB_BITS - 1) / LIMB_BITS * LIMB_BITS;
    if (whole + exp <= maxBits) {
      shift = whole;
    }
    shift = Math.min(FixedPointMultiplier.MAX_SHIFT, shift);
    if (shift < 0) {
      throw new IllegalArgumentException("requantization multiplier too large: " + real);
    }
    long m = Math.round(Math.scalb(real, shift));
    if (m >= (1L << maxBits)) {
      m = (m + 1) >> 1;
      shift--;
    }
    if (shift < 0) {
      throw new IllegalArgumentException("requantization multiplier too large: " + real);
    }
    while (shift > 0 && (m & 1) == 0) {
      m >>= 1;
      shift--;
    }
    return new FixedPointMultiplier(m, shift);
  }

  @Override public long[] multipliers() { return multipliers.clone(); }
  @Override public int[] shifts() { return shifts.clone(); }

  /** The real multiplier of channel c. */
  public double real(int c) {
    return Math.scalb((double) multipliers[c], -shifts[c]);
  }

  /**
   * Requantizes {@code acc} into {@code out}, writing the quotient q and the remainder of each
   * element into {@code quotient} and {@code remainder} (either may be null).
   */
  void apply(long[] acc, long[] quotient, long[] remainder, long[] out) {
    int n = acc.length;
    for (int start = 0, c = 0; start < n; start += inner, c = (c + 1 == channels) ? 0 : c + 1) {
      long mul = multipliers[c];
      int s = shifts[c];
      long half = s == 0 ? 0 : 1L << (s - 1);
      long mask = (1L << s) - 1;
      int end = Math.min(n, start + inner);
      for (int i = start; i < end; i++) {
        long t = acc[i] * mul + half;
        long q = t >> s;
        if (quotient != null) {
          quotient[i] = q;
        }
        if (remainder != null) {
          remainder[i] = t & mask;
        }
        out[i] = q < lo ? lo : (q > hi ? hi : q);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Requant r && Arrays.equals(r.multipliers, multipliers) && Arrays.equals(r.shifts, shifts)
        && r.channels == channels && r.inner == inner && r.lo == lo && r.hi == hi;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(multipliers) * 31 + Arrays.hashCode(shifts);
  }

  @Override
  public String toString() {
    return channels == 1
        ? "requant(M=" + multipliers[0] + ", s=" + shifts[0] + ", clamp[" + lo + "," + hi + "])"
        : "requant(" + channels + " channels, clamp[" + lo + "," + hi + "])";
  }
}
