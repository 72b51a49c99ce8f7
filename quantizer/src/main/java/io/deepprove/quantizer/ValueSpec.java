package io.deepprove.quantizer;

import java.util.Arrays;

/**
 * A run-time value of the quantized graph: int8 with real value = scale·(q − zeroPoint). The
 * quantization is symmetric, so zeroPoint is 0 for every value; it is kept as data so the
 * verifying key states it.
 */
public record ValueSpec(String name, int[] shape, double scale, long zeroPoint) {
  public ValueSpec {
    shape = shape.clone();
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

  @Override
  public String toString() {
    return name + Arrays.toString(shape) + "@" + scale;
  }
}
