package io.deepprove.aggregate;

import io.deepprove.aggregate.Circuit.AvgPool;
import io.deepprove.aggregate.Circuit.ConvGeometry;
import io.deepprove.aggregate.Circuit.ConvTranspose;
import io.deepprove.aggregate.Circuit.GroupedConv;
import io.deepprove.aggregate.Circuit.Linear;
import io.deepprove.aggregate.Circuit.MaxPool;
import io.deepprove.aggregate.Circuit.Reduce;
import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.poly.Eq;
import io.deepprove.sumcheck.SparseLinearMap;

/**
 * The selections behind convolution and pooling, as public sparse linear maps between padded
 * layouts (ARCHITECTURE.md, "im2col"): U = im2col(x) with rows (c, k0, k1, k2) and columns
 * (n, o0, o1, o2), so that conv(x, W) = W·U; and the stacked pooling windows X[k, n, c, o].
 * Prover and verifier build the same map from the circuit.
 */
final class Im2col {

  private Im2col() {}

  /** The map x → U of a convolution step. */
  static SparseLinearMap convMap(Circuit c, Linear l) {
    return buildConv(c, l);
  }

  /** Variables of a convolution's (c, k) rows, which come before its (n, o) columns in U's index. */
  static int convRowVars(Circuit c, Linear l) {
    PaddedShape wp = new PaddedShape(Circuit.spatial5(c.tensor(l.weight()).shape()));
    return wp.totalVars() - wp.vars(0);
  }

  /** Where the (n, o) columns start in the index of a grouped convolution's U'. */
  static int groupedColumnsAt(Circuit c, GroupedConv l) {
    return c.tensor(l.weight()).padded().vars(0) + groupedRowVars(c, l);
  }

  /** Where the (n, o) columns start in the index of a transposed convolution's U. */
  static int transposedColumnsAt(Circuit c, ConvTranspose l) {
    return c.tensor(l.weight()).padded().vars(0) + transposedKernelVars(c, l);
  }

  /** Where the images start in the index of a max-pool window stack (after the window axis). */
  static int windowsAt(Circuit c, MaxPool p) {
    return c.tensor(p.windows()).padded().vars(0);
  }

  /** The map x → X (stacked windows) of a max-pool step. */
  static SparseLinearMap poolMap(Circuit c, MaxPool p) {
    return buildPool(c, p);
  }

  /** The map x → multiplier·(window sums) of an average-pool step (cells outside x add nothing). */
  static SparseLinearMap avgPoolMap(Circuit c, AvgPool p) {
    PaddedShape xp = c.tensor(p.in()).padded();
    PaddedShape op = c.tensor(p.out()).padded();
    SparseLinearMap.Builder b = SparseLinearMap.builder(op.totalVars(), xp.totalVars());
    long m = p.multiplier();
    windows(c, p.in(), p.out(), p.geometry(), (k, row, xi) -> {
      if (xi >= 0) {
        b.add(row, xi, m);
      }
    });
    return b.build();
  }

  /**
   * The rows of the stacked max-pool windows whose cell lies outside the input (padding, ceil
   * mode): they hold the constant {@link MaxPool#FILL}, which never beats a real int8 cell.
   */
  static int[] poolFillRows(Circuit c, MaxPool p) {
    PaddedShape sp = c.tensor(p.windows()).padded();
    int plane = sp.paddedSize() / sp.padded()[0];
    int[][] rows = {new int[16]};
    int[] n = {0};
    windows(c, p.in(), p.out(), p.geometry(), (k, row, xi) -> {
      if (xi < 0) {
        if (n[0] == rows[0].length) {
          rows[0] = java.util.Arrays.copyOf(rows[0], 2 * n[0]);
        }
        rows[0][n[0]++] = k * plane + row;
      }
    });
    return java.util.Arrays.copyOf(rows[0], n[0]);
  }

  /** The map in → acc of a reduction: acc[kept position] = Σ over the reduced axes. */
  static SparseLinearMap reduceMap(Circuit c, Reduce r) {
    PaddedShape ip = c.tensor(r.in()).padded();
    PaddedShape op = c.tensor(r.out()).padded();
    int[] is = r.shape();
    boolean[] reduced = new boolean[is.length];
    for (int a : r.axes()) {
      reduced[a] = true;
    }
    // row-major strides of the kept shape (0 along reduced axes)
    long[] stride = new long[is.length];
    long s = 1;
    for (int d = is.length - 1; d >= 0; d--) {
      stride[d] = reduced[d] ? 0 : s;
      s *= reduced[d] ? 1 : is[d];
    }
    SparseLinearMap.Builder b = SparseLinearMap.builder(op.totalVars(), ip.totalVars());
    int[] idx = new int[is.length];
    long kept = 0;
    long real = ip.realSize();
    for (long i = 0; i < real; i++) {
      b.select(op.paddedIndex(kept), ip.paddedIndex(i));
      for (int d = is.length - 1; d >= 0; d--) {
        idx[d]++;
        kept += stride[d];
        if (idx[d] < is[d]) {
          break;
        }
        kept -= stride[d] * idx[d];
        idx[d] = 0;
      }
    }
    return b.build();
  }

  // ------------------------------------------------------------------ grouped convolution

  /** Receives one entry of a grouped convolution's U': output channel, padded (c', k) row, padded (n, o) column, x index. */
  private interface GroupedCell {
    void at(int m, int p, int col, int xi);
  }

  /** Variables of the (c', k) rows of U' (the weight's variables after its output channels). */
  static int groupedRowVars(Circuit c, GroupedConv l) {
    PaddedShape wp = new PaddedShape(Circuit.spatial5(c.tensor(l.weight()).shape()));
    return wp.totalVars() - wp.vars(0);
  }

  /** Variables of the (n, o) columns of U' (the accumulator's variables without its channels). */
  static int groupedColVars(Circuit c, GroupedConv l) {
    PaddedShape ap = new PaddedShape(Circuit.spatial5(c.tensor(l.out()).shape()));
    return ap.totalVars() - ap.vars(1);
  }

  /** Visits the non-zero entries of U', output channel by output channel. */
  private static void groupedCells(Circuit c, GroupedConv l, GroupedCell cell) {
    int[] xs = Circuit.spatial5(c.tensor(l.x()).shape());
    int[] ws = Circuit.spatial5(c.tensor(l.weight()).shape());
    int[] as = Circuit.spatial5(c.tensor(l.out()).shape());
    int[] xpd = new PaddedShape(xs).padded();
    int[] wpd = new PaddedShape(ws).padded();
    int[] apd = new PaddedShape(as).padded();
    ConvGeometry g = l.geometry();
    int[] k = g.kernel();
    int xPlane = xpd[2] * xpd[3] * xpd[4];
    int aPlane = apd[2] * apd[3] * apd[4];
    int perGroup = ws[0] / l.group();
    for (int m = 0; m < ws[0]; m++) {
      int firstChannel = (m / perGroup) * ws[1];
      for (int ci = 0; ci < ws[1]; ci++) {
        int ch = firstChannel + ci;
        for (int k0 = 0; k0 < k[0]; k0++) {
          for (int k1 = 0; k1 < k[1]; k1++) {
            for (int k2 = 0; k2 < k[2]; k2++) {
              int row = ((ci * wpd[2] + k0) * wpd[3] + k1) * wpd[4] + k2;
              int[] tap = {k0, k1, k2};
              int mm = m;
              for (int n = 0; n < as[0]; n++) {
                // gather: output position o reads input position o·s + k·d − p
                int colBase = n * aPlane;
                int xBase = (n * xpd[1] + ch) * xPlane;
                taps(as, apd, xs, xpd, tap, g, (o, i) -> cell.at(mm, row, colBase + o, xBase + i));
              }
            }
          }
        }
      }
    }
  }

  /** Receives one pair of a strided window: the offsets of a position a and of its image b in their padded grids. */
  private interface Tap {
    void at(int a, int b);
  }

  /**
   * For kernel tap k, every spatial position a of the [·, ·, A0, A1, A2] grid {@code as} whose image
   * b = a·s + k·d − p lies inside the grid {@code bs}, as offsets into the padded spatial grids
   * ({@code ap}, {@code bp}: padded shapes). A convolution gathers (a: output, b: input), a
   * transposed convolution scatters (a: input, b: output).
   */
  private static void taps(int[] as, int[] ap, int[] bs, int[] bp, int[] k, ConvGeometry g, Tap tap) {
    int[] s = g.strides();
    int[] p = g.pads();
    int[] d = g.dilations();
    for (int a0 = 0; a0 < as[2]; a0++) {
      int b0 = a0 * s[0] + k[0] * d[0] - p[0];
      if (b0 < 0 || b0 >= bs[2]) {
        continue;
      }
      for (int a1 = 0; a1 < as[3]; a1++) {
        int b1 = a1 * s[1] + k[1] * d[1] - p[1];
        if (b1 < 0 || b1 >= bs[3]) {
          continue;
        }
        for (int a2 = 0; a2 < as[4]; a2++) {
          int b2 = a2 * s[2] + k[2] * d[2] - p[2];
          if (b2 < 0 || b2 >= bs[4]) {
            continue;
          }
          tap.at((a0 * ap[3] + a1) * ap[4] + a2, (b0 * bp[3] + b1) * bp[4] + b2);
        }
      }
    }
  }

  /** The selection x → U' with rows (m, (c', k)) and columns (n, o). */
  static SparseLinearMap groupedMap(Circuit c, GroupedConv l) {
    PaddedShape wp = c.tensor(l.weight()).padded();
    int mVars = wp.vars(0);
    int rowVars = groupedRowVars(c, l);
    int colVars = groupedColVars(c, l);
    SparseLinearMap.Builder b =
        SparseLinearMap.builder(mVars + rowVars + colVars, c.tensor(l.x()).padded().totalVars());
    groupedCells(c, l, (m, p, col, xi) -> b.select((((m << rowVars) | p) << colVars) | col, xi));
    return b.build();
  }

  /** acc[n, m, o] = Σ_p W[m, p]·U'[m, p, (n, o)] + bias[m] over signed integers, in the accumulator's padded layout. */
  static long[] groupedAccumulator(Circuit c, GroupedConv l, long[] x, long[] w, long[] bias) {
    PaddedShape ap = c.tensor(l.out()).padded();
    int[] apd = new PaddedShape(Circuit.spatial5(c.tensor(l.out()).shape())).padded();
    int channels = apd[1];
    int positions = apd[2] * apd[3] * apd[4];
    int rows = 1 << groupedRowVars(c, l);
    long[] acc = new long[ap.paddedSize()];
    groupedCells(c, l, (m, p, col, xi) -> {
      int n = col / positions;
      acc[(n * channels + m) * positions + col % positions] += w[m * rows + p] * x[xi];
    });
    addBias(acc, apd, bias);
    return acc;
  }

  /**
   * acc[n, m, o] += bias[m] on every (padded) image, channel and position of an [N, M, O0, O1, O2]
   * accumulator: the proof subtracts bias(ρ_M) from acc(ρ) over the whole padded layout, so padded
   * images (a batch of 3 pads to 4) and positions carry the bias too. Nothing without a bias.
   */
  private static void addBias(long[] acc, int[] apd, long[] bias) {
    if (bias == null) {
      return;
    }
    int channels = apd[1];
    int positions = apd[2] * apd[3] * apd[4];
    for (int n = 0; n < apd[0]; n++) {
      for (int m = 0; m < channels; m++) {
        int at = (n * channels + m) * positions;
        for (int o = 0; o < positions; o++) {
          acc[at + o] += bias[m];
        }
      }
    }
  }

  /**
   * V(m, p) = Σ_col eq(r_C, col)·U'[m, p, col] over the field, as interleaved extension values over
   * the weight's padded layout (m, p): U' bound at its column coordinates.
   */
  static long[] groupedBound(Circuit c, GroupedConv l, long[] x, long[] eqC) {
    int rowVars = groupedRowVars(c, l);
    long[] v = new long[2 * c.tensor(l.weight()).padded().paddedSize()];
    groupedCells(c, l, (m, p, col, xi) -> {
      int at = 2 * ((m << rowVars) | p);
      long xv = x[xi];
      v[at] = Goldilocks.add(v[at], Goldilocks.mul(eqC[2 * col], xv));
      v[at + 1] = Goldilocks.add(v[at + 1], Goldilocks.mul(eqC[2 * col + 1], xv));
    });
    return v;
  }

  // ------------------------------------------------------------------ transposed convolution

  /**
   * Receives one entry of a transposed convolution's U: input channel, padded kernel index, padded
   * (n, o) column, padded x index.
   */
  private interface TransposedCell {
    void at(int ch, int kk, int col, int xi);
  }

  /** Variables of the kernel axes of a transposed convolution's weight [C, M/G, K...]. */
  static int transposedKernelVars(Circuit c, ConvTranspose l) {
    PaddedShape wp = new PaddedShape(Circuit.spatial5(c.tensor(l.weight()).shape()));
    return wp.totalVars() - wp.vars(0) - wp.vars(1);
  }

  /**
   * Visits the non-zero entries of U[(c, k), (n, o)] = x[n, c, i] with o = i·s + k·d − p: every
   * (image, input channel, kernel tap, input cell) whose output index lies inside the output.
   */
  private static void transposedCells(Circuit c, ConvTranspose l, TransposedCell cell) {
    int[] xs = Circuit.spatial5(c.tensor(l.x()).shape());
    int[] as = Circuit.spatial5(c.tensor(l.out()).shape());
    int[] xpd = new PaddedShape(xs).padded();
    int[] wpd = new PaddedShape(Circuit.spatial5(c.tensor(l.weight()).shape())).padded();
    int[] apd = new PaddedShape(as).padded();
    ConvGeometry g = l.geometry();
    int[] k = g.kernel();
    int xPlane = xpd[2] * xpd[3] * xpd[4];
    int aPlane = apd[2] * apd[3] * apd[4];
    for (int n = 0; n < xs[0]; n++) {
      for (int ch = 0; ch < xs[1]; ch++) {
        for (int k0 = 0; k0 < k[0]; k0++) {
          for (int k1 = 0; k1 < k[1]; k1++) {
            for (int k2 = 0; k2 < k[2]; k2++) {
              int kk = (k0 * wpd[3] + k1) * wpd[4] + k2;
              int c0 = ch;
              int colBase = n * aPlane;
              int xBase = (n * xpd[1] + ch) * xPlane;
              // scatter: input position i feeds output position i·s + k·d − p
              taps(xs, xpd, as, apd, new int[] {k0, k1, k2}, g, (i, o) -> cell.at(c0, kk, colBase + o, xBase + i));
            }
          }
        }
      }
    }
  }

  /** The selection x → U with rows (c, k) (the weight's variables without m') and columns (n, o). */
  static SparseLinearMap transposedMap(Circuit c, ConvTranspose l) {
    PaddedShape wp = c.tensor(l.weight()).padded();
    PaddedShape ap = new PaddedShape(Circuit.spatial5(c.tensor(l.out()).shape()));
    int kVars = transposedKernelVars(c, l);
    int colVars = ap.totalVars() - ap.vars(1);
    SparseLinearMap.Builder b =
        SparseLinearMap.builder(wp.vars(0) + kVars + colVars, c.tensor(l.x()).padded().totalVars());
    transposedCells(c, l, (ch, kk, col, xi) -> b.select((((ch << kVars) | kk) << colVars) | col, xi));
    return b.build();
  }

  /**
   * acc[n, m, o] = Σ W[c, m', k]·U[(c, k), (n, o)] over c in m's group (m = g(c)·M/G + m') plus
   * bias[m] ({@link #addBias}), over signed integers in the accumulator's padded layout.
   */
  static long[] transposedAccumulator(Circuit c, ConvTranspose l, long[] x, long[] w, long[] bias) {
    int[] xs = Circuit.spatial5(c.tensor(l.x()).shape());
    int[] ws = Circuit.spatial5(c.tensor(l.weight()).shape());
    int[] apd = new PaddedShape(Circuit.spatial5(c.tensor(l.out()).shape())).padded();
    int channels = apd[1];
    int positions = apd[2] * apd[3] * apd[4];
    int mg = ws[1];
    int mgPad = new PaddedShape(ws).padded()[1];
    int cg = xs[1] / l.group();
    int kVars = transposedKernelVars(c, l);
    long[] acc = new long[c.tensor(l.out()).padded().paddedSize()];
    transposedCells(c, l, (ch, kk, col, xi) -> {
      long xv = x[xi];
      if (xv == 0) {
        return;
      }
      int at = ((col / positions) * channels + (ch / cg) * mg) * positions + col % positions;
      int wi = ((ch * mgPad) << kVars) | kk;
      for (int j = 0; j < mg; j++) {
        acc[at + j * positions] += xv * w[wi + (j << kVars)];
      }
    });
    addBias(acc, apd, bias);
    return acc;
  }

  /**
   * V(c, m', k) = Σ_col eq(r_C, col)·U[(c, k), col] over the field, the same for every m', as
   * interleaved extension values over the weight's padded layout: U bound at its column coordinates.
   */
  static long[] transposedBound(Circuit c, ConvTranspose l, long[] x, long[] eqC) {
    PaddedShape wp = c.tensor(l.weight()).padded();
    int kVars = transposedKernelVars(c, l);
    int mVars = wp.vars(1);
    long[] u = new long[2 * (wp.paddedSize() >> mVars)];
    transposedCells(c, l, (ch, kk, col, xi) -> {
      int at = 2 * ((ch << kVars) | kk);
      long xv = x[xi];
      u[at] = Goldilocks.add(u[at], Goldilocks.mul(eqC[2 * col], xv));
      u[at + 1] = Goldilocks.add(u[at + 1], Goldilocks.mul(eqC[2 * col + 1], xv));
    });
    long[] v = new long[2 * wp.paddedSize()];
    int kp = 1 << kVars;
    int mp = 1 << mVars;
    for (int ch = 0; ch < u.length / (2 * kp); ch++) {
      for (int j = 0; j < mp; j++) {
        System.arraycopy(u, 2 * ch * kp, v, 2 * ((ch * mp + j) * kp), 2 * kp);
      }
    }
    return v;
  }

  /**
   * E(c, m', k) = eq(ρ_M, g(c)·M/G + m') for real c and m', 0 elsewhere, constant along k: which
   * output channel each weight entry feeds, as interleaved extension values over the weight's layout.
   */
  static long[] transposedChannels(Circuit c, ConvTranspose l, Ext2[] rM) {
    int[] xs = Circuit.spatial5(c.tensor(l.x()).shape());
    int[] ws = Circuit.spatial5(c.tensor(l.weight()).shape());
    PaddedShape wp = c.tensor(l.weight()).padded();
    int kp = 1 << transposedKernelVars(c, l);
    int mp = 1 << wp.vars(1);
    int cg = xs[1] / l.group();
    long[] eqM = Eq.table(rM);
    long[] e = new long[2 * wp.paddedSize()];
    for (int ch = 0; ch < ws[0]; ch++) {
      for (int j = 0; j < ws[1]; j++) {
        int m = (ch / cg) * ws[1] + j;
        int at = 2 * ((ch * mp + j) * kp);
        for (int kk = 0; kk < kp; kk++) {
          e[at + 2 * kk] = eqM[2 * m];
          e[at + 2 * kk + 1] = eqM[2 * m + 1];
        }
      }
    }
    return e;
  }

  /**
   * Ẽ at the weight point μ = (μ_C, μ_M', μ_K): Σ_g S_g·Σ_{c in group g} eq(μ_C, c) with S_g =
   * Σ_{m'} eq(μ_M', m')·eq(ρ_M, g·M/G + m') — O(C + M) for the verifier.
   */
  static Ext2 transposedChannelsAt(Circuit c, ConvTranspose l, Ext2[] rM, Ext2[] mu) {
    int[] xs = Circuit.spatial5(c.tensor(l.x()).shape());
    int[] ws = Circuit.spatial5(c.tensor(l.weight()).shape());
    PaddedShape wp = c.tensor(l.weight()).padded();
    int cv = wp.vars(0);
    int mv = wp.vars(1);
    long[] eqC = Eq.table(Protocol.range(mu, 0, cv));
    long[] eqJ = Eq.table(Protocol.range(mu, cv, cv + mv));
    long[] eqM = Eq.table(rM);
    int cg = xs[1] / l.group();
    Ext2 total = Ext2.ZERO;
    for (int g = 0; g < l.group(); g++) {
      Ext2 sg = Ext2.ZERO;
      for (int j = 0; j < ws[1]; j++) {
        int m = g * ws[1] + j;
        sg = sg.add(new Ext2(eqJ[2 * j], eqJ[2 * j + 1]).mul(new Ext2(eqM[2 * m], eqM[2 * m + 1])));
      }
      Ext2 cs = Ext2.ZERO;
      for (int ch = g * cg; ch < (g + 1) * cg; ch++) {
        cs = cs.add(new Ext2(eqC[2 * ch], eqC[2 * ch + 1]));
      }
      total = total.add(sg.mul(cs));
    }
    return total;
  }

  /** Receives one window cell: kernel offset k, padded output index, padded input index or −1 outside. */
  private interface Cell {
    void at(int k, int outIndex, int inIndex);
  }

  /** Visits every cell of every pooling window over real output positions. */
  private static void windows(Circuit c, String in, String out, ConvGeometry g, Cell cell) {
    int[] xs = Circuit.spatial5(c.tensor(in).shape());
    int[] os = Circuit.spatial5(c.tensor(out).shape());
    int[] xpd = new PaddedShape(xs).padded();
    int[] opd = new PaddedShape(os).padded();
    int[] k = g.kernel();
    int[] s = g.strides();
    int[] pd = g.pads();
    int[] d = g.dilations();
    int kk = 0;
    for (int k0 = 0; k0 < k[0]; k0++) {
      for (int k1 = 0; k1 < k[1]; k1++) {
        for (int k2 = 0; k2 < k[2]; k2++, kk++) {
          for (int n = 0; n < os[0]; n++) {
            for (int ch = 0; ch < os[1]; ch++) {
              for (int o0 = 0; o0 < os[2]; o0++) {
                int i0 = o0 * s[0] + k0 * d[0] - pd[0];
                for (int o1 = 0; o1 < os[3]; o1++) {
                  int i1 = o1 * s[1] + k1 * d[1] - pd[1];
                  for (int o2 = 0; o2 < os[4]; o2++) {
                    int i2 = o2 * s[2] + k2 * d[2] - pd[2];
                    int row = (((n * opd[1] + ch) * opd[2] + o0) * opd[3] + o1) * opd[4] + o2;
                    boolean inside = i0 >= 0 && i0 < xs[2] && i1 >= 0 && i1 < xs[3] && i2 >= 0 && i2 < xs[4];
                    int xi = inside ? (((n * xpd[1] + ch) * xpd[2] + i0) * xpd[3] + i1) * xpd[4] + i2 : -1;
                    cell.at(kk, row, xi);
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  static long[] apply(Circuit c, Linear l, long[] x) {
    return convMap(c, l).applyIntegers(x);
  }

  /** The stacked windows of a max-pool step: selected cells, {@link MaxPool#FILL} outside the input. */
  static long[] windows(Circuit c, MaxPool p, long[] x) {
    long[] w = poolMap(c, p).applyIntegers(x);
    for (int row : poolFillRows(c, p)) {
      w[row] = MaxPool.FILL;
    }
    return w;
  }

  private static SparseLinearMap buildConv(Circuit c, Linear l) {
    int[] xs = Circuit.spatial5(c.tensor(l.x()).shape());
    int[] ws = Circuit.spatial5(c.tensor(l.weight()).shape());
    int[] as = Circuit.spatial5(c.tensor(l.out()).shape());
    PaddedShape xp = new PaddedShape(xs);
    PaddedShape wp = new PaddedShape(ws);
    PaddedShape ap = new PaddedShape(as);
    int rowVars = convRowVars(c, l); // (c, k0, k1, k2)
    int colVars = ap.totalVars() - ap.vars(1); // (n, o0, o1, o2)
    int[] wpd = wp.padded();
    int[] apd = ap.padded();
    ConvGeometry g = l.geometry();
    int[] k = g.kernel();
    int[] s = g.strides();
    int[] p = g.pads();
    int[] d = g.dilations();
    SparseLinearMap.Builder b = SparseLinearMap.builder(rowVars + colVars, xp.totalVars());
    int[] xpd = xp.padded();
    for (int n = 0; n < as[0]; n++) {
      for (int ch = 0; ch < ws[1]; ch++) {
        for (int k0 = 0; k0 < k[0]; k0++) {
          for (int k1 = 0; k1 < k[1]; k1++) {
            for (int k2 = 0; k2 < k[2]; k2++) {
              int row = ((ch * wpd[2] + k0) * wpd[3] + k1) * wpd[4] + k2;
              for (int o0 = 0; o0 < as[2]; o0++) {
                int i0 = o0 * s[0] + k0 * d[0] - p[0];
                if (i0 < 0 || i0 >= xs[2]) {
                  continue;
                }
                for (int o1 = 0; o1 < as[3]; o1++) {
                  int i1 = o1 * s[1] + k1 * d[1] - p[1];
                  if (i1 < 0 || i1 >= xs[3]) {
                    continue;
                  }
                  for (int o2 = 0; o2 < as[4]; o2++) {
                    int i2 = o2 * s[2] + k2 * d[2] - p[2];
                    if (i2 < 0 || i2 >= xs[4]) {
                      continue;
                    }
                    int col = ((n * apd[2] + o0) * apd[3] + o1) * apd[4] + o2;
                    int xi = (((n * xpd[1] + ch) * xpd[2] + i0) * xpd[3] + i1) * xpd[4] + i2;
                    b.select((row << colVars) | col, xi);
                  }
                }
              }
            }
          }
        }
      }
    }
    return b.build();
  }

  private static SparseLinearMap buildPool(Circuit c, MaxPool p) {
    PaddedShape xp = c.tensor(p.in()).padded();
    PaddedShape sp = c.tensor(p.windows()).padded();
    int plane = sp.paddedSize() / sp.padded()[0];
    SparseLinearMap.Builder b = SparseLinearMap.builder(sp.totalVars(), xp.totalVars());
    windows(c, p.in(), p.out(), p.geometry(), (k, row, xi) -> {
      if (xi >= 0) {
        b.select(k * plane + row, xi);
      }
    });
    return b.build();
  }
}
