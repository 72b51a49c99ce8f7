package io.deepprove.quantizer;

/**
 * A positive real multiplier m represented as M / 2^shift with a 31-bit integer M, so that
 * requantization is integer-only: {@code round(acc · m) = (acc·M + 2^(shift−1)) >> shift}
 * (arithmetic shift, i.e. rounding half up).
 *
 * <p>This is the relation the prover checks: with {@code t = acc·M + 2^(shift−1)},
 * {@code t = q·2^shift + rem} and {@code 0 ≤ rem < 2^shift} (a range lookup), then the output is
 * {@code clamp(q)}. M and shift are public (they go into the verifying key).
 */
public record FixedPointMultiplier(long multiplier, int shift) {

  /** Bits of precision kept in M (M ∈ [2^30, 2^31) for multipliers in the normal range). */
  public static final int MULTIPLIER_BITS = 31;

  /** Largest shift allowed; keeps acc·M within 2^62 for |acc| < 2^31 and the remainder tables small. */
  public static final int MAX_SHIFT = 62;

  public FixedPointMultiplier {
    if (multiplier < 0 || multiplier >= (1L << MULTIPLIER_BITS)) {
      throw new IllegalArgumentException("multiplier out of range: " + multiplier);
    }
    if (shift < 0 || shift > MAX_SHIFT) {
      throw new IllegalArgumentException("shift out of range: " + shift);
    }
  }

  /**
   * The closest representation of {@code real} (≥ 0): M normalized into [2^30, 2^31) when the
   * shift allows it. Multipliers too large to represent with shift ≥ 0 are rejected.
   */
  public static FixedPointMultiplier of(double real) {
    if (!(real >= 0) || Double.isInfinite(real)) {
      throw new IllegalArgumentException("requantization multiplier must be finite and ≥ 0: " + real);
    }
    if (real == 0) {
      return new FixedPointMultiplier(0, 0);
    }
    // real = frac · 2^exp with frac in [0.5, 1)
    int exp = Math.getExponent(real) + 1;
    int shift = (MULTIPLIER_BITS) - exp;
    if (shift > MAX_SHIFT) {
      // tiny multiplier: fewer significant bits
      shift = MAX_SHIFT;
    }
    if (shift < 0) {
      throw new IllegalArgumentException("requantization multiplier too large: " + real);
    }
    long m = Math.round(Math.scalb(real, shift));
    if (m >= (1L << MULTIPLIER_BITS)) {
      // rounding carried into a new bit: halve
      m = (m + 1) >> 1;
      shift -= 1;
      if (shift < 0) {
        throw new IllegalArgumentException("requantization multiplier too large: " + real);
      }
    }
    return new FixedPointMultiplier(m, shift);
  }

  /** The real number this represents. */
  public double value() {
    return Math.scalb((double) multiplier, -shift);
  }

  /**
   * round(acc · M / 2^shift), rounding half up. Requires |acc·M| < 2^62 (checked at setup, see
   * {@link #maxAccumulator()}).
   */
  public long apply(long acc) {
    long t = acc * multiplier;
    if (shift == 0) {
      return t;
    }
    return (t + (1L << (shift - 1))) >> shift;
  }

  /** The largest |acc| for which {@link #apply} cannot overflow. */
  public long maxAccumulator() {
    return multiplier == 0 ? Long.MAX_VALUE : ((1L << 62) - 1) / multiplier;
  }
}
