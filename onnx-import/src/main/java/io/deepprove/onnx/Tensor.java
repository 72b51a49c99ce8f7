package io.deepprove.onnx;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * An immutable constant tensor: an initializer, a folded {@code Constant}/{@code ConstantOfShape},
 * or the result of constant folding. Floating types hold {@code float} values, integer and boolean
 * types {@code long} values. The values may be computed lazily (a folded {@code ConstantOfShape}
 * feeding a large weight is only materialized when someone reads it), so {@code inspect} on a big
 * graph never allocates its weights.
 */
public final class Tensor {
  private final int[] shape;
  private final DataType dtype;
  private volatile Supplier<double[]> lazy;
  private float[] floats;
  private long[] longs;

  private Tensor(int[] shape, DataType dtype, float[] floats, long[] longs, Supplier<double[]> lazy) {
    this.shape = shape.clone();
    this.dtype = dtype;
    this.floats = floats;
    this.longs = longs;
    this.lazy = lazy;
  }

  /** A float tensor holding a copy of {@code values}. */
  public static Tensor ofFloats(int[] shape, float[] values) {
    checkSize(shape, values.length);
    return new Tensor(shape, DataType.FLOAT, values.clone(), null, null);
  }

  /** An integer tensor (dtype INT64 unless given) holding a copy of {@code values}. */
  public static Tensor ofLongs(int[] shape, long[] values) {
    return ofLongs(shape, values, DataType.INT64);
  }

  /** An integer or boolean tensor of the given dtype holding a copy of {@code values}. */
  public static Tensor ofLongs(int[] shape, long[] values, DataType dtype) {
    checkSize(shape, values.length);
    if (!dtype.isInteger()) {
      throw new IllegalArgumentException(dtype + " is not an integer type");
    }
    return new Tensor(shape, dtype, null, values.clone(), null);
  }

  /** A tensor of the given dtype from double values (rounded to float, or truncated to long). */
  public static Tensor ofDoubles(int[] shape, double[] values, DataType dtype) {
    checkSize(shape, values.length);
    return new Tensor(shape, dtype, null, null, () -> values);
  }

  /** A tensor whose values are computed on first read; {@code values} must give size(shape) values. */
  static Tensor lazy(int[] shape, DataType dtype, Supplier<double[]> values) {
    return new Tensor(shape, dtype, null, null, values);
  }

  /** A tensor of the given shape with every element {@code value}, materialized only when read. */
  static Tensor filled(int[] shape, DataType dtype, double value) {
    int n = Shapes.size(shape);
    return lazy(shape, dtype, () -> {
      double[] d = new double[n];
      Arrays.fill(d, value);
      return d;
    });
  }

  private static void checkSize(int[] shape, int n) {
    if (Shapes.sizeLong(shape) != n) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " does not hold " + n + " values");
    }
  }

  public int[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  public DataType dtype() {
    return dtype;
  }

  /** Number of elements. */
  public int size() {
    return Shapes.size(shape);
  }

  private void materialize() {
    if (lazy != null) {
      materializeSlow();
    }
  }

  private synchronized void materializeSlow() {
    if (lazy == null) {
      return;
    }
    double[] d = lazy.get();
    if (d.length != size()) {
      throw new IllegalStateException("lazy tensor produced " + d.length + " values for " + Arrays.toString(shape));
    }
    if (dtype.isInteger()) {
      long[] l = new long[d.length];
      for (int i = 0; i < d.length; i++) {
        l[i] = (long) d[i];
      }
      longs = l;
    } else {
      // written before the volatile `lazy = null` below, so readers that see null see the data
      float[] f = new float[d.length];
      for (int i = 0; i < d.length; i++) {
        f[i] = (float) d[i];
      }
      floats = f;
    }
    lazy = null;
  }

  /** The values as floats (a fresh copy). */
  public float[] toFloatArray() {
    materialize();
    if (floats != null) {
      return floats.clone();
    }
    float[] f = new float[longs.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = longs[i];
    }
    return f;
  }

  /** The values as doubles (a fresh copy; exact for float and for integers below 2^53). */
  public double[] toDoubleArray() {
    materialize();
    int n = size();
    double[] d = new double[n];
    if (floats != null) {
      for (int i = 0; i < n; i++) {
        d[i] = floats[i];
      }
    } else {
      for (int i = 0; i < n; i++) {
        d[i] = longs[i];
      }
    }
    return d;
  }

  /** The values as longs (a fresh copy; floats are truncated toward zero). */
  public long[] toLongArray() {
    materialize();
    if (longs != null) {
      return longs.clone();
    }
    long[] l = new long[floats.length];
    for (int i = 0; i < l.length; i++) {
      l[i] = (long) floats[i];
    }
    return l;
  }

  /** Element {@code i} (row-major) as a double. */
  public double get(int i) {
    materialize();
    return floats != null ? floats[i] : longs[i];
  }

  /** The same values under another shape of equal size (no copy of materialized data). */
  Tensor reshape(int[] newShape) {
    checkSize(newShape, size());
    if (lazy != null) {
      Supplier<double[]> l = lazy;
      return lazy(newShape, dtype, l);
    }
    return new Tensor(newShape, dtype, floats, longs, null);
  }

  @Override
  public String toString() {
    return "Tensor" + Arrays.toString(shape) + ":" + dtype;
  }
}
