package io.deepprove.aggregate;

import io.deepprove.core.field.Ext2;
import java.util.Arrays;

/**
 * The numpy matmul geometry of a {@link Circuit.MatMul} step: a [..., m, k] (or [..., k, m] with
 * transA; [k] for a 1-D a), b [..., k, n] (or [..., n, k] with transB; [k] for a 1-D b), batch axes
 * broadcast, out = batch + [m] (unless a is 1-D) + [n] (unless b is 1-D).
 *
 * <p>In padded layouts every axis owns its own variables, so the operands' claims are the output
 * point's batch, row and column coordinates (a broadcast batch axis of size 1 has none) around the
 * inner coordinates p of the sum-check over (batch, k).
 */
record MatMulShape(int[] aShape, int[] bShape, boolean transA, boolean transB, int[] batch, int m, int k, int n,
    int[] outShape) {

  /** The geometry of a circuit's matmul step. */
  static MatMulShape of(Circuit c, Circuit.MatMul mm) {
    return of(c.tensor(mm.a()).shape(), c.tensor(mm.b()).shape(), mm.transA(), mm.transB(), c.tensor(mm.out()).shape());
  }

  static MatMulShape of(int[] as, int[] bs, boolean transA, boolean transB, int[] out) {
    if (as.length == 0 || bs.length == 0) {
      throw new IllegalArgumentException("matmul of a scalar");
    }
    int ra = as.length;
    int rb = bs.length;
    int m = ra == 1 ? 1 : transA ? as[ra - 1] : as[ra - 2];
    int ka = ra == 1 ? as[0] : transA ? as[ra - 2] : as[ra - 1];
    int kb = rb == 1 ? bs[0] : transB ? bs[rb - 1] : bs[rb - 2];
    int n = rb == 1 ? 1 : transB ? bs[rb - 2] : bs[rb - 1];
    if (ka != kb) {
      throw new IllegalArgumentException("matmul operands " + Arrays.toString(as) + " and " + Arrays.toString(bs)
          + " do not multiply");
    }
    int[] ab = Arrays.copyOf(as, Math.max(0, ra - 2));
    int[] bb = Arrays.copyOf(bs, Math.max(0, rb - 2));
    int rank = Math.max(ab.length, bb.length);
    int[] batch = new int[rank];
    for (int d = 0; d < rank; d++) {
      int x = d - (rank - ab.length) >= 0 ? ab[d - (rank - ab.length)] : 1;
      int y = d - (rank - bb.length) >= 0 ? bb[d - (rank - bb.length)] : 1;
      if (x != y && x != 1 && y != 1) {
        throw new IllegalArgumentException("matmul batch axes " + Arrays.toString(ab) + " and " + Arrays.toString(bb)
            + " do not broadcast");
      }
      batch[d] = Math.max(x, y);
    }
    int[] expected = Arrays.copyOf(batch, rank + (ra == 1 ? 0 : 1) + (rb == 1 ? 0 : 1));
    int at = rank;
    if (ra != 1) {
      expected[at++] = m;
    }
    if (rb != 1) {
      expected[at] = n;
    }
    if (!Arrays.equals(expected, out)) {
      throw new IllegalArgumentException("matmul output " + Arrays.toString(out) + ", expected "
          + Arrays.toString(expected));
    }
    return new MatMulShape(as.clone(), bs.clone(), transA, transB, batch, m, ka, n, out.clone());
  }

  PaddedShape batchPadded() {
    return new PaddedShape(batch.length == 0 ? new int[] {1} : batch);
  }

  /** Variables of the batch, of k, and of the output's row and column parts. */
  int batchVars() {
    return batchPadded().totalVars();
  }

  int kVars() {
    return new PaddedShape(new int[] {k}).totalVars();
  }

  int mVars() {
    return new PaddedShape(new int[] {m}).totalVars();
  }

  /** The output point's batch, row and column coordinates. */
  Ext2[][] splitOutput(Ext2[] rho) {
    int bv = batchVars();
    int mv = mVars();
    return new Ext2[][] {Protocol.range(rho, 0, bv), Protocol.range(rho, bv, bv + mv),
        Protocol.range(rho, bv + mv, rho.length)};
  }

  /** The point of a (or b) for batch point t, outer coordinates (row of a, column of b) and inner p. */
  Ext2[] operandPoint(boolean left, Ext2[] t, Ext2[] outer, Ext2[] p) {
    int[] s = left ? aShape : bShape;
    if (s.length == 1) {
      return p.clone();
    }
    Ext2[] bt = batchPoint(s, t);
    boolean innerFirst = left ? transA : !transB;
    return Protocol.concat(bt, innerFirst ? Protocol.concat(p, outer) : Protocol.concat(outer, p));
  }

  /** The coordinates of the batch point t that an operand's (right-aligned, maybe broadcast) batch axes read. */
  private Ext2[] batchPoint(int[] s, Ext2[] t) {
    PaddedShape bp = batchPadded();
    int own = s.length - 2;
    Ext2[] r = new Ext2[0];
    for (int d = 0; d < own; d++) {
      int full = batch.length - own + d;
      if (s[d] != 1) {
        r = Protocol.concat(r, bp.slice(t, full));
      }
    }
    return r;
  }

  /**
   * For each padded batch index of the output, the operand's padded batch index (broadcast axes
   * read index 0).
   */
  int[] batchMap(boolean left) {
    int[] s = left ? aShape : bShape;
    int own = Math.max(0, s.length - 2);
    int[] ownBatch = Arrays.copyOf(s, own);
    PaddedShape full = batchPadded();
    if (own == 0) {
      return new int[full.paddedSize()];
    }
    return Protocol.broadcastIndex(full, new PaddedShape(ownBatch));
  }
}
