package io.deepprove.quantizer;

import io.deepprove.onnx.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Runs a {@link QuantizedGraph} on int8 inputs with integer arithmetic only and records the
 * {@link Trace}. Deterministic: every output element is computed by one thread in a fixed order,
 * so using two threads (convolutions and large matrix products) changes nothing in the result.
 * Construct once per graph (the constants are unpacked once), run many times; thread-safe.
 */
public final class IntegerEngine {
  /** Work (multiply-adds) below which a node runs on the calling thread only. */
  private static final long PARALLEL_WORK = 1L << 17;
  /** Receptive fields at least this long use the im2col-column kernel, shorter ones the direct one. */
  private static final int IM2COL_MIN_PATCH = 32;

  private static final ExecutorService HELPER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "deepprove-int-engine");
    t.setDaemon(true);
    return t;
  });

  private final QuantizedGraph graph;
  private final Map<String, long[]> constants = new HashMap<>();
  private final Map<String, int[]> shapes = new HashMap<>();
  private final Map<QNode, int[]> denseInt = new java.util.IdentityHashMap<>();
  private final Map<QNode, int[]> convInt = new java.util.IdentityHashMap<>();

  private final int threads;

  /** An engine using up to two threads. */
  public IntegerEngine(QuantizedGraph graph) {
    this(graph, 2);
  }

  /** An engine using 1 or 2 threads (the results are identical; only the time differs). */
  public IntegerEngine(QuantizedGraph graph, int threads) {
    if (threads < 1 || threads > 2) {
      throw new IllegalArgumentException("1 or 2 threads, not " + threads);
    }
    this.threads = threads;
    this.graph = graph;
    graph.constants().forEach((k, v) -> {
      constants.put(k, v.raw());
      shapes.put(k, v.shape());
    });
    graph.values().forEach((k, v) -> shapes.put(k, v.shape()));
    // 32-bit kernels where no accumulator can leave int: |acc| ≤ Σ|w|·128 + |bias| per output channel
    for (QNode n : graph.nodes()) {
      if (n instanceof QNode.Dense d) {
        long[] w = constants.get(d.weight());
        long[] b = d.bias() == null ? null : constants.get(d.bias());
        long[] col = new long[d.n()];
        for (int i = 0; i < w.length; i++) {
          col[i % d.n()] += Math.abs(w[i]) * 128;
        }
        if (fitsInt(col, b)) {
          int[] t = new int[w.length];
          for (int p = 0; p < d.k(); p++) {
            for (int j = 0; j < d.n(); j++) {
              t[j * d.k() + p] = (int) w[p * d.n() + j];
            }
          }
          denseInt.put(d, t);
        }
      } else if (n instanceof QNode.Conv c && constants.containsKey(c.weight())) {
        long[] w = constants.get(c.weight());
        long[] b = c.bias() == null ? null : constants.get(c.bias());
        int m = c.geometry().outChannels();
        long[] ch = new long[m];
        int per = w.length / m;
        for (int i = 0; i < w.length; i++) {
          ch[i / per] += Math.abs(w[i]) * 128;
        }
        if (fitsInt(ch, b)) {
          convInt.put(c, toInts(w));
        }
      }
    }
  }

  private static boolean fitsInt(long[] perChannel, long[] bias) {
    long maxBias = 0;
    if (bias != null) {
      for (long v : bias) {
        maxBias = Math.max(maxBias, Math.abs(v));
      }
    }
    for (long v : perChannel) {
      if (v + maxBias >= Integer.MAX_VALUE) {
        return false;
      }
    }
    return true;
  }

  private static int[] toInts(long[] v) {
    int[] r = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = (int) v[i];
    }
    return r;
  }

  /** Dense with 32-bit dot products over transposed weights wT [n][k]. */
  private long[] denseInt(QNode.Dense d, long[] x, int[] wT, long[] bias) {
    int rows = d.rows();
    int k = d.k();
    int n = d.n();
    int[] xi = toInts(x);
    long[] acc = new long[rows * n];
    IntConsumer cell = c -> {
      int r = c / n;
      int j = c % n;
      int xb = r * k;
      int wb = j * k;
      int s = 0;
      for (int p = 0; p < k; p++) {
        s += xi[xb + p] * wT[wb + p];
      }
      acc[c] = s + (bias == null ? 0 : bias[bias.length == n ? j : c]);
    };
    parallelFor(rows * n, (long) rows * n * k, cell);
    return acc;
  }

  /** Quantizes the float inputs with the graph's input scales and runs. */
  public Trace runFloat(List<float[]> inputs) {
    return run(graph.quantizeInputs(inputs));
  }

  /** Runs on integer inputs of their specs' widths (int8: [−128, 127]) in {@link QuantizedGraph#inputs()} order. */
  public Trace run(List<long[]> inputs) {
    if (inputs.size() != graph.inputs().size()) {
      throw new IllegalArgumentException("graph has " + graph.inputs().size() + " inputs, got " + inputs.size());
    }
    Map<String, long[]> env = new LinkedHashMap<>();
    for (int k = 0; k < inputs.size(); k++) {
      ValueSpec spec = graph.inputs().get(k);
      long[] x = inputs.get(k);
      if (x.length != spec.size()) {
        throw new IllegalArgumentException("input '" + spec.name() + "' needs " + spec.size() + " values, got " + x.length);
      }
      long hi = spec.maxMagnitude();
      long lo = -hi - 1;
      for (long v : x) {
        if (v < lo || v > hi) {
          throw new IllegalArgumentException("input '" + spec.name() + "' holds a value outside int" + spec.bits() + ": " + v);
        }
      }
      env.put(spec.name(), x.clone());
    }
    List<NodeTrace> traces = new ArrayList<>(graph.nodes().size());
    for (QNode n : graph.nodes()) {
      List<long[]> in = new ArrayList<>();
      for (String name : n.inputs()) {
        long[] v = env.get(name);
        if (v == null) {
          v = constants.get(name);
        }
        if (v == null) {
          throw new IllegalStateException("node " + n.name() + " reads '" + name + "' before it is computed");
        }
        in.add(v);
      }
      NodeTrace t = eval(n, in);
      for (int k = 0; k < n.outputs().size(); k++) {
        env.put(n.outputs().get(k), t.outputRaw(k));
      }
      traces.add(t);
    }
    for (ValueSpec o : graph.outputs()) {
      if (!env.containsKey(o.name())) {
        long[] c = constants.get(o.name());
        if (c == null) {
          throw new IllegalStateException("output '" + o.name() + "' is never computed");
        }
        env.put(o.name(), c);
      }
    }
    return new Trace(graph, env, traces);
  }

  private int[] shape(String name) {
    int[] s = shapes.get(name);
    if (s == null) {
      throw new IllegalStateException("no shape for '" + name + "'");
    }
    return s;
  }

  private NodeTrace eval(QNode node, List<long[]> in) {
    Map<String, long[]> aux = new LinkedHashMap<>();
    long[] acc;
    if (node instanceof QNode.Dense d) {
      int[] wT = denseInt.get(d);
      acc = wT != null ? denseInt(d, in.get(0), wT, d.bias() == null ? null : in.get(2))
          : dense(d, in.get(0), in.get(1), d.bias() == null ? null : in.get(2));
    } else if (node instanceof QNode.Conv c) {
      int[] wi = convInt.get(c);
      QNode.Geometry geo = c.geometry();
      long[] bias = c.bias() == null ? null : in.get(2);
      if (wi == null) {
        acc = conv(geo, in.get(0), in.get(1), bias);
      } else if (geo.inChannels() / geo.group() * geo.kernelSize() >= IM2COL_MIN_PATCH) {
        acc = convInt(geo, toInts(in.get(0)), wi, bias);
      } else {
        acc = convDirectInt(geo, toInts(in.get(0)), wi, bias);
      }
    } else if (node instanceof QNode.ConvTranspose c) {
      acc = convTranspose(c.geometry(), in.get(0), in.get(1), c.bias() == null ? null : in.get(2));
    } else if (node instanceof QNode.Bilinear b) {
      acc = bilinear(b, in);
    } else if (node instanceof QNode.LinearCombination l) {
      acc = linearCombination(l, in);
    } else if (node instanceof QNode.Reduce r) {
      acc = reduce(r, in.get(0));
    } else if (node instanceof QNode.Softmax s) {
      return softmax(s, in, aux);
    } else {
      List<long[]> out = exact(node, in, aux);
      return new NodeTrace(node, in, null, null, null, out, aux);
    }
    Requant r = node.requant();
    long[] q = new long[acc.length];
    long[] rem = new long[acc.length];
    long[] out = new long[acc.length];
    r.apply(acc, q, rem, out);
    return new NodeTrace(node, in, acc, q, rem, List.of(out), aux);
  }

  // ---- linear nodes -------------------------------------------------------------------------

  private long[] dense(QNode.Dense d, long[] x, long[] w, long[] bias) {
    int rows = d.rows();
    int k = d.k();
    int n = d.n();
    long[] acc = new long[rows * n];
    IntConsumer row = i -> {
      int ci = i * n;
      if (bias != null) {
        System.arraycopy(bias, bias.length == n ? 0 : ci, acc, ci, n);
      }
      int ai = i * k;
      for (int p = 0; p < k; p++) {
        long av = x[ai + p];
        if (av == 0) {
          continue;
        }
        int bp = p * n;
        for (int j = 0; j < n; j++) {
          acc[ci + j] += av * w[bp + j];
        }
      }
    };
    parallelFor(rows, (long) rows * k * n, row);
    return acc;
  }

  private long[] conv(QNode.Geometry g, long[] x, long[] w, long[] bias) {
    int[] in = g.in();
    int[] out = g.out();
    int[] ker = g.kernel();
    int[] st = g.strides();
    int[] pb = g.padsBegin();
    int[] dil = g.dilations();
    int c = g.inChannels();
    int m = g.outChannels();
    int cg = c / g.group();
    int mg = m / g.group();
    int inSize = g.inSize();
    int outSize = g.outSize();
    int kSize = g.kernelSize();
    long[] acc = new long[g.batch() * m * outSize];
    int planeH = in[1] * in[2];
    IntConsumer channel = bm -> {
      int b = bm / m;
      int oc = bm % m;
      int grp = oc / mg;
      int yBase = bm * outSize;
      if (bias != null) {
        java.util.Arrays.fill(acc, yBase, yBase + outSize, bias[oc]);
      }
      for (int icg = 0; icg < cg; icg++) {
        int xBase = (b * c + grp * cg + icg) * inSize;
        int wBase = (oc * cg + icg) * kSize;
        for (int k0 = 0; k0 < ker[0]; k0++) {
          for (int k1 = 0; k1 < ker[1]; k1++) {
            for (int k2 = 0; k2 < ker[2]; k2++) {
              long wv = w[wBase + (k0 * ker[1] + k1) * ker[2] + k2];
              if (wv == 0) {
                continue;
              }
              int d0 = k0 * dil[0] - pb[0];
              int d1 = k1 * dil[1] - pb[1];
              int d2 = k2 * dil[2] - pb[2];
              int lo2 = d2 >= 0 ? 0 : ceilDiv(-d2, st[2]);
              int hi2 = Math.min(out[2], ceilDiv(in[2] - d2, st[2]));
              for (int o0 = 0; o0 < out[0]; o0++) {
                int i0 = o0 * st[0] + d0;
                if (i0 < 0 || i0 >= in[0]) {
                  continue;
                }
                for (int o1 = 0; o1 < out[1]; o1++) {
                  int i1 = o1 * st[1] + d1;
                  if (i1 < 0 || i1 >= in[1]) {
                    continue;
                  }
                  int xRow = xBase + i0 * planeH + i1 * in[2] + d2;
                  int yRow = yBase + (o0 * out[1] + o1) * out[2];
                  int s2 = st[2];
                  for (int o2 = lo2; o2 < hi2; o2++) {
                    acc[yRow + o2] += wv * x[xRow + o2 * s2];
                  }
                }
              }
            }
          }
        }
      }
    };
    parallelFor(g.batch() * m, (long) acc.length * cg * kSize, channel);
    return acc;
  }

  /** Direct convolution in 32-bit arithmetic (small receptive fields: the row updates vectorize). */
  private long[] convDirectInt(QNode.Geometry g, int[] x, int[] w, long[] bias) {
    int[] in = g.in();
    int[] out = g.out();
    int[] ker = g.kernel();
    int[] st = g.strides();
    int[] pb = g.padsBegin();
    int[] dil = g.dilations();
    int c = g.inChannels();
    int m = g.outChannels();
    int cg = c / g.group();
    int mg = m / g.group();
    int inSize = g.inSize();
    int outSize = g.outSize();
    int kSize = g.kernelSize();
    int[] acc = new int[g.batch() * m * outSize];
    int planeH = in[1] * in[2];
    IntConsumer channel = bm -> {
      int b = bm / m;
      int oc = bm % m;
      int grp = oc / mg;
      int yBase = bm * outSize;
      if (bias != null) {
        java.util.Arrays.fill(acc, yBase, yBase + outSize, (int) bias[oc]);
      }
      for (int icg = 0; icg < cg; icg++) {
        int xBase = (b * c + grp * cg + icg) * inSize;
        int wBase = (oc * cg + icg) * kSize;
        for (int k0 = 0; k0 < ker[0]; k0++) {
          for (int k1 = 0; k1 < ker[1]; k1++) {
            for (int k2 = 0; k2 < ker[2]; k2++) {
              int wv = w[wBase + (k0 * ker[1] + k1) * ker[2] + k2];
              if (wv == 0) {
                continue;
              }
              int d0 = k0 * dil[0] - pb[0];
              int d1 = k1 * dil[1] - pb[1];
              int d2 = k2 * dil[2] - pb[2];
              int lo2 = d2 >= 0 ? 0 : ceilDiv(-d2, st[2]);
              int hi2 = Math.min(out[2], ceilDiv(in[2] - d2, st[2]));
              for (int o0 = 0; o0 < out[0]; o0++) {
                int i0 = o0 * st[0] + d0;
                if (i0 < 0 || i0 >= in[0]) {
                  continue;
                }
                for (int o1 = 0; o1 < out[1]; o1++) {
                  int i1 = o1 * st[1] + d1;
                  if (i1 < 0 || i1 >= in[1]) {
                    continue;
                  }
                  int xRow = xBase + i0 * planeH + i1 * in[2] + d2;
                  int yRow = yBase + (o0 * out[1] + o1) * out[2];
                  int s2 = st[2];
                  for (int o2 = lo2; o2 < hi2; o2++) {
                    acc[yRow + o2] += wv * x[xRow + o2 * s2];
                  }
                }
              }
            }
          }
        }
      }
    };
    parallelFor(g.batch() * m, (long) acc.length * cg * kSize, channel);
    long[] r = new long[acc.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = acc[i];
    }
    return r;
  }

  /**
   * Convolution with 32-bit arithmetic (only when every accumulator fits an int, checked at
   * construction): per output position the receptive field is gathered once (im2col for one
   * column, zeros in the padding) and dotted with each output channel's weights, a loop the JIT
   * vectorizes.
   */
  private long[] convInt(QNode.Geometry g, int[] x, int[] w, long[] bias) {
    int[] in = g.in();
    int[] out = g.out();
    int[] ker = g.kernel();
    int[] st = g.strides();
    int[] pb = g.padsBegin();
    int[] dil = g.dilations();
    int c = g.inChannels();
    int m = g.outChannels();
    int groups = g.group();
    int cg = c / groups;
    int mg = m / groups;
    int inSize = g.inSize();
    int outSize = g.outSize();
    int kSize = g.kernelSize();
    int patchLen = cg * kSize;
    long[] acc = new long[g.batch() * m * outSize];
    int columns = g.batch() * groups * outSize;
    RangeBody body = (from, to) -> {
      int[] patch = new int[patchLen];
      for (int col = from; col < to; col++) {
        int o = col % outSize;
        int bg = col / outSize;
        int grp = bg % groups;
        int b = bg / groups;
        int o2 = o % out[2];
        int o1 = (o / out[2]) % out[1];
        int o0 = o / (out[2] * out[1]);
        int t = 0;
        for (int icg = 0; icg < cg; icg++) {
          int xBase = (b * c + grp * cg + icg) * inSize;
          for (int k0 = 0; k0 < ker[0]; k0++) {
            int i0 = o0 * st[0] + k0 * dil[0] - pb[0];
            boolean in0 = i0 >= 0 && i0 < in[0];
            for (int k1 = 0; k1 < ker[1]; k1++) {
              int i1 = o1 * st[1] + k1 * dil[1] - pb[1];
              boolean in1 = in0 && i1 >= 0 && i1 < in[1];
              int row = xBase + (i0 * in[1] + i1) * in[2];
              for (int k2 = 0; k2 < ker[2]; k2++) {
                int i2 = o2 * st[2] + k2 * dil[2] - pb[2];
                patch[t++] = in1 && i2 >= 0 && i2 < in[2] ? x[row + i2] : 0;
              }
            }
          }
        }
        for (int j = 0; j < mg; j++) {
          int oc = grp * mg + j;
          int wb = oc * patchLen;
          int sum = 0;
          for (int p = 0; p < patchLen; p++) {
            sum += patch[p] * w[wb + p];
          }
          acc[(b * m + oc) * outSize + o] = sum + (bias == null ? 0 : bias[oc]);
        }
      }
    };
    parallelRanges(columns, (long) acc.length * patchLen, body);
    return acc;
  }

  private long[] convTranspose(QNode.Geometry g, long[] x, long[] w, long[] bias) {
    int[] in = g.in();
    int[] out = g.out();
    int[] ker = g.kernel();
    int[] st = g.strides();
    int[] pb = g.padsBegin();
    int[] dil = g.dilations();
    int c = g.inChannels();
    int m = g.outChannels();
    int cg = c / g.group();
    int mg = m / g.group();
    int inSize = g.inSize();
    int outSize = g.outSize();
    int kSize = g.kernelSize();
    long[] acc = new long[g.batch() * m * outSize];
    IntConsumer channel = bm -> {
      int b = bm / m;
      int oc = bm % m;
      int grp = oc / mg;
      int j = oc % mg;
      int yBase = bm * outSize;
      if (bias != null) {
        java.util.Arrays.fill(acc, yBase, yBase + outSize, bias[oc]);
      }
      for (int icg = 0; icg < cg; icg++) {
        int ic = grp * cg + icg;
        int xBase = (b * c + ic) * inSize;
        int wBase = (ic * mg + j) * kSize;
        for (int k0 = 0; k0 < ker[0]; k0++) {
          for (int k1 = 0; k1 < ker[1]; k1++) {
            for (int k2 = 0; k2 < ker[2]; k2++) {
              long wv = w[wBase + (k0 * ker[1] + k1) * ker[2] + k2];
              if (wv == 0) {
                continue;
              }
              for (int i0 = 0; i0 < in[0]; i0++) {
                int o0 = i0 * st[0] + k0 * dil[0] - pb[0];
                if (o0 < 0 || o0 >= out[0]) {
                  continue;
                }
                for (int i1 = 0; i1 < in[1]; i1++) {
                  int o1 = i1 * st[1] + k1 * dil[1] - pb[1];
                  if (o1 < 0 || o1 >= out[1]) {
                    continue;
                  }
                  int xRow = xBase + (i0 * in[1] + i1) * in[2];
                  int yRow = yBase + (o0 * out[1] + o1) * out[2];
                  int d2 = k2 * dil[2] - pb[2];
                  for (int i2 = 0; i2 < in[2]; i2++) {
                    int o2 = i2 * st[2] + d2;
                    if (o2 >= 0 && o2 < out[2]) {
                      acc[yRow + o2] += wv * x[xRow + i2];
                    }
                  }
                }
              }
            }
          }
        }
      }
    };
    parallelFor(g.batch() * m, (long) x.length * mg * kSize, channel);
    return acc;
  }

  private long[] bilinear(QNode.Bilinear b, List<long[]> in) {
    long[] a = in.get(0);
    long[] bv = in.get(1);
    long[] c = b.c() == null ? null : in.get(2);
    int[] outShape = b.outShape();
    int size = size(outShape);
    long[] acc;
    switch (b.mode()) {
      case ELEMENTWISE -> {
        int[] ma = broadcastMap(b.aShape(), outShape);
        int[] mb = broadcastMap(b.bShape(), outShape);
        acc = new long[size];
        long pc = b.productCoef();
        for (int i = 0; i < size; i++) {
          acc[i] = pc * a[ma[i]] * bv[mb[i]];
        }
      }
      case PRELU -> {
        int[] ma = broadcastMap(b.aShape(), outShape);
        int[] mb = broadcastMap(b.bShape(), outShape);
        acc = new long[size];
        long pc = b.productCoef();
        long lc = b.addendCoef();
        for (int i = 0; i < size; i++) {
          long av = a[ma[i]];
          acc[i] = av >= 0 ? lc * av : pc * av * bv[mb[i]];
        }
        return acc;
      }
      case MATMUL -> acc = matmul(b, a, bv);
      default -> throw new IllegalStateException();
    }
    if (c != null) {
      int[] mc = broadcastMap(b.cShape(), outShape);
      long cc = b.addendCoef();
      for (int i = 0; i < size; i++) {
        acc[i] += cc * c[mc[i]];
      }
    }
    return acc;
  }

  /** numpy matmul with broadcast batch axes; transA/transB swap the last two axes first. */
  private static long[] matmul(QNode.Bilinear b, long[] a, long[] bv) {
    int[] as = b.aShape();
    int[] bs = b.bShape();
    if (as.length == 1) {
      as = new int[] {1, as[0]};
    }
    if (bs.length == 1) {
      bs = new int[] {bs[0], 1};
    }
    int ra = as.length;
    int rb = bs.length;
    int m = b.transA() ? as[ra - 1] : as[ra - 2];
    int k = b.transA() ? as[ra - 2] : as[ra - 1];
    int n = b.transB() ? bs[rb - 2] : bs[rb - 1];
    int[] aBatch = java.util.Arrays.copyOf(as, ra - 2);
    int[] bBatch = java.util.Arrays.copyOf(bs, rb - 2);
    int[] batch = io.deepprove.onnx.Shapes.broadcast(aBatch, bBatch);
    int[] mapA = broadcastMap(aBatch, batch);
    int[] mapB = broadcastMap(bBatch, batch);
    int nb = size(batch);
    long[] acc = new long[nb * m * n];
    long pc = b.productCoef();
    // strides of a's (row, col) and b's (row, col) after the optional transposition
    int aRow = b.transA() ? 1 : k;
    int aCol = b.transA() ? m : 1;
    int bRow = b.transB() ? 1 : n;
    int bCol = b.transB() ? k : 1;
    for (int t = 0; t < nb; t++) {
      int aOff = mapA[t] * m * k;
      int bOff = mapB[t] * k * n;
      int cOff = t * m * n;
      for (int i = 0; i < m; i++) {
        for (int p = 0; p < k; p++) {
          long av = a[aOff + i * aRow + p * aCol];
          if (av == 0) {
            continue;
          }
          int bp = bOff + p * bRow;
          for (int j = 0; j < n; j++) {
            acc[cOff + i * n + j] += av * bv[bp + j * bCol];
          }
        }
      }
    }
    if (pc != 1) {
      for (int i = 0; i < acc.length; i++) {
        acc[i] *= pc;
      }
    }
    return acc;
  }

  private long[] linearCombination(QNode.LinearCombination l, List<long[]> in) {
    int[] outShape = l.outShape();
    int size = size(outShape);
    long[] acc = new long[size];
    int terms = l.terms().size();
    int next = terms * 2;
    if (l.bias() != null) {
      long[] bias = in.get(in.size() - 1);
      int[] mb = broadcastMap(shape(l.bias()), outShape);
      for (int i = 0; i < size; i++) {
        acc[i] = bias[mb[i]];
      }
    }
    int negIndex = terms * 2;
    for (int k = 0; k < terms; k++) {
      long[] x = in.get(k);
      long[] pos = in.get(terms + k);
      int[] mx = broadcastMap(shape(l.terms().get(k)), outShape);
      int[] mp = broadcastMap(shape(l.posCoefs().get(k)), outShape);
      String negName = l.negCoefs().get(k);
      if (negName == null) {
        for (int i = 0; i < size; i++) {
          acc[i] += x[mx[i]] * pos[mp[i]];
        }
      } else {
        long[] neg = in.get(negIndex++);
        int[] mn = broadcastMap(shape(negName), outShape);
        for (int i = 0; i < size; i++) {
          long xv = x[mx[i]];
          acc[i] += xv * (xv >= 0 ? pos[mp[i]] : neg[mn[i]]);
        }
      }
    }
    assert next <= in.size();
    return acc;
  }

  private static long[] reduce(QNode.Reduce r, long[] x) {
    int[] s = r.inShape();
    int[] keep = s.clone();
    for (int a : r.axes()) {
      keep[a] = 1;
    }
    int[] ks = io.deepprove.onnx.Shapes.strides(keep);
    int[] st = new int[s.length];
    for (int i = 0; i < s.length; i++) {
      st[i] = keep[i] == 1 && s[i] != 1 ? 0 : ks[i];
    }
    long[] acc = new long[size(keep)];
    int[] idx = new int[s.length];
    int off = 0;
    for (int i = 0; i < x.length; i++) {
      acc[off] += x[i];
      for (int a = s.length - 1; a >= 0; a--) {
        idx[a]++;
        off += st[a];
        if (idx[a] < s[a]) {
          break;
        }
        off -= st[a] * idx[a];
        idx[a] = 0;
      }
    }
    return acc;
  }

  // ---- softmax --------------------------------------------------------------------------------

  private static NodeTrace softmax(QNode.Softmax s, List<long[]> in, Map<String, long[]> aux) {
    long[] x = in.get(0);
    int outer = s.outer();
    int n = s.n();
    int inner = s.inner();
    int rows = outer * inner;
    long[] table = s.expTable();
    long[] rowMax = new long[rows];
    long[] rowSum = new long[rows];
    long[] e = new long[x.length];
    long[] out = new long[x.length];
    long[] rem = new long[x.length];
    long[] acc = s.log() ? new long[x.length] : null;
    long[] quot = s.log() ? new long[x.length] : null;
    long[] logSum = s.log() ? new long[rows] : null;
    long[] lnTable = s.log() ? s.lnTable() : null;
    for (int r = 0; r < rows; r++) {
      int base = (r / inner) * n * inner + r % inner;
      long m = Long.MIN_VALUE;
      for (int j = 0; j < n; j++) {
        m = Math.max(m, x[base + j * inner]);
      }
      long sum = 0;
      for (int j = 0; j < n; j++) {
        int i = base + j * inner;
        long ev = table[(int) (m - x[i])];
        e[i] = ev;
        sum += ev;
      }
      rowMax[r] = m;
      rowSum[r] = sum;
      if (!s.log()) {
        long k = s.outK();
        for (int j = 0; j < n; j++) {
          int i = base + j * inner;
          long num = 2 * e[i] * k + sum;
          long q = num / (2 * sum);
          rem[i] = num - q * 2 * sum;
          out[i] = Math.min(Requant.INT8_MAX, q);
        }
      } else {
        int exp = 63 - Long.numberOfLeadingZeros(sum);
        int f = (int) ((exp >= 8 ? sum >> (exp - 8) : sum << (8 - exp)) & 0xff);
        long l = (exp - Softmax.EXP_BITS) * s.ln2Coef() + lnTable[f];
        logSum[r] = l;
        for (int j = 0; j < n; j++) {
          int i = base + j * inner;
          acc[i] = -s.inCoef() * (m - x[i]) - l;
        }
      }
    }
    aux.put("rowMax", rowMax);
    aux.put("exp", e);
    aux.put("rowSum", rowSum);
    if (!s.log()) {
      aux.put("divRemainder", rem);
      return new NodeTrace(s, in, null, null, null, List.of(out), aux);
    }
    aux.put("logSum", logSum);
    s.requant().apply(acc, quot, rem, out);
    return new NodeTrace(s, in, acc, quot, rem, List.of(out), aux);
  }

  /** Alias so the softmax javadoc constants read naturally here. */
  private static final class Softmax {
    static final int EXP_BITS = QNode.Softmax.EXP_BITS;
  }

  // ---- exact nodes ---------------------------------------------------------------------------

  private List<long[]> exact(QNode node, List<long[]> in, Map<String, long[]> aux) {
    if (node instanceof QNode.Table t) {
      long[] x = in.get(0);
      long[] e = t.table().raw();
      long[] y = new long[x.length];
      for (int i = 0; i < x.length; i++) {
        y[i] = e[(int) x[i] + UnaryTable.OFFSET];
      }
      return List.of(y);
    }
    if (node instanceof QNode.Pool p) {
      return List.of(pool(p, in.get(0), aux));
    }
    if (node instanceof QNode.MaxMin mm) {
      int[] outShape = mm.outShape();
      int size = size(outShape);
      long[] y = new long[size];
      for (int k = 0; k < mm.terms().size(); k++) {
        long[] x = in.get(k);
        int[] map = broadcastMap(shape(mm.terms().get(k)), outShape);
        for (int i = 0; i < size; i++) {
          long v = x[map[i]];
          y[i] = k == 0 ? v : (mm.max() ? Math.max(y[i], v) : Math.min(y[i], v));
        }
      }
      return List.of(y);
    }
    if (node instanceof QNode.Structural s) {
      return StructuralKernels.eval(s.op(), in, s.inShapes(), s.outShapes(), s.padValue());
    }
    throw new IllegalStateException("no integer kernel for " + node);
  }

  private static long[] pool(QNode.Pool p, long[] x, Map<String, long[]> aux) {
    QNode.Geometry g = p.geometry();
    int[] in = g.in();
    int[] out = g.out();
    int[] ker = g.kernel();
    int[] st = g.strides();
    int[] pb = g.padsBegin();
    int[] pe = p.padsEnd();
    int[] dil = g.dilations();
    int planes = g.batch() * g.inChannels();
    int inSize = g.inSize();
    int outSize = g.outSize();
    long[] y = new long[planes * outSize];
    long[] counts = p.max() ? null : new long[y.length];
    long[] rems = p.max() ? null : new long[y.length];
    int o = 0;
    for (int plane = 0; plane < planes; plane++) {
      int xBase = plane * inSize;
      for (int o0 = 0; o0 < out[0]; o0++) {
        for (int o1 = 0; o1 < out[1]; o1++) {
          for (int o2 = 0; o2 < out[2]; o2++) {
            long best = Long.MIN_VALUE;
            long sum = 0;
            int count = 0;
            for (int k0 = 0; k0 < ker[0]; k0++) {
              int i0 = o0 * st[0] + k0 * dil[0] - pb[0];
              boolean in0 = i0 >= 0 && i0 < in[0];
              boolean pad0 = i0 >= -pb[0] && i0 < in[0] + pe[0];
              for (int k1 = 0; k1 < ker[1]; k1++) {
                int i1 = o1 * st[1] + k1 * dil[1] - pb[1];
                boolean in1 = in0 && i1 >= 0 && i1 < in[1];
                boolean pad1 = pad0 && i1 >= -pb[1] && i1 < in[1] + pe[1];
                for (int k2 = 0; k2 < ker[2]; k2++) {
                  int i2 = o2 * st[2] + k2 * dil[2] - pb[2];
                  if (in1 && i2 >= 0 && i2 < in[2]) {
                    long v = x[xBase + (i0 * in[1] + i1) * in[2] + i2];
                    best = Math.max(best, v);
                    sum += v;
                    count++;
                  } else if (p.countIncludePad() && pad1 && i2 >= -pb[2] && i2 < in[2] + pe[2]) {
                    count++;
                  }
                }
              }
            }
            if (p.max()) {
              y[o] = best == Long.MIN_VALUE ? 0 : best;
            } else {
              // round half away from zero: sum = q·count + r with |2r| ≤ count
              long num = sum * p.multiplier();
              long q = count == 0 ? 0 : IntKernels.divRound(num, count);
              y[o] = Math.max(Requant.INT8_MIN, Math.min(Requant.INT8_MAX, q));
              counts[o] = count;
              rems[o] = num - q * count;
            }
            o++;
          }
        }
      }
    }
    if (!p.max()) {
      aux.put("count", counts);
      aux.put("divRemainder", rems);
    }
    return y;
  }

  // ---- helpers -------------------------------------------------------------------------------

  static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** For each row-major index of {@code out}, the index of {@code in} numpy broadcasting reads. */
  static int[] broadcastMap(int[] in, int[] out) {
    int size = size(out);
    int[] map = new int[size];
    if (size(in) == size && in.length <= out.length) {
      boolean same = true;
      for (int i = 0; i < in.length; i++) {
        same &= in[i] == out[out.length - in.length + i];
      }
      if (same) {
        for (int i = 0; i < size; i++) {
          map[i] = i;
        }
        return map;
      }
    }
    int[] st = io.deepprove.onnx.Shapes.broadcastStrides(in, out);
    int[] idx = new int[out.length];
    int off = 0;
    for (int i = 0; i < size; i++) {
      map[i] = off;
      for (int a = out.length - 1; a >= 0; a--) {
        idx[a]++;
        off += st[a];
        if (idx[a] < out[a]) {
          break;
        }
        off -= st[a] * idx[a];
        idx[a] = 0;
      }
    }
    return map;
  }

  private static int ceilDiv(int a, int b) {
    return -Math.floorDiv(-a, b);
  }

  /** A loop over [from, to) that may allocate its scratch once. */
  @FunctionalInterface
  private interface RangeBody {
    void run(int from, int to);
  }

  /** Runs body over [0, n), as two halves on two threads when the work is large. */
  private void parallelRanges(int n, long work, RangeBody body) {
    if (threads < 2 || n < 2 || work < PARALLEL_WORK) {
      body.run(0, n);
      return;
    }
    int half = n / 2;
    Future<?> f = HELPER.submit(() -> body.run(half, n));
    body.run(0, half);
    join(f);
  }

  private static void join(Future<?> f) {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Runs body(0..n−1), splitting the range over two threads when the work is large. */
  private void parallelFor(int n, long work, IntConsumer body) {
    parallelRanges(n, work, (from, to) -> {
      for (int i = from; i < to; i++) {
        body.accept(i);
      }
    });
  }
}
