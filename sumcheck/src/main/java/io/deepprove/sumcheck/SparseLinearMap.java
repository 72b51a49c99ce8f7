package io.deepprove.sumcheck;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.poly.Eq;
import io.deepprove.core.poly.Multilinear;
import java.util.Arrays;

/**
 * A public linear map y = M·x between tensors padded to powers of two, given by its non-zero
 * entries (output index, input index, coefficient). Pooling sums, padding, slicing, gathering,
 * transposition, concatenation and im2col are all such maps with small integer coefficients, and
 * prover and verifier both derive M from the public graph — it is never part of a proof.
 *
 * <p>Entries are kept sorted by output index so {@link #apply} and {@link #bindOutputs} run in
 * O(nnz) over plain arrays.
 */
public final class SparseLinearMap implements LinearMapSumcheck.MapEvaluation {

  private final int outVars;
  private final int inVars;
  private final int[] rows;
  private final int[] cols;
  private final long[] coefficients;

  private SparseLinearMap(int outVars, int inVars, int[] rows, int[] cols, long[] coefficients) {
    this.outVars = outVars;
    this.inVars = inVars;
    this.rows = rows;
    this.cols = cols;
    this.coefficients = coefficients;
  }

  /** Builder: add entries in any order, repeated (row, col) pairs add up. */
  public static Builder builder(int outVars, int inVars) {
    return new Builder(outVars, inVars);
  }

  /** Accumulates entries in growable primitive arrays (no boxing). */
  public static final class Builder {
    private final int outVars;
    private final int inVars;
    private int[] rows = new int[16];
    private int[] cols = new int[16];
    private long[] coefficients = new long[16];
    private int size;

    private Builder(int outVars, int inVars) {
      if (outVars < 0 || outVars > 30 || inVars < 0 || inVars > 30) {
        throw new IllegalArgumentException("linear map dimensions out of range: 2^" + outVars + " × 2^" + inVars);
      }
      this.outVars = outVars;
      this.inVars = inVars;
    }

    /** Adds coefficient (a canonical field element) at (row, col). */
    public Builder add(int row, int col, long coefficient) {
      if (row < 0 || row >= (1 << outVars) || col < 0 || col >= (1 << inVars)) {
        throw new IllegalArgumentException("entry (" + row + ", " + col + ") outside the map");
      }
      if (size == rows.length) {
        rows = Arrays.copyOf(rows, 2 * size);
        cols = Arrays.copyOf(cols, 2 * size);
        coefficients = Arrays.copyOf(coefficients, 2 * size);
      }
      rows[size] = row;
      cols[size] = col;
      coefficients[size] = coefficient;
      size++;
      return this;
    }

    /** Adds a coefficient 1 at (row, col): the usual entry of a selection. */
    public Builder select(int row, int col) {
      return add(row, col, 1);
    }

    public SparseLinearMap build() {
      // counting sort by row keeps apply() sequential over the output
      int outLen = 1 << outVars;
      int[] start = new int[outLen + 1];
      for (int e = 0; e < size; e++) {
        start[rows[e] + 1]++;
      }
      for (int i = 0; i < outLen; i++) {
        start[i + 1] += start[i];
      }
      int[] r = new int[size];
      int[] c = new int[size];
      long[] v = new long[size];
      int[] next = Arrays.copyOf(start, outLen);
      for (int e = 0; e < size; e++) {
        int at = next[rows[e]]++;
        r[at] = rows[e];
        c[at] = cols[e];
        v[at] = coefficients[e];
      }
      return new SparseLinearMap(outVars, inVars, r, c, v);
    }
  }

  @Override
  public int outVars() {
    return outVars;
  }

  @Override
  public int inVars() {
    return inVars;
  }

  /** The number of stored entries. */
  public int nonZeros() {
    return rows.length;
  }

  /** y = M·x over base-field values. */
  public long[] apply(long[] x) {
    if (x.length != 1 << inVars) {
      throw new IllegalArgumentException("input of length " + x.length + ", map expects 2^" + inVars);
    }
    long[] y = new long[1 << outVars];
    for (int e = 0; e < rows.length; e++) {
      y[rows[e]] = Goldilocks.add(y[rows[e]], Goldilocks.mul(coefficients[e], x[cols[e]]));
    }
    return y;
  }

  /**
   * y = M·x over signed integers (coefficients read as signed), for computing witnesses before
   * they are embedded in the field; throws {@link ArithmeticException} on overflow.
   */
  public long[] applyIntegers(long[] x) {
    if (x.length != 1 << inVars) {
      throw new IllegalArgumentException("input of length " + x.length + ", map expects 2^" + inVars);
    }
    long[] y = new long[1 << outVars];
    for (int e = 0; e < rows.length; e++) {
      long c = Goldilocks.toSigned(coefficients[e]);
      y[rows[e]] = Math.addExact(y[rows[e]], c == 1 ? x[cols[e]] : Math.multiplyExact(c, x[cols[e]]));
    }
    return y;
  }

  /**
   * m_r(i) = Σ_o eq(r, o)·M[o][i]: the row of M̃ bound at r, as interleaved extension values over
   * the input. eq(r, o) = eq(r_hi, o_hi)·eq(r_lo, o_lo) comes from two tables of 2^(outVars/2)
   * entries, one product per distinct output row (entries are sorted by row), so the cost is
   * O(nnz + 2^(outVars/2) + 2^inVars) rather than the 2^outVars of a full eq table — the output of
   * an im2col map is far larger than its input.
   */
  public long[] bindOutputs(Ext2[] r) {
    if (r.length != outVars) {
      throw new IllegalArgumentException("point has " + r.length + " variables, the map's output " + outVars);
    }
    int hiVars = outVars / 2;
    int loVars = outVars - hiVars;
    long[] hi = Eq.table(java.util.Arrays.copyOfRange(r, 0, hiVars));
    long[] lo = Eq.table(java.util.Arrays.copyOfRange(r, hiVars, outVars));
    int loMask = (1 << loVars) - 1;
    long[] m = new long[2 << inVars];
    long[] e = new long[2];
    int row = -1;
    for (int k = 0; k < rows.length; k++) {
      if (rows[k] != row) {
        row = rows[k];
        int h = row >>> loVars;
        int l = row & loMask;
        Ext2.mulInto(hi[2 * h], hi[2 * h + 1], lo[2 * l], lo[2 * l + 1], e, 0);
      }
      long c = coefficients[k];
      int i = cols[k];
      if (c == 1) {
        m[2 * i] = Goldilocks.add(m[2 * i], e[0]);
        m[2 * i + 1] = Goldilocks.add(m[2 * i + 1], e[1]);
      } else {
        m[2 * i] = Goldilocks.add(m[2 * i], Goldilocks.mul(c, e[0]));
        m[2 * i + 1] = Goldilocks.add(m[2 * i + 1], Goldilocks.mul(c, e[1]));
      }
    }
    return m;
  }

  /** M̃(r, ρ) = Σ_{(o,i,c)} c·eq(r, o)·eq(ρ, i), in O(nnz + 2^outVars + 2^inVars). */
  @Override
  public Ext2 at(Ext2[] r, Ext2[] rho) {
    if (r.length != outVars || rho.length != inVars) {
      throw new IllegalArgumentException("point of " + r.length + " + " + rho.length + " variables for a 2^"
          + outVars + " × 2^" + inVars + " map");
    }
    return Multilinear.evaluateExt(bindOutputs(r), rho);
  }
}
