package io.deepprove.aggregate;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import java.util.Arrays;

/**
 * A tensor shape with every dimension padded to a power of two, and the tensor's values laid out
 * row-major in that padded shape (zeros in the padding). Because each dimension owns a block of
 * the MLE's variables (big-endian: the first dimension's bits are the most significant), viewing a
 * [N, M, P] tensor as the matrix [N·M, P] or permuting dimensions is a relabelling of variables,
 * never a sum-check: a claim at (r_N, r_M, r_P) is a claim on the permuted layout at the permuted
 * point.
 */
public final class PaddedShape {

  private final int[] shape;
  private final int[] padded;
  private final int[] vars;
  private final int totalVars;

  public PaddedShape(int[] shape) {
    this.shape = shape.clone();
    this.padded = new int[shape.length];
    this.vars = new int[shape.length];
    int total = 0;
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] < 1) {
        throw new IllegalArgumentException("dimension " + d + " of " + Arrays.toString(shape) + " is empty");
      }
      vars[d] = 32 - Integer.numberOfLeadingZeros(shape[d] - 1);
      padded[d] = 1 << vars[d];
      total += vars[d];
    }
    if (total > 28) {
      throw new IllegalArgumentException("tensor " + Arrays.toString(shape) + " is too large to prove (2^" + total + " padded)");
    }
    this.totalVars = total;
  }

  public int[] shape() {
    return shape.clone();
  }

  public int[] padded() {
    return padded.clone();
  }

  public int rank() {
    return shape.length;
  }

  /** Variables of dimension d. */
  public int vars(int d) {
    return vars[d];
  }

  public int totalVars() {
    return totalVars;
  }

  public int paddedSize() {
    return 1 << totalVars;
  }

  public long realSize() {
    long n = 1;
    for (int s : shape) {
      n *= s;
    }
    return n;
  }

  /** Padded flat index of the real row-major index i. */
  public int paddedIndex(long i) {
    int idx = 0;
    int shiftTotal = 0;
    // walk dimensions from the last (least significant) to the first
    for (int d = shape.length - 1; d >= 0; d--) {
      int coord = (int) (i % shape[d]);
      i /= shape[d];
      idx |= coord << shiftTotal;
      shiftTotal += vars[d];
    }
    return idx;
  }

  /** The values of a row-major tensor of this shape, as canonical field elements in the padded layout. */
  public long[] pad(long[] signedValues) {
    long[] out = padSigned(signedValues);
    for (int i = 0; i < out.length; i++) {
      out[i] = Goldilocks.fromSigned(out[i]);
    }
    return out;
  }

  /** The values of a row-major tensor of this shape in the padded layout, as they are (zeros in the padding). */
  public long[] padSigned(long[] real) {
    if (real.length != realSize()) {
      throw new IllegalArgumentException("tensor of " + real.length + " values, shape " + Arrays.toString(shape));
    }
    long[] out = new long[paddedSize()];
    int row = rowLength();
    // the last axis is contiguous in both layouts: one copy per row
    for (int r = 0; r < real.length; r += row) {
      System.arraycopy(real, r, out, paddedIndex(r), row);
    }
    return out;
  }

  /** The real entries of a padded layout of signed values (not field elements), row-major. */
  public long[] unpad(long[] paddedSigned) {
    long[] out = new long[(int) realSize()];
    int row = rowLength();
    for (int r = 0; r < out.length; r += row) {
      System.arraycopy(paddedSigned, paddedIndex(r), out, r, row);
    }
    return out;
  }

  private int rowLength() {
    return shape.length == 0 ? 1 : Math.max(1, shape[shape.length - 1]);
  }

  /** The coordinates of point belonging to dimension d. */
  public Ext2[] slice(Ext2[] point, int d) {
    int from = 0;
    for (int k = 0; k < d; k++) {
      from += vars[k];
    }
    return Arrays.copyOfRange(point, from, from + vars[d]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PaddedShape p && Arrays.equals(shape, p.shape);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return Arrays.toString(shape) + "→" + Arrays.toString(padded);
  }
}
