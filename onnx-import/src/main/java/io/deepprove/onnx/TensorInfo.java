package io.deepprove.onnx;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named tensor of the graph with its static shape and element type. Every value of an imported
 * {@link Graph} has one; shapes are fully static (the batch dimension already resolved).
 *
 * @param name the ONNX value name
 * @param shape the dimensions, row-major ({@code []} for a scalar); a copy is kept and returned
 * @param dtype the element type
 */
public record TensorInfo(String name, int[] shape, DataType dtype) {
  public TensorInfo {
    Objects.requireNonNull(name, "name");
    shape = shape.clone();
    Objects.requireNonNull(dtype, "dtype");
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** Rank (number of dimensions). */
  public int rank() {
    return shape.length;
  }

  /** Dimension {@code i}. */
  public int dim(int i) {
    return shape[i];
  }

  /** Number of elements. */
  public int size() {
    return Shapes.size(shape);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorInfo t
        && t.name.equals(name)
        && Arrays.equals(t.shape, shape)
        && t.dtype == dtype;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, Arrays.hashCode(shape), dtype);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape) + ":" + dtype;
  }
}
