package io.deepprove.onnx;

import java.util.Arrays;

/** Small helpers on static shapes ({@code int[]} of non-negative dimensions, row-major). */
public final class Shapes {
  private Shapes() {}

  /** Number of elements of a tensor of this shape (1 for a scalar); throws past 2^31 - 1. */
  public static int size(int[] shape) {
    long n = sizeLong(shape);
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " is too large");
    }
    return (int) n;
  }

  /** Number of elements as a long (no overflow check below 2^63). */
  public static long sizeLong(int[] shape) {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** Row-major strides of the shape. */
  public static int[] strides(int[] shape) {
    int[] s = new int[shape.length];
    int acc = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= shape[i];
    }
    return s;
  }

  /** Product of {@code shape[from..to)}. */
  public static int product(int[] shape, int from, int to) {
    int p = 1;
    for (int i = from; i < to; i++) {
      p *= shape[i];
    }
    return p;
  }

  /** Shape written as {@code [a, b, c]}. */
  public static String toString(int[] shape) {
    return shape == null ? "?" : Arrays.toString(shape);
  }

  /**
   * The numpy (multidirectional) broadcast of the shapes, or null when they are incompatible.
   */
  public static int[] broadcast(int[]... shapes) {
    int rank = 0;
    for (int[] s : shapes) {
      rank = Math.max(rank, s.length);
    }
    int[] out = new int[rank];
    Arrays.fill(out, 1);
    for (int[] s : shapes) {
      for (int i = 0; i < s.length; i++) {
        int o = rank - s.length + i;
        int d = s[i];
        if (out[o] == 1) {
          out[o] = d;
        } else if (d != 1 && d != out[o]) {
          return null;
        }
      }
    }
    return out;
  }

  /**
   * Strides with which an input of shape {@code in} is read at each index of the broadcast output
   * shape {@code out} (0 along broadcast axes).
   */
  public static int[] broadcastStrides(int[] in, int[] out) {
    int[] inStrides = strides(in);
    int[] s = new int[out.length];
    for (int i = 0; i < in.length; i++) {
      int o = out.length - in.length + i;
      s[o] = in[i] == 1 && out[o] != 1 ? 0 : inStrides[i];
    }
    return s;
  }
}
