package io.deepprove.lookup;

import java.util.function.LongUnaryOperator;

/** Named constructors of the lookup tables. */
public final class Tables {

  private Tables() {}

  /** {0, …, 2^bits − 1}, bits ≤ 16. */
  public static RangeTable range(int bits) {
    return new RangeTable(bits, 0);
  }

  /** {−2^(bits−1), …, 2^(bits−1) − 1}. */
  public static RangeTable signedRange(int bits) {
    return new RangeTable(bits, -(1L << (bits - 1)));
  }

  /**
   * ReLU then clamp to int8's positive half: x ↦ clamp(max(x, 0), 0, 127) = clamp(x, 0, 127), on
   * the signed domain [−2^(domainBits−1), 2^(domainBits−1)).
   */
  public static ClampTable reluClamp(int domainBits) {
    return clamp(domainBits, 0, 127);
  }

  /** x ↦ clamp(x, lo, hi) on the signed domain [−2^(domainBits−1), 2^(domainBits−1)). */
  public static ClampTable clamp(int domainBits, long lo, long hi) {
    return new ClampTable(domainBits, -(1L << (domainBits - 1)), lo, hi);
  }

  /** An arbitrary table of (input, output) rows, at most 2^16. */
  public static ExplicitTable pairs(long[] inputs, long[] outputs) {
    return new ExplicitTable(inputs, outputs);
  }

  /** An arbitrary single-column table (a set of allowed values), at most 2^16 rows. */
  public static ExplicitTable set(long[] values) {
    return new ExplicitTable(values, null);
  }

  /** The table (x, f(x)) for x in [from, to], at most 2^16 rows (e.g. a quantized sigmoid). */
  public static ExplicitTable function(long from, long to, LongUnaryOperator f) {
    long n = to - from + 1;
    if (n < 1 || n > ExplicitTable.MAX_ROWS) {
      throw new IllegalArgumentException("function table of " + n + " rows");
    }
    long[] in = new long[(int) n];
    long[] out = new long[(int) n];
    for (int i = 0; i < n; i++) {
      in[i] = from + i;
      out[i] = f.applyAsLong(from + i);
    }
    return new ExplicitTable(in, out);
  }
}
