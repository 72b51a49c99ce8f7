package io.deepprove.quantizer;

import io.deepprove.onnx.Op;
import io.deepprove.onnx.Shapes;
import java.util.ArrayList;
import java.util.List;

/** Data-movement ops on int8 values (exact; the prover checks them as permutations/copies). */
final class StructuralKernels {
  private StructuralKernels() {}

  /** Marks an output position filled with the pad constant. */
  private static final int FILL = Integer.MIN_VALUE;

  static List<long[]> eval(Op op, List<long[]> in, List<int[]> inShapes, List<int[]> outShapes, long padValue) {
    long[] x = in.get(0);
    int[] xs = inShapes.get(0);
    int[] os = outShapes.get(0);
    if (op instanceof Op.Reshape || op instanceof Op.Identity) {
      return List.of(x.clone());
    }
    if (op instanceof Op.Transpose t) {
      int[] perm = t.perm();
      int[] inStrides = Shapes.strides(xs);
      int[][] offs = new int[os.length][];
      for (int a = 0; a < os.length; a++) {
        offs[a] = new int[os[a]];
        for (int j = 0; j < os[a]; j++) {
          offs[a][j] = j * inStrides[perm[a]];
        }
      }
      return List.of(gather(x, os, offs, 0));
    }
    if (op instanceof Op.Slice s) {
      int[] starts = s.starts();
      int[] steps = s.steps();
      int[] inStrides = Shapes.strides(xs);
      int[][] offs = new int[os.length][];
      for (int a = 0; a < os.length; a++) {
        offs[a] = new int[os[a]];
        for (int j = 0; j < os[a]; j++) {
          offs[a][j] = (starts[a] + j * steps[a]) * inStrides[a];
        }
      }
      return List.of(gather(x, os, offs, 0));
    }
    if (op instanceof Op.Pad p) {
      int[] pb = p.padsBegin();
      int[] inStrides = Shapes.strides(xs);
      int[][] offs = new int[os.length][];
      for (int a = 0; a < os.length; a++) {
        offs[a] = new int[os[a]];
        int n = xs[a];
        for (int j = 0; j < os[a]; j++) {
          int i = j - pb[a];
          if (i < 0 || i >= n) {
            switch (p.mode()) {
              case CONSTANT -> i = -1;
              case EDGE -> i = Math.max(0, Math.min(n - 1, i));
              case REFLECT -> {
                while (i < 0 || i >= n) {
                  i = i < 0 ? -i : 2 * (n - 1) - i;
                  if (n == 1) {
                    i = 0;
                  }
                }
              }
              default -> throw new IllegalStateException();
            }
          }
          offs[a][j] = i < 0 ? FILL : i * inStrides[a];
        }
      }
      return List.of(gather(x, os, offs, padValue));
    }
    if (op instanceof Op.Concat c) {
      int axis = c.axis();
      int outer = Shapes.product(os, 0, axis);
      int outInner = Shapes.product(os, axis, os.length);
      long[] y = new long[Shapes.size(os)];
      int at = 0;
      for (int k = 0; k < in.size(); k++) {
        int[] s = inShapes.get(k);
        int block = Shapes.product(s, axis, s.length);
        long[] v = in.get(k);
        for (int o = 0; o < outer; o++) {
          System.arraycopy(v, o * block, y, o * outInner + at, block);
        }
        at += block;
      }
      return List.of(y);
    }
    if (op instanceof Op.Split s) {
      int axis = s.axis();
      int outer = Shapes.product(xs, 0, axis);
      int inInner = Shapes.product(xs, axis, xs.length);
      List<long[]> outs = new ArrayList<>();
      int at = 0;
      for (int[] shape : outShapes) {
        int block = Shapes.product(shape, axis, shape.length);
        long[] y = new long[Shapes.size(shape)];
        for (int o = 0; o < outer; o++) {
          System.arraycopy(x, o * inInner + at, y, o * block, block);
        }
        at += block;
        outs.add(y);
      }
      return outs;
    }
    if (op instanceof Op.Gather g) {
      int axis = g.axis();
      int[] idx = g.indices();
      int outer = Shapes.product(xs, 0, axis);
      int inner = Shapes.product(xs, axis + 1, xs.length);
      long[] y = new long[outer * idx.length * inner];
      int o = 0;
      for (int b = 0; b < outer; b++) {
        for (int t : idx) {
          System.arraycopy(x, (b * xs[axis] + t) * inner, y, o, inner);
          o += inner;
        }
      }
      return List.of(y);
    }
    throw new IllegalArgumentException("not a data-movement op: " + op);
  }

  /** y[j] = x[Σ_a offs[a][j_a]] over the row-major indices j of {@code shape}; FILL anywhere gives {@code fill}. */
  private static long[] gather(long[] x, int[] shape, int[][] offs, long fill) {
    int size = Shapes.size(shape);
    long[] y = new long[size];
    int rank = shape.length;
    if (rank == 0) {
      y[0] = x[0];
      return y;
    }
    int[] idx = new int[rank];
    for (int i = 0; i < size; i++) {
      long off = 0;
      boolean filled = false;
      for (int a = 0; a < rank; a++) {
        int v = offs[a][idx[a]];
        if (v == FILL) {
          filled = true;
          break;
        }
        off += v;
      }
      y[i] = filled ? fill : x[(int) off];
      for (int a = rank - 1; a >= 0; a--) {
        if (++idx[a] < shape[a]) {
          break;
        }
        idx[a] = 0;
      }
    }
    return y;
  }
}
