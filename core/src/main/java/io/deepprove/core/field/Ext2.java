package io.deepprove.core.field;

import java.util.random.RandomGenerator;

/**
 * An element c0 + c1·X of the quadratic extension F_p[X]/(X² − 7) of the Goldilocks field
 * (≈ 2^128 elements; 7 is a quadratic non-residue mod p, so X² − 7 is irreducible).
 *
 * <p>Used for verifier challenges and everything they touch, so each sum-check or LogUp round
 * has soundness error about degree / 2^128. Hot loops work on interleaved {@code long[]} vectors
 * through {@link ExtArrays} instead of allocating these records.
 */
public record Ext2(long c0, long c1) {

  /** The non-residue W with X² = W. */
  public static final long W = 7;

  public static final Ext2 ZERO = new Ext2(0, 0);
  public static final Ext2 ONE = new Ext2(1, 0);

  /** Both coordinates must be canonical Goldilocks elements. */
  public Ext2 {
    if (!Goldilocks.isCanonical(c0) || !Goldilocks.isCanonical(c1)) {
      throw new IllegalArgumentException("non-canonical extension element");
    }
  }

  /** The base-field element b embedded in the extension. */
  public static Ext2 ofBase(long b) {
    return new Ext2(b, 0);
  }

  /** The embedding of a small signed integer. */
  public static Ext2 ofSigned(long v) {
    return new Ext2(Goldilocks.fromSigned(v), 0);
  }

  public boolean isBase() {
    return c1 == 0;
  }

  public boolean isZero() {
    return c0 == 0 && c1 == 0;
  }

  public Ext2 add(Ext2 o) {
    return new Ext2(Goldilocks.add(c0, o.c0), Goldilocks.add(c1, o.c1));
  }

  public Ext2 sub(Ext2 o) {
    return new Ext2(Goldilocks.sub(c0, o.c0), Goldilocks.sub(c1, o.c1));
  }

  public Ext2 neg() {
    return new Ext2(Goldilocks.neg(c0), Goldilocks.neg(c1));
  }

  public Ext2 addBase(long b) {
    return new Ext2(Goldilocks.add(c0, b), c1);
  }

  public Ext2 mulBase(long b) {
    return new Ext2(Goldilocks.mul(c0, b), Goldilocks.mul(c1, b));
  }

  /** (a0 + a1X)(b0 + b1X) = a0b0 + 7·a1b1 + (a0b1 + a1b0)X, Karatsuba for the X term. */
  public Ext2 mul(Ext2 o) {
    long v0 = Goldilocks.mul(c0, o.c0);
    long v1 = Goldilocks.mul(c1, o.c1);
    long s = Goldilocks.mul(Goldilocks.add(c0, c1), Goldilocks.add(o.c0, o.c1));
    return new Ext2(Goldilocks.add(v0, mulW(v1)), Goldilocks.sub(Goldilocks.sub(s, v0), v1));
  }

  public Ext2 square() {
    return mul(this);
  }

  /** W·x = 7x without a full multiplication. */
  public static long mulW(long x) {
    return Goldilocks.reduce128(Math.multiplyHigh(x, W) + ((x >> 63) & W), x * W);
  }

  /**
   * Writes (a0 + a1X)(b0 + b1X) to out[at], out[at + 1]: three base multiplications (Karatsuba)
   * and a cheap multiplication by 7. The form hot loops should use when they need both
   * coordinates.
   */
  public static void mulInto(long a0, long a1, long b0, long b1, long[] out, int at) {
    long v0 = Goldilocks.mul(a0, b0);
    long v1 = Goldilocks.mul(a1, b1);
    long s = Goldilocks.mul(Goldilocks.add(a0, a1), Goldilocks.add(b0, b1));
    out[at] = Goldilocks.add(v0, mulW(v1));
    out[at + 1] = Goldilocks.sub(Goldilocks.sub(s, v0), v1);
  }

  /** The constant coefficient of (a0 + a1X)(b0 + b1X). */
  public static long mulC0(long a0, long a1, long b0, long b1) {
    return Goldilocks.add(Goldilocks.mul(a0, b0), mulW(Goldilocks.mul(a1, b1)));
  }

  /** The X coefficient of (a0 + a1X)(b0 + b1X). */
  public static long mulC1(long a0, long a1, long b0, long b1) {
    return Goldilocks.add(Goldilocks.mul(a0, b1), Goldilocks.mul(a1, b0));
  }

  /** 1/(a0 + a1X) = (a0 − a1X)/(a0² − 7a1²); throws {@link ArithmeticException} for zero. */
  public Ext2 inv() {
    if (isZero()) {
      throw new ArithmeticException("inverse of zero in the quadratic extension");
    }
    long norm = Goldilocks.sub(Goldilocks.square(c0), mulW(Goldilocks.square(c1)));
    long normInv = Goldilocks.inv(norm);
    return new Ext2(Goldilocks.mul(c0, normInv), Goldilocks.neg(Goldilocks.mul(c1, normInv)));
  }

  public Ext2 pow(long e) {
    Ext2 result = ONE;
    Ext2 base = this;
    while (e != 0) {
      if ((e & 1) != 0) {
        result = result.mul(base);
      }
      base = base.square();
      e >>>= 1;
    }
    return result;
  }

  /** Inverts every element in place with one extension inversion (Montgomery's trick). */
  public static void batchInvert(Ext2[] values) {
    int n = values.length;
    if (n == 0) {
      return;
    }
    Ext2[] prefix = new Ext2[n];
    Ext2 acc = ONE;
    for (int i = 0; i < n; i++) {
      if (values[i].isZero()) {
        throw new ArithmeticException("batch inverse: element " + i + " is zero");
      }
      prefix[i] = acc;
      acc = acc.mul(values[i]);
    }
    Ext2 inv = acc.inv();
    for (int i = n - 1; i >= 0; i--) {
      Ext2 v = values[i];
      values[i] = inv.mul(prefix[i]);
      inv = inv.mul(v);
    }
  }

  public static Ext2 random(RandomGenerator rng) {
    return new Ext2(Goldilocks.random(rng), Goldilocks.random(rng));
  }

  @Override
  public String toString() {
    return c1 == 0
        ? Goldilocks.toString(c0)
        : Goldilocks.toString(c0) + " + " + Goldilocks.toString(c1) + "·X";
  }
}
