package io.deepprove.quantizer;

import java.util.Arrays;

/**
 * A run-time value of the quantized graph: a signed integer of {@code bits} bits (8, or 16 for a
 * graph input only (Log)Softmax reads) with real value = scale·(q − zeroPoint). The quantization is
 * symmetric, so zeroPoint is 0 for every value; it is kept as data so the verifying key states it.
 */
public record ValueSpec(String name, int[] shape, double scale, long zeroPoint, int bits) {
  /** An int8 value. */
  public ValueSpec(String name, int[] shape, double scale, long zeroPoint) {
    this(name, shape, scale, zeroPoint, 8);
  }

  public ValueSpec {
    shape = shape.clone();
    if (bits != 8 && bits != 16) {
      throw new IllegalArgumentException("'" + name + "' has " + bits + " bits, not 8 or 16");
    }
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("scale of '" + name + "' must be finite and positive: " + scale);
    }
  }

  @Override public int[] shape() { return shape.clone(); }

  /** Number of elements. */
  public int size() {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** The largest magnitude a value of this width takes: 127 or 32767 (symmetric). */
  public long maxMagnitude() {
    return (1L << (bits - 1)) - 1;
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape) + "@" + scale + (bits == 8 ? "" : " int" + bits);
  }
}
