package io.deepprove.onnx;

import java.util.Arrays;

/**
 * Float (double precision) semantics of every {@link Op}: the reference the integer engine mirrors.
 * Straightforward loops over row-major arrays; shapes come from the graph, so nothing is inferred here.
 */
final class NodeEvaluator {
  private NodeEvaluator() {}

  /** Evaluates {@code op} on inputs of the given shapes, producing outputs of the given shapes. */
  static double[][] eval(Op op, double[][] in, int[][] inShapes, int[][] outShapes) {
    int[] out0 = outShapes[0];
    if (op instanceof Op.Identity i) {
      return new double[][] {in[0].clone()};
    }
    if (op instanceof Op.Reshape r) {
      return new double[][] {in[0].clone()};
    }
    if (op instanceof Op.Unary u) {
      return new double[][] {unary(u.fn(), in[0])};
    }
    if (op instanceof Op.Elementwise e) {
      return new double[][] {elementwise(e.fn(), in, inShapes, out0)};
    }
    if (op instanceof Op.Gemm g) {
      return new double[][] {gemm(g, in, inShapes, out0)};
    }
    if (op instanceof Op.MatMul m) {
      return new double[][] {matmul(in[0], inShapes[0], in[1], inShapes[1], out0)};
    }
    if (op instanceof Op.Conv c) {
      return new double[][] {conv(c, in, inShapes, out0)};
    }
    if (op instanceof Op.ConvTranspose c) {
      return new double[][] {convTranspose(c, in, inShapes, out0)};
    }
    if (op instanceof Op.Pool p) {
      return new double[][] {pool(p, in[0], inShapes[0], out0)};
    }
    if (op instanceof Op.GlobalPool p) {
      return new double[][] {globalPool(p, in[0], inShapes[0])};
    }
    if (op instanceof Op.ChannelAffine c) {
      return new double[][] {channelAffine(in, inShapes[0])};
    }
    if (op instanceof Op.Reduce r) {
      return new double[][] {reduce(r, in[0], inShapes[0], out0)};
    }
    if (op instanceof Op.Softmax s) {
      return new double[][] {softmax(s, in[0], inShapes[0])};
    }
    if (op instanceof Op.Transpose t) {
      return new double[][] {transpose(t.perm(), in[0], inShapes[0])};
    }
    if (op instanceof Op.Concat c) {
      return new double[][] {concat(c.axis(), in, inShapes, out0)};
    }
    if (op instanceof Op.Split s) {
      return split(s, in[0], inShapes[0]);
    }
    if (op instanceof Op.Slice s) {
      return new double[][] {slice(s, in[0], inShapes[0], out0)};
    }
    if (op instanceof Op.Gather g) {
      return new double[][] {gather(g, in[0], inShapes[0], out0)};
    }
    if (op instanceof Op.Pad p) {
      return new double[][] {pad(p, in[0], inShapes[0], out0)};
    }
    throw new IllegalArgumentException("unknown op " + op);
  }

  static double[] unary(UnaryFunction f, double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = f.applyAsDouble(x[i]);
    }
    return y;
  }

  /** Reads {@code x} (shape {@code in}) broadcast to shape {@code out}. */
  static double[] broadcastTo(double[] x, int[] in, int[] out) {
    int n = Shapes.size(out);
    if (Arrays.equals(in, out)) {
      return x;
    }
    double[] y = new double[n];
    int[] st = Shapes.broadcastStrides(in, out);
    int r = out.length;
    int[] idx = new int[r];
    int off = 0;
    for (int i = 0; i < n; i++) {
      y[i] = x[off];
      for (int a = r - 1; a >= 0; a--) {
        idx[a]++;
        off += st[a];
        if (idx[a] < out[a]) {
          break;
        }
        off -= st[a] * out[a];
        idx[a] = 0;
      }
    }
    return y;
  }

  static double[] elementwise(BinaryFunction fn, double[][] in, int[][] shapes, int[] out) {
    double[] acc = broadcastTo(in[0], shapes[0], out).clone();
    for (int k = 1; k < in.length; k++) {
      double[] b = broadcastTo(in[k], shapes[k], out);
      for (int i = 0; i < acc.length; i++) {
        acc[i] = fn.apply(acc[i], b[i]);
      }
    }
    return acc;
  }

  static double[] gemm(Op.Gemm g, double[][] in, int[][] shapes, int[] out) {
    int m = out[0];
    int n = out[1];
    int[] sa = shapes[0];
    int k = g.transA() ? sa[0] : sa[1];
    double[] a = in[0];
    double[] b = in[1];
    double[] y = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int t = 0; t < k; t++) {
          double av = g.transA() ? a[t * m + i] : a[i * k + t];
          double bv = g.transB() ? b[j * k + t] : b[t * n + j];
          s += av * bv;
        }
        y[i * n + j] = g.alpha() * s;
      }
    }
    if (in.length > 2) {
      double[] c = broadcastTo(in[2], shapes[2], out);
      for (int i = 0; i < y.length; i++) {
        y[i] += g.beta() * c[i];
      }
    }
    return y;
  }

  static double[] matmul(double[] a, int[] sa, double[] b, int[] sb, int[] out) {
    int[] a2 = sa.length == 1 ? new int[] {1, sa[0]} : sa;
    int[] b2 = sb.length == 1 ? new int[] {sb[0], 1} : sb;
    int m = a2[a2.length - 2];
    int k = a2[a2.length - 1];
    int n = b2[b2.length - 1];
    int[] batch = Shapes.broadcast(Arrays.copyOf(a2, a2.length - 2), Arrays.copyOf(b2, b2.length - 2));
    int[] fullA = concat(batch, new int[] {m, k});
    int[] fullB = concat(batch, new int[] {k, n});
    double[] ab = broadcastTo(a, prependOnes(a2, fullA.length), fullA);
    double[] bb = broadcastTo(b, prependOnes(b2, fullB.length), fullB);
    int nb = Shapes.size(batch);
    double[] y = new double[nb * m * n];
    for (int p = 0; p < nb; p++) {
      int oa = p * m * k;
      int ob = p * k * n;
      int oy = p * m * n;
      for (int i = 0; i < m; i++) {
        for (int t = 0; t < k; t++) {
          double av = ab[oa + i * k + t];
          for (int j = 0; j < n; j++) {
            y[oy + i * n + j] += av * bb[ob + t * n + j];
          }
        }
      }
    }
    return y;
  }

  private static int[] prependOnes(int[] s, int rank) {
    int[] r = new int[rank];
    Arrays.fill(r, 1);
    System.arraycopy(s, 0, r, rank - s.length, s.length);
    return r;
  }

  private static int[] concat(int[] a, int[] b) {
    int[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /**
   * For each output spatial position o and kernel position k, the input spatial offset read
   * (o*stride + k*dilation - padBegin per axis), or -1 when that falls outside the input.
   */
  static int[] windowTable(int[] in, int[] out, int[] kernel, int[] strides, int[] padsBegin, int[] dilations) {
    int sp = in.length;
    int no = Shapes.size(out);
    int nk = Shapes.size(kernel);
    int[] table = new int[no * nk];
    int[] oc = new int[sp];
    int[] kc = new int[sp];
    for (int o = 0; o < no; o++) {
      unravel(o, out, oc);
      for (int k = 0; k < nk; k++) {
        unravel(k, kernel, kc);
        int off = 0;
        for (int a = 0; a < sp; a++) {
          int p = oc[a] * strides[a] + kc[a] * dilations[a] - padsBegin[a];
          if (p < 0 || p >= in[a]) {
            off = -1;
            break;
          }
          off = off * in[a] + p;
        }
        table[o * nk + k] = off;
      }
    }
    return table;
  }

  static void unravel(int flat, int[] shape, int[] coords) {
    for (int a = shape.length - 1; a >= 0; a--) {
      coords[a] = flat % shape[a];
      flat /= shape[a];
    }
  }

  static double[] conv(Op.Conv c, double[][] in, int[][] shapes, int[] out) {
    int[] xs = shapes[0];
    int[] ws = shapes[1];
    int nBatch = xs[0];
    int cin = xs[1];
    int cout = ws[0];
    int g = c.group();
    int cinG = cin / g;
    int coutG = cout / g;
    int[] inSp = Arrays.copyOfRange(xs, 2, xs.length);
    int[] outSp = Arrays.copyOfRange(out, 2, out.length);
    int[] k = c.kernel();
    int nk = Shapes.size(k);
    int nIn = Shapes.size(inSp);
    int nOut = Shapes.size(outSp);
    int[] table = windowTable(inSp, outSp, k, c.strides(), c.padsBegin(), c.dilations());
    double[] x = in[0];
    double[] w = in[1];
    double[] bias = in.length > 2 ? in[2] : null;
    double[] y = new double[nBatch * cout * nOut];
    for (int n = 0; n < nBatch; n++) {
      for (int m = 0; m < cout; m++) {
        int grp = m / coutG;
        int yBase = (n * cout + m) * nOut;
        for (int ci = 0; ci < cinG; ci++) {
          int xBase = (n * cin + grp * cinG + ci) * nIn;
          int wBase = (m * cinG + ci) * nk;
          for (int o = 0; o < nOut; o++) {
            double s = 0;
            int tb = o * nk;
            for (int kk = 0; kk < nk; kk++) {
              int off = table[tb + kk];
              if (off >= 0) {
                s += x[xBase + off] * w[wBase + kk];
              }
            }
            y[yBase + o] += s;
          }
        }
        if (bias != null) {
          for (int o = 0; o < nOut; o++) {
            y[yBase + o] += bias[m];
          }
        }
      }
    }
    return y;
  }

  static double[] convTranspose(Op.ConvTranspose c, double[][] in, int[][] shapes, int[] out) {
    int[] xs = shapes[0];
    int[] ws = shapes[1];
    int nBatch = xs[0];
    int cin = xs[1];
    int g = c.group();
    int cinG = cin / g;
    int coutG = ws[1];
    int cout = out[1];
    int sp = xs.length - 2;
    int[] inSp = Arrays.copyOfRange(xs, 2, xs.length);
    int[] outSp = Arrays.copyOfRange(out, 2, out.length);
    int[] k = c.kernel();
    int[] s = c.strides();
    int[] d = c.dilations();
    int[] pb = c.padsBegin();
    int nk = Shapes.size(k);
    int nIn = Shapes.size(inSp);
    int nOut = Shapes.size(outSp);
    // scatter table: input position i, kernel position k -> output offset or -1
    int[] table = new int[nIn * nk];
    int[] ic = new int[sp];
    int[] kc = new int[sp];
    for (int i = 0; i < nIn; i++) {
      unravel(i, inSp, ic);
      for (int kk = 0; kk < nk; kk++) {
        unravel(kk, k, kc);
        int off = 0;
        for (int a = 0; a < sp; a++) {
          int p = ic[a] * s[a] + kc[a] * d[a] - pb[a];
          if (p < 0 || p >= outSp[a]) {
            off = -1;
            break;
          }
          off = off * outSp[a] + p;
        }
        table[i * nk + kk] = off;
      }
    }
    double[] x = in[0];
    double[] w = in[1];
    double[] y = new double[nBatch * cout * nOut];
    for (int n = 0; n < nBatch; n++) {
      for (int ci = 0; ci < cin; ci++) {
        int grp = ci / cinG;
        int xBase = (n * cin + ci) * nIn;
        for (int mo = 0; mo < coutG; mo++) {
          int m = grp * coutG + mo;
          int yBase = (n * cout + m) * nOut;
          int wBase = (ci * coutG + mo) * nk;
          for (int i = 0; i < nIn; i++) {
            double xv = x[xBase + i];
            int tb = i * nk;
            for (int kk = 0; kk < nk; kk++) {
              int off = table[tb + kk];
              if (off >= 0) {
                y[yBase + off] += xv * w[wBase + kk];
              }
            }
          }
        }
      }
    }
    if (in.length > 2) {
      for (int n = 0; n < nBatch; n++) {
        for (int m = 0; m < cout; m++) {
          int yBase = (n * cout + m) * nOut;
          for (int o = 0; o < nOut; o++) {
            y[yBase + o] += in[2][m];
          }
        }
      }
    }
    return y;
  }

  static double[] pool(Op.Pool p, double[] x, int[] xs, int[] out) {
    int planes = xs[0] * xs[1];
    int sp = xs.length - 2;
    int[] inSp = Arrays.copyOfRange(xs, 2, xs.length);
    int[] outSp = Arrays.copyOfRange(out, 2, out.length);
    int[] k = p.kernel();
    int[] st = p.strides();
    int[] d = p.dilations();
    int[] pb = p.padsBegin();
    int[] pe = p.padsEnd();
    int nk = Shapes.size(k);
    int nIn = Shapes.size(inSp);
    int nOut = Shapes.size(outSp);
    int[] table = windowTable(inSp, outSp, k, st, pb, d);
    // divisor for count_include_pad: window cells inside the padded input
    double[] padCount = new double[nOut];
    int[] oc = new int[sp];
    int[] kc = new int[sp];
    for (int o = 0; o < nOut; o++) {
      unravel(o, outSp, oc);
      int cnt = 0;
      for (int kk = 0; kk < nk; kk++) {
        unravel(kk, k, kc);
        boolean inside = true;
        for (int a = 0; a < sp; a++) {
          int q = oc[a] * st[a] + kc[a] * d[a] - pb[a];
          if (q < -pb[a] || q >= inSp[a] + pe[a]) {
            inside = false;
            break;
          }
        }
        if (inside) {
          cnt++;
        }
      }
      padCount[o] = cnt;
    }
    double[] y = new double[planes * nOut];
    for (int pl = 0; pl < planes; pl++) {
      int xb = pl * nIn;
      for (int o = 0; o < nOut; o++) {
        int tb = o * nk;
        if (p.kind() == Op.PoolKind.MAX) {
          double mx = Double.NEGATIVE_INFINITY;
          for (int kk = 0; kk < nk; kk++) {
            int off = table[tb + kk];
            if (off >= 0 && x[xb + off] > mx) {
              mx = x[xb + off];
            }
          }
          y[pl * nOut + o] = mx;
        } else {
          double s = 0;
          int cnt = 0;
          for (int kk = 0; kk < nk; kk++) {
            int off = table[tb + kk];
            if (off >= 0) {
              s += x[xb + off];
              cnt++;
            }
          }
          y[pl * nOut + o] = s / (p.countIncludePad() ? padCount[o] : cnt);
        }
      }
    }
    return y;
  }

  static double[] globalPool(Op.GlobalPool p, double[] x, int[] xs) {
    int planes = xs[0] * xs[1];
    int n = Shapes.product(xs, 2, xs.length);
    double[] y = new double[planes];
    for (int pl = 0; pl < planes; pl++) {
      double acc = p.kind() == Op.PoolKind.MAX ? Double.NEGATIVE_INFINITY : 0;
      for (int i = 0; i < n; i++) {
        double v = x[pl * n + i];
        acc = p.kind() == Op.PoolKind.MAX ? Math.max(acc, v) : acc + v;
      }
      y[pl] = p.kind() == Op.PoolKind.MAX ? acc : acc / n;
    }
    return y;
  }

  static double[] channelAffine(double[][] in, int[] xs) {
    int c = xs[1];
    int inner = Shapes.product(xs, 2, xs.length);
    double[] x = in[0];
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      int ch = (i / inner) % c;
      y[i] = x[i] * in[1][ch] + in[2][ch];
    }
    return y;
  }

  static double[] reduce(Op.Reduce r, double[] x, int[] xs, int[] out) {
    boolean[] red = new boolean[xs.length];
    for (int a : r.axes()) {
      red[a] = true;
    }
    int[] keep = xs.clone();
    int count = 1;
    for (int a = 0; a < xs.length; a++) {
      if (red[a]) {
        keep[a] = 1;
        count *= xs[a];
      }
    }
    int[] ks = Shapes.strides(keep);
    double[] y = new double[Shapes.size(keep)];
    int[] idx = new int[xs.length];
    for (int i = 0; i < x.length; i++) {
      unravel(i, xs, idx);
      int o = 0;
      for (int a = 0; a < xs.length; a++) {
        if (!red[a]) {
          o += idx[a] * ks[a];
        }
      }
      y[o] += x[i];
    }
    if (r.kind() == Op.ReduceKind.MEAN && count > 0) {
      for (int i = 0; i < y.length; i++) {
        y[i] /= count;
      }
    }
    return y;
  }

  static double[] softmax(Op.Softmax s, double[] x, int[] xs) {
    int outer = Shapes.product(xs, 0, s.axisFrom());
    int len = Shapes.product(xs, s.axisFrom(), s.axisTo());
    int inner = Shapes.product(xs, s.axisTo(), xs.length);
    double[] y = new double[x.length];
    for (int o = 0; o < outer; o++) {
      for (int in = 0; in < inner; in++) {
        int base = o * len * inner + in;
        double mx = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < len; j++) {
          mx = Math.max(mx, x[base + j * inner]);
        }
        double sum = 0;
        for (int j = 0; j < len; j++) {
          sum += Math.exp(x[base + j * inner] - mx);
        }
        for (int j = 0; j < len; j++) {
          double v = x[base + j * inner] - mx;
          y[base + j * inner] = s.log() ? v - Math.log(sum) : Math.exp(v) / sum;
        }
      }
    }
    return y;
  }

  static double[] transpose(int[] perm, double[] x, int[] xs) {
    int r = xs.length;
    int[] out = new int[r];
    int[] st = Shapes.strides(xs);
    int[] pst = new int[r];
    for (int a = 0; a < r; a++) {
      out[a] = xs[perm[a]];
      pst[a] = st[perm[a]];
    }
    double[] y = new double[x.length];
    int[] idx = new int[r];
    int off = 0;
    for (int i = 0; i < y.length; i++) {
      y[i] = x[off];
      for (int a = r - 1; a >= 0; a--) {
        idx[a]++;
        off += pst[a];
        if (idx[a] < out[a]) {
          break;
        }
        off -= pst[a] * out[a];
        idx[a] = 0;
      }
    }
    return y;
  }

  static double[] concat(int axis, double[][] in, int[][] shapes, int[] out) {
    int outer = Shapes.product(out, 0, axis);
    int innerOut = Shapes.product(out, axis, out.length);
    double[] y = new double[Shapes.size(out)];
    int pos = 0;
    for (int k = 0; k < in.length; k++) {
      int inner = Shapes.product(shapes[k], axis, shapes[k].length);
      for (int o = 0; o < outer; o++) {
        System.arraycopy(in[k], o * inner, y, o * innerOut + pos, inner);
      }
      pos += inner;
    }
    return y;
  }

  static double[][] split(Op.Split s, double[] x, int[] xs) {
    int ax = s.axis();
    int outer = Shapes.product(xs, 0, ax);
    int inner = Shapes.product(xs, ax + 1, xs.length);
    int[] sizes = s.sizes();
    double[][] y = new double[sizes.length][];
    int pos = 0;
    for (int k = 0; k < sizes.length; k++) {
      int chunk = sizes[k] * inner;
      y[k] = new double[outer * chunk];
      for (int o = 0; o < outer; o++) {
        System.arraycopy(x, o * xs[ax] * inner + pos * inner, y[k], o * chunk, chunk);
      }
      pos += sizes[k];
    }
    return y;
  }

  static double[] slice(Op.Slice s, double[] x, int[] xs, int[] out) {
    int r = xs.length;
    int[] st = Shapes.strides(xs);
    int[] starts = s.starts();
    int[] steps = s.steps();
    double[] y = new double[Shapes.size(out)];
    int[] idx = new int[r];
    for (int i = 0; i < y.length; i++) {
      unravel(i, out, idx);
      int off = 0;
      for (int a = 0; a < r; a++) {
        off += (starts[a] + idx[a] * steps[a]) * st[a];
      }
      y[i] = x[off];
    }
    return y;
  }

  static double[] gather(Op.Gather g, double[] x, int[] xs, int[] out) {
    int ax = g.axis();
    int outer = Shapes.product(xs, 0, ax);
    int inner = Shapes.product(xs, ax + 1, xs.length);
    int[] idx = g.indices();
    double[] y = new double[Shapes.size(out)];
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < idx.length; j++) {
        System.arraycopy(x, (o * xs[ax] + idx[j]) * inner, y, (o * idx.length + j) * inner, inner);
      }
    }
    return y;
  }

  static double[] pad(Op.Pad p, double[] x, int[] xs, int[] out) {
    int r = xs.length;
    int[] pb = p.padsBegin();
    int[] st = Shapes.strides(xs);
    double[] y = new double[Shapes.size(out)];
    int[] idx = new int[r];
    for (int i = 0; i < y.length; i++) {
      unravel(i, out, idx);
      int off = 0;
      boolean outside = false;
      for (int a = 0; a < r; a++) {
        int q = idx[a] - pb[a];
        int n = xs[a];
        if (q < 0 || q >= n) {
          switch (p.mode()) {
            case CONSTANT -> outside = true;
            case EDGE -> q = q < 0 ? 0 : n - 1;
            case REFLECT -> {
              if (n == 1) {
                q = 0;
              } else {
                int period = 2 * (n - 1);
                q = Math.floorMod(q, period);
                if (q >= n) {
                  q = period - q;
                }
              }
            }
          }
        }
        if (outside) {
          break;
        }
        off += q * st[a];
      }
      y[i] = outside ? p.value() : x[off];
    }
    return y;
  }
}
