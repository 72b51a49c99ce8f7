package io.deepprove.sumcheck;

import io.deepprove.core.field.ExtArrays;
import io.deepprove.core.poly.Multilinear;

/**
 * A multilinear polynomial handed to the sum-check prover: its evaluation table over {0,1}^n in
 * big-endian order (x_1 is the most significant bit of the index), either base-field values or
 * extension values interleaved (c0, c1). The prover reads the table and never writes it, so no
 * copy is taken; the caller must not change it while a proof is being made.
 */
public final class Mle {

  private final long[] values;
  private final boolean extension;
  private final int length;

  private Mle(long[] values, boolean extension) {
    this.values = values;
    this.extension = extension;
    this.length = extension ? ExtArrays.length(values) : values.length;
    Multilinear.numVars(length); // rejects lengths that are not powers of two
  }

  /** A table of base-field values (canonical). */
  public static Mle base(long[] values) {
    return new Mle(values, false);
  }

  /** A table of extension values, interleaved c0, c1. */
  public static Mle ext(long[] interleaved) {
    return new Mle(interleaved, true);
  }

  /** The number of evaluations (a power of two). */
  public int length() {
    return length;
  }

  public int numVars() {
    return Integer.numberOfTrailingZeros(length);
  }

  public boolean isExtension() {
    return extension;
  }

  long[] valuesUnsafe() {
    return values;
  }
}
