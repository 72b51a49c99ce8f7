package io.deepprove.quantizer;

import java.util.Arrays;

/**
 * A constant of the quantized graph: integer values (int8 weights, int32 biases, integer
 * coefficients) with their shape and, for int8 weights, the real scale of each output channel
 * (length 1 for per-tensor; empty for pure integer coefficients).
 */
public record QuantizedTensor(int[] shape, long[] values, double[] scales) {
  public QuantizedTensor {
    shape = shape.clone();
    values = values.clone();
    scales = scales.clone();
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    if (n != values.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + values.length);
    }
  }

  @Override public int[] shape() { return shape.clone(); }
  @Override public long[] values() { return values.clone(); }
  @Override public double[] scales() { return scales.clone(); }

  /** Largest absolute value. */
  public long maxAbs() {
    long m = 0;
    for (long v : values) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  long[] raw() {
    return values;
  }
}
