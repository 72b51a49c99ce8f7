package io.deepprove.quantizer;

/**
 * A unary function on the int8 domain as a 256-entry table: entry i is the output for input
 * q = i − 128, namely clamp(round(f(q·inScale) / outScale)) into [−127, 127]. A non-finite f
 * (e.g. Sqrt of a negative input) maps to 0. This is the public table a lookup argument proves.
 *
 * @param function what is tabulated (e.g. {@code sigmoid}, {@code reciprocal})
 * @param inScale the input scale
 * @param outScale the output scale
 * @param entries the 256 outputs
 */
public record UnaryTable(String function, double inScale, double outScale, long[] entries) {
  /** Table size (the int8 domain). */
  public static final int SIZE = 256;
  /** Input q is at index q + OFFSET. */
  public static final int OFFSET = 128;

  public UnaryTable {
    entries = entries.clone();
    if (entries.length != SIZE) {
      throw new IllegalArgumentException("a unary table has 256 entries");
    }
  }

  /** Tabulates {@code f} for the given input and output scales. */
  public static UnaryTable of(java.util.function.DoubleUnaryOperator f, String function, double inScale,
      double outScale) {
    long[] e = new long[SIZE];
    for (int i = 0; i < SIZE; i++) {
      double y = f.applyAsDouble((i - OFFSET) * inScale) / outScale;
      e[i] = Double.isFinite(y) ? Math.max(Requant.INT8_MIN, Math.min(Requant.INT8_MAX, Math.round(y))) : 0;
    }
    return new UnaryTable(function, inScale, outScale, e);
  }

  /** Tabulates a unary function of the model. */
  public static UnaryTable of(io.deepprove.onnx.UnaryFunction f, double inScale, double outScale) {
    return of(f, f.toString(), inScale, outScale);
  }

  @Override public long[] entries() { return entries.clone(); }

  /** The output for int8 input q. */
  public long lookup(long q) {
    return entries[(int) q + OFFSET];
  }

  long[] raw() {
    return entries;
  }
}
