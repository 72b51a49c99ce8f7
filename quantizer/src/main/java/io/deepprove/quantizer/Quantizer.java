package io.deepprove.quantizer;

import io.deepprove.onnx.BinaryFunction;
import io.deepprove.onnx.Graph;
import io.deepprove.onnx.GraphPasses;
import io.deepprove.onnx.Node;
import io.deepprove.onnx.Op;
import io.deepprove.onnx.Shapes;
import io.deepprove.onnx.Tensor;
import io.deepprove.onnx.TensorInfo;
import io.deepprove.onnx.UnaryFunction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * Turns a float {@link Graph} and calibration samples into a {@link QuantizedGraph}.
 *
 * <p>Scheme: every run-time value is per-tensor symmetric int8 (zero point 0, scale =
 * calibrated max|x| / 127, range −127..127). Constant weights of Gemm/MatMul/Conv/ConvTranspose
 * are int8 with one scale per output channel ({@link Options#perChannelWeights}, the default:
 * measured on the MLP and CNN test models it lowers the output error; see QuantizerTest), biases
 * int32 at the accumulator scale s_x·s_w[c]. Each linear node's accumulator is requantized to
 * its output scale by a fixed-point multiplier and shift ({@link Requant}); a following Relu or
 * Clip with constant bounds is fused into the clamp. Every other unary function is a 256-entry
 * table ({@link UnaryTable}); Softmax/LogSoftmax use the integer construction of
 * {@link QNode.Softmax}; data movement and max pooling keep the input scale; average pooling
 * divides with rounding. Operands that meet on different scales (Add, Concat, Max, ...) are
 * brought onto one accumulator scale with small integer coefficients (|c| ≤ 2^14) or rescaled.
 *
 * <p>Setup checks that no accumulator can reach 2^40 in absolute value for any int8 input (the
 * bound is computed from the actual integer weights), and names the layer when one could.
 */
public final class Quantizer {
  /** The accumulator bound the field embedding assumes. */
  public static final long ACCUMULATOR_LIMIT = 1L << 40;
  /** Integer coefficients that align two scales have this many bits. */
  static final int COEF_BITS = 14;
  private static final double Q = 127.0;

  /** Quantization choices. */
  public record Options(boolean perChannelWeights) {
    public static final Options DEFAULT = new Options(true);
  }

  private final Graph g;
  private final Calibration cal;
  private final Options options;
  private final Map<String, ValueSpec> values = new LinkedHashMap<>();
  private final Map<String, QuantizedTensor> consts = new LinkedHashMap<>();
  private final List<QNode> nodes = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private final Set<Node> fused = new HashSet<>();
  private final Set<String> graphOutputs = new HashSet<>();
  private int fresh;

  private Quantizer(Graph g, Calibration cal, Options options) {
    this.g = g;
    this.cal = cal;
    this.options = options;
    g.outputs().forEach(o -> graphOutputs.add(o.name()));
  }

  /** Folds inference BatchNormalization, calibrates on {@code samples} and quantizes. */
  public static QuantizedGraph quantize(Graph graph, List<List<float[]>> samples) throws QuantizationException {
    return quantize(graph, samples, Options.DEFAULT);
  }

  /** As {@link #quantize(Graph, List)} with explicit options. */
  public static QuantizedGraph quantize(Graph graph, List<List<float[]>> samples, Options options)
      throws QuantizationException {
    Graph folded = GraphPasses.foldChannelAffine(graph);
    Calibration cal = Calibration.of(folded, samples);
    return new Quantizer(folded, cal, options).run();
  }

  private QuantizedGraph run() throws QuantizationException {
    List<ValueSpec> inputs = new ArrayList<>();
    for (TensorInfo i : g.inputs()) {
      ValueSpec v;
      if (onlySoftmaxReads(i.name())) {
        // (log-)softmax depends on differences within a row: int8 would map rows of very different
        // magnitudes (ONNX test_logsoftmax_large_number: 0…3 and 10000…10003) onto one value each
        double m = cal.absMax(i.name());
        v = new ValueSpec(i.name(), i.shape(), m > 0 && Double.isFinite(m) ? m / WIDE_Q : 1 / WIDE_Q, 0, 16);
        values.put(i.name(), v);
      } else {
        v = spec(i.name(), i.shape(), scaleOf(i.name()));
      }
      inputs.add(v);
    }
    for (Node n : g.nodes()) {
      if (fused.contains(n)) {
        continue;
      }
      int before = problems.size();
      try {
        quantizeNode(n);
      } catch (IllegalArgumentException e) {
        if (problems.size() == before) {
          problems.add(where(n) + ": " + e.getMessage());
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new QuantizationException(problems);
    }
    List<ValueSpec> outputs = new ArrayList<>();
    for (TensorInfo o : g.outputs()) {
      ValueSpec v = values.get(o.name());
      if (v == null) {
        double s = scaleOf(o.name());
        consts.put(o.name(), quantizeConstant(g.initializer(o.name()).toDoubleArray(), o.shape(), s));
        v = new ValueSpec(o.name(), o.shape(), s, 0);
        values.put(o.name(), v);
      }
      outputs.add(v);
    }
    return new QuantizedGraph(g.name(), inputs, outputs, nodes, consts, values);
  }

  private static String where(Node n) {
    return "node '" + n.name() + "' (" + n.onnxOpType() + ")";
  }

  private ValueSpec spec(String name, int[] shape, double scale) {
    ValueSpec v = new ValueSpec(name, shape, scale, 0);
    values.put(name, v);
    return v;
  }

  /** The largest int16 magnitude, for inputs only softmax reads. */
  private static final double WIDE_Q = 32767;

  /** Whether a graph input is read by (log-)softmax nodes and nothing else (nor is an output). */
  private boolean onlySoftmaxReads(String input) {
    List<Node> cons = g.consumers(input);
    if (cons.isEmpty() || g.outputs().stream().anyMatch(o -> o.name().equals(input))) {
      return false;
    }
    for (Node c : cons) {
      if (!(c.op() instanceof Op.Softmax) || !c.input(0).equals(input)) {
        return false;
      }
    }
    return true;
  }

  /** Symmetric int8 scale of a float value from calibration (1/127 for a value that is always 0). */
  private double scaleOf(String name) {
    double m = cal.absMax(name);
    return m > 0 && Double.isFinite(m) ? m / Q : 1 / Q;
  }

  private double scale(String runtimeValue) {
    return values.get(runtimeValue).scale();
  }

  private String freshName(String base) {
    String n = base;
    while (values.containsKey(n) || consts.containsKey(n) || g.infos().containsKey(n)) {
      n = base + "#" + (++fresh);
    }
    return n;
  }

  private String constant(String base, int[] shape, long[] v) {
    String name = freshName(base);
    consts.put(name, new QuantizedTensor(shape, v, new double[0]));
    return name;
  }

  private static QuantizedTensor quantizeConstant(double[] v, int[] shape, double s) {
    long[] q = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      q[i] = Math.max(Requant.INT8_MIN, Math.min(Requant.INT8_MAX, Math.round(v[i] / s)));
    }
    return new QuantizedTensor(shape, q, new double[] {s});
  }

  /** The value {@code name} as int8 on scale {@code s}: a constant quantized to it, or a rescaled copy. */
  private String operand(String name, double s, String forNode) {
    if (g.isConstant(name)) {
      String q = freshName(name + "@q");
      consts.put(q, quantizeConstant(g.initializer(name).toDoubleArray(), g.shape(name), s));
      return q;
    }
    ValueSpec v = values.get(name);
    if (Math.abs(v.scale() - s) <= 1e-12 * s) {
      return name;
    }
    String out = freshName(name + "@rescaled");
    String one = constant(forNode + "/one", new int[0], new long[] {1});
    Requant r = Requant.of(v.scale() / s, Requant.INT8_MIN, Requant.INT8_MAX, 127);
    nodes.add(new QNode.LinearCombination(forNode + "/rescale_" + name, List.of(name), List.of(one),
        Arrays.asList((String) null), null, out, v.shape(), r));
    spec(out, v.shape(), s);
    return out;
  }

  /** Int8 scale for a constant operand of a product: max|c| / 127. */
  private double constScale(String name) {
    double m = 0;
    for (double d : g.initializer(name).toDoubleArray()) {
      m = Math.max(m, Math.abs(d));
    }
    return m > 0 ? m / Q : 1;
  }

  /** Where a requantizing node writes: its own output, or that of a fused Relu/Clip. */
  private record Target(String output, long lo, long hi, double scale) {}

  private Target target(Node n) {
    String out = n.output();
    List<Node> cons = g.consumers(out);
    if (cons.size() == 1 && !graphOutputs.contains(out) && cons.get(0).op() instanceof Op.Unary u
        && cons.get(0).inputs().size() == 1) {
      Node act = cons.get(0);
      String v = act.output();
      double s = scaleOf(v);
      UnaryFunction f = u.fn();
      if (f.kind() == UnaryFunction.Kind.RELU) {
        fused.add(act);
        return new Target(v, 0, Requant.INT8_MAX, s);
      }
      if (f.kind() == UnaryFunction.Kind.CLIP) {
        long lo = clampBound(f.alpha(), s, true);
        long hi = clampBound(f.beta(), s, false);
        if (lo <= hi) {
          fused.add(act);
          return new Target(v, lo, hi, s);
        }
      }
    }
    return new Target(out, Requant.INT8_MIN, Requant.INT8_MAX, scaleOf(out));
  }

  private static long clampBound(double bound, double s, boolean lower) {
    if (Double.isNaN(bound)) {
      return lower ? Requant.INT8_MIN : Requant.INT8_MAX;
    }
    double q = bound / s;
    long r = q >= 1e6 ? Requant.INT8_MAX : q <= -1e6 ? Requant.INT8_MIN : Math.round(q);
    return Math.max(Requant.INT8_MIN, Math.min(Requant.INT8_MAX, r));
  }

  private void checkBound(Node n, double bound) {
    if (!(bound < ACCUMULATOR_LIMIT)) {
      throw new IllegalArgumentException("accumulator could reach 2^"
          + String.format(java.util.Locale.ROOT, "%.1f", Math.log(bound) / Math.log(2))
          + ", above the 2^40 the field embedding allows");
    }
  }

  // ---- per op ---------------------------------------------------------------------------------

  private void quantizeNode(Node n) {
    Op op = n.op();
    if (op instanceof Op.Gemm gm) {
      gemm(n, gm);
    } else if (op instanceof Op.MatMul) {
      if (g.isConstant(n.input(1)) && !g.isConstant(n.input(0)) && g.shape(n.input(1)).length == 2) {
        int[] b = g.shape(n.input(1));
        dense(n, n.input(0), g.initializer(n.input(1)).toDoubleArray(), b[0], b[1], false, 1.0, null, 0);
      } else {
        bilinearMatmul(n, n.input(0), n.input(1), null, false, false, 1.0, 0);
      }
    } else if (op instanceof Op.Conv c) {
      conv(n, c.kernel(), c.strides(), c.padsBegin(), c.dilations(), c.group(), false);
    } else if (op instanceof Op.ConvTranspose c) {
      conv(n, c.kernel(), c.strides(), c.padsBegin(), c.dilations(), c.group(), true);
    } else if (op instanceof Op.Elementwise e) {
      elementwise(n, e.fn());
    } else if (op instanceof Op.Unary u) {
      String in = runtime(n, n.input(0));
      double so = scaleOf(n.output());
      nodes.add(new QNode.Table(n.name(), in, n.output(), UnaryTable.of(u.fn(), scale(in), so)));
      spec(n.output(), g.shape(n.output()), so);
    } else if (op instanceof Op.Pool p) {
      pool(n, p);
    } else if (op instanceof Op.GlobalPool p) {
      globalPool(n, p);
    } else if (op instanceof Op.ChannelAffine) {
      channelAffine(n);
    } else if (op instanceof Op.Reduce r) {
      String in = runtime(n, n.input(0));
      int[] s = g.shape(in);
      long count = 1;
      for (int a : r.axes()) {
        count *= s[a];
      }
      checkBound(n, 127.0 * count);
      double so = scaleOf(n.output());
      double real = scale(in) / so / (r.kind() == Op.ReduceKind.MEAN ? count : 1);
      nodes.add(new QNode.Reduce(n.name(), in, n.output(), s, r.axes(),
          Requant.of(real, Requant.INT8_MIN, Requant.INT8_MAX, 127 * count)));
      spec(n.output(), g.shape(n.output()), so);
    } else if (op instanceof Op.Softmax s) {
      softmax(n, s);
    } else if (op instanceof Op.Concat || op instanceof Op.Pad) {
      double so;
      long padValue = 0;
      if (op instanceof Op.Pad p) {
        double si = scale(runtime(n, n.input(0)));
        so = p.mode() == Op.PadMode.CONSTANT && Math.abs(p.value()) > si * Q ? Math.abs(p.value()) / Q : si;
        padValue = Math.max(Requant.INT8_MIN, Math.min(Requant.INT8_MAX, Math.round(p.value() / so)));
      } else {
        so = 0;
        for (String i : n.inputs()) {
          so = Math.max(so, g.isConstant(i) ? constScale(i) : scale(i));
        }
      }
      List<String> ins = new ArrayList<>();
      for (String i : n.inputs()) {
        ins.add(operand(i, so, n.name()));
      }
      structural(n, ins, so, padValue);
    } else if (op instanceof Op.Reshape || op instanceof Op.Transpose || op instanceof Op.Split
        || op instanceof Op.Slice || op instanceof Op.Gather || op instanceof Op.Identity) {
      String in = runtime(n, n.input(0));
      structural(n, List.of(in), scale(in), 0);
    } else {
      throw new IllegalArgumentException("no integer form for " + op.name());
    }
  }

  private String runtime(Node n, String name) {
    if (!values.containsKey(name)) {
      throw new IllegalArgumentException("input '" + name + "' must be a run-time value");
    }
    return name;
  }

  private void structural(Node n, List<String> ins, double scale, long padValue) {
    List<int[]> inShapes = new ArrayList<>();
    for (String i : ins) {
      inShapes.add(values.containsKey(i) ? values.get(i).shape() : consts.get(i).shape());
    }
    List<int[]> outShapes = new ArrayList<>();
    for (String o : n.outputs()) {
      outShapes.add(g.shape(o));
      spec(o, g.shape(o), scale);
    }
    nodes.add(new QNode.Structural(n.name(), n.op(), ins, n.outputs(), inShapes, outShapes, padValue));
  }

  private void gemm(Node n, Op.Gemm gm) {
    String a = n.input(0);
    String b = n.input(1);
    String c = n.inputs().size() > 2 ? n.input(2) : null;
    boolean cConst = c == null || g.isConstant(c);
    if (!gm.transA() && !g.isConstant(a) && g.isConstant(b) && cConst) {
      int[] bs = g.shape(b);
      int k = gm.transB() ? bs[1] : bs[0];
      int nn = gm.transB() ? bs[0] : bs[1];
      double[] w = g.initializer(b).toDoubleArray();
      if (gm.transB()) {
        double[] t = new double[w.length];
        for (int j = 0; j < nn; j++) {
          for (int p = 0; p < k; p++) {
            t[p * nn + j] = w[j * k + p];
          }
        }
        w = t;
      }
      double[] bias = null;
      int rows = g.shape(a)[0];
      if (c != null && gm.beta() != 0) {
        int[] cs = g.shape(c);
        double[] cv = g.initializer(c).toDoubleArray();
        boolean perColumn = Shapes.size(cs) == 1 || cs.length == 1 || cs[0] == 1;
        int[] target = perColumn ? new int[] {nn} : new int[] {rows, nn};
        int[] map = IntegerEngine.broadcastMap(perColumn && cs.length == 2 ? new int[] {cs[1]} : cs, target);
        bias = new double[map.length];
        for (int i = 0; i < map.length; i++) {
          bias[i] = gm.beta() * cv[map[i]];
        }
      }
      dense(n, a, w, k, nn, false, gm.alpha(), bias, rows);
    } else {
      bilinearMatmul(n, a, b, c, gm.transA(), gm.transB(), gm.alpha(), gm.beta());
    }
  }

  /** acc = x·(alpha·W) + bias with W [k, n] and per-column weight scales. */
  private void dense(Node n, String x, double[] w, int k, int nn, boolean unused, double alpha, double[] bias,
      int rowsHint) {
    String in = runtime(n, x);
    int rows = Shapes.size(g.shape(in)) / k;
    double[] wa = w.clone();
    for (int i = 0; i < wa.length; i++) {
      wa[i] *= alpha;
    }
    WeightQ wq = quantizeWeights(wa, nn, i -> i % nn);
    Target t = target(n);
    double sx = scale(in);
    long[] bq = null;
    long maxBias = 0;
    if (bias != null) {
      bq = new long[bias.length];
      for (int i = 0; i < bias.length; i++) {
        bq[i] = Math.round(bias[i] / (sx * wq.scales[i % nn]));
        maxBias = Math.max(maxBias, Math.abs(bq[i]));
      }
    }
    long[] colAbs = new long[nn];
    for (int i = 0; i < wq.q.length; i++) {
      colAbs[i % nn] += Math.abs(wq.q[i]);
    }
    long bound = Arrays.stream(colAbs).max().orElse(0) * 127 + maxBias;
    checkBound(n, bound);
    double[] reals = new double[wq.scales.length];
    for (int j = 0; j < reals.length; j++) {
      reals[j] = sx * wq.scales[j] / t.scale;
    }
    String wn = freshName(n.name() + "/weight");
    consts.put(wn, new QuantizedTensor(new int[] {k, nn}, wq.q, wq.scales));
    String bn = null;
    if (bq != null) {
      bn = freshName(n.name() + "/bias");
      consts.put(bn, new QuantizedTensor(bq.length == nn ? new int[] {nn} : new int[] {rows, nn}, bq, new double[0]));
    }
    Requant r = Requant.of(reals, 1, t.lo, t.hi, bound);
    nodes.add(new QNode.Dense(n.name(), in, wn, bn, t.output, rows, k, nn, r));
    spec(t.output, g.shape(t.output), t.scale);
  }

  private record WeightQ(long[] q, double[] scales) {}

  /** int8 weights with one scale per channel (or one for all when per-channel is off). */
  private WeightQ quantizeWeights(double[] w, int channels, IntUnaryOperator channelOf) {
    int ch = options.perChannelWeights() ? channels : 1;
    double[] max = new double[ch];
    for (int i = 0; i < w.length; i++) {
      int c = ch == 1 ? 0 : channelOf.applyAsInt(i);
      max[c] = Math.max(max[c], Math.abs(w[i]));
    }
    double[] scales = new double[channels];
    for (int c = 0; c < channels; c++) {
      double m = max[ch == 1 ? 0 : c];
      scales[c] = m > 0 ? m / Q : 1 / Q;
    }
    long[] q = new long[w.length];
    for (int i = 0; i < w.length; i++) {
      q[i] = Math.round(w[i] / scales[channelOf.applyAsInt(i)]);
    }
    return new WeightQ(q, scales);
  }

  private void bilinearMatmul(Node n, String a, String b, String c, boolean transA, boolean transB, double alpha,
      double beta) {
    double sa = g.isConstant(a) ? constScale(a) : scale(a);
    double sb = g.isConstant(b) ? constScale(b) : scale(b);
    String qa = operand(a, sa, n.name());
    String qb = operand(b, sb, n.name());
    int[] as = g.shape(a);
    int[] bs = g.shape(b);
    int k = as.length == 1 ? as[0] : transA ? as[as.length - 2] : as[as.length - 1];
    bilinear(n, QNode.BilinearMode.MATMUL, qa, qb, c, as, bs, transA, transB, alpha * sa * sb, beta, k);
  }

  /** acc = Kp·(a ∘ b) + Kc·c with Kp, Kc aligning the real scales productScale and beta·s_c. */
  private void bilinear(Node n, QNode.BilinearMode mode, String qa, String qb, String c, int[] as, int[] bs,
      boolean transA, boolean transB, double productScale, double beta, int k) {
    Target t = target(n);
    String qc = null;
    int[] cs = null;
    long kp;
    long kc = 0;
    double accScale;
    if (c != null && beta != 0) {
      double sc = g.isConstant(c) ? constScale(c) : scale(c);
      qc = operand(c, sc, n.name());
      cs = g.shape(c);
      double cScale = beta * sc;
      accScale = Math.max(Math.abs(productScale), Math.abs(cScale)) / (1 << COEF_BITS);
      kp = Math.round(productScale / accScale);
      kc = Math.round(cScale / accScale);
    } else {
      accScale = Math.abs(productScale);
      kp = productScale >= 0 ? 1 : -1;
      if (accScale == 0) {
        accScale = 1;
        kp = 0;
      }
    }
    double bound = (double) Math.abs(kp) * k * 127 * 127 + Math.abs(kc) * 127.0;
    checkBound(n, bound);
    Requant r = Requant.of(accScale / t.scale, t.lo, t.hi, (long) bound + 1);
    nodes.add(new QNode.Bilinear(n.name(), mode, qa, qb, qc, t.output, as, bs, cs, g.shape(n.output()), transA,
        transB, kp, kc, r));
    spec(t.output, g.shape(t.output), t.scale);
  }

  private void conv(Node n, int[] kernel, int[] strides, int[] pads, int[] dil, int group, boolean transpose) {
    String in = runtime(n, n.input(0));
    String wName = n.input(1);
    boolean wRuntime = !g.isConstant(wName);
    if (wRuntime) {
      runtime(n, wName);
    }
    int[] xs = g.shape(in);
    int[] ys = g.shape(n.output());
    int[] ws = g.shape(wName);
    int sp = xs.length - 2;
    if (sp < 1 || sp > 3) {
      throw new IllegalArgumentException(sp + " spatial axes (1 to 3 supported)");
    }
    int c = xs[1];
    int m = ys[1];
    QNode.Geometry geo = new QNode.Geometry(xs[0], c, m, group, pad3(xs, 2, 1), pad3(ys, 2, 1), pad3(kernel, 0, 1),
        pad3(strides, 0, 1), pad3(pads, 0, 0), pad3(dil, 0, 1));
    int kSize = Shapes.product(ws, 2, ws.length);
    int mg = m / group;
    int cg = c / group;
    IntUnaryOperator channelOf = transpose
        ? i -> {
            int cIn = i / (mg * kSize);
            int j = (i / kSize) % mg;
            return (cIn / cg) * mg + j;
          }
        : i -> i / (cg * kSize);
    Target t = target(n);
    double sx = scale(in);
    WeightQ wq;
    long[] chAbs = new long[m];
    if (wRuntime) {
      // run-time weights (ONNX node tests pass W as an input): per-tensor int8 at their calibrated scale
      double[] sc = new double[m];
      Arrays.fill(sc, scale(wName));
      wq = new WeightQ(null, sc);
      Arrays.fill(chAbs, 127L * cg * kSize);
    } else {
      wq = quantizeWeights(g.initializer(wName).toDoubleArray(), m, channelOf);
      for (int i = 0; i < wq.q.length; i++) {
        chAbs[channelOf.applyAsInt(i)] += Math.abs(wq.q[i]);
      }
    }
    long[] bq = null;
    long maxBias = 0;
    if (n.inputs().size() > 2) {
      if (!g.isConstant(n.input(2))) {
        throw new IllegalArgumentException("bias '" + n.input(2) + "' must be constant");
      }
      double[] b = g.initializer(n.input(2)).toDoubleArray();
      bq = new long[m];
      for (int j = 0; j < m; j++) {
        bq[j] = Math.round(b[j] / (sx * wq.scales[j]));
        maxBias = Math.max(maxBias, Math.abs(bq[j]));
      }
    }
    long bound = Arrays.stream(chAbs).max().orElse(0) * 127 + maxBias;
    checkBound(n, bound);
    double[] reals = new double[m];
    for (int j = 0; j < m; j++) {
      reals[j] = sx * wq.scales[j] / t.scale;
    }
    String wn = wName;
    if (!wRuntime) {
      wn = freshName(n.name() + "/weight");
      consts.put(wn, new QuantizedTensor(ws, wq.q, wq.scales));
    }
    String bn = null;
    if (bq != null) {
      bn = freshName(n.name() + "/bias");
      consts.put(bn, new QuantizedTensor(new int[] {m}, bq, new double[0]));
    }
    Requant r = Requant.of(reals, geo.outSize(), t.lo, t.hi, bound);
    nodes.add(transpose
        ? new QNode.ConvTranspose(n.name(), in, wn, bn, t.output, geo, r)
        : new QNode.Conv(n.name(), in, wn, bn, t.output, geo, r));
    spec(t.output, g.shape(t.output), t.scale);
  }

  /** The last (up to 3) entries of a from index {@code from}, left-padded with {@code fill} to length 3. */
  private static int[] pad3(int[] a, int from, int fill) {
    int k = a.length - from;
    int[] r = new int[3];
    Arrays.fill(r, fill);
    for (int i = 0; i < k; i++) {
      r[3 - k + i] = a[from + i];
    }
    return r;
  }

  private void pool(Node n, Op.Pool p) {
    String in = runtime(n, n.input(0));
    int[] xs = g.shape(in);
    int[] ys = g.shape(n.output());
    int sp = xs.length - 2;
    if (sp < 1 || sp > 3) {
      throw new IllegalArgumentException(sp + " spatial axes (1 to 3 supported)");
    }
    QNode.Geometry geo = new QNode.Geometry(xs[0], xs[1], xs[1], 1, pad3(xs, 2, 1), pad3(ys, 2, 1),
        pad3(p.kernel(), 0, 1), pad3(p.strides(), 0, 1), pad3(p.padsBegin(), 0, 0), pad3(p.dilations(), 0, 1));
    boolean max = p.kind() == Op.PoolKind.MAX;
    // an average is smaller than the inputs: out = round(sum·P / count) on the finer scale s_in / P
    // (P rounded down, so the finer scale still covers the calibrated output range)
    long mult = max ? 1 : Math.max(1, Math.min(1 << 16, (long) Math.floor(scale(in) / scaleOf(n.output()) + 1e-9)));
    nodes.add(new QNode.Pool(n.name(), in, n.output(), max, mult, geo, pad3(p.padsEnd(), 0, 0),
        p.countIncludePad()));
    spec(n.output(), ys, scale(in) / mult);
  }

  private void globalPool(Node n, Op.GlobalPool p) {
    String in = runtime(n, n.input(0));
    int[] xs = g.shape(in);
    int[] ys = g.shape(n.output());
    if (p.kind() == Op.PoolKind.MAX) {
      int sp = xs.length - 2;
      if (sp < 1 || sp > 3) {
        throw new IllegalArgumentException(sp + " spatial axes (1 to 3 supported)");
      }
      int[] ones = {1, 1, 1};
      QNode.Geometry geo = new QNode.Geometry(xs[0], xs[1], xs[1], 1, pad3(xs, 2, 1), ones.clone(), pad3(xs, 2, 1),
          ones.clone(), new int[3], ones.clone());
      nodes.add(new QNode.Pool(n.name(), in, n.output(), true, 1, geo, new int[3], false));
      spec(n.output(), ys, scale(in));
      return;
    }
    int[] axes = new int[xs.length - 2];
    long count = 1;
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i + 2;
      count *= xs[i + 2];
    }
    checkBound(n, 127.0 * count);
    double so = scaleOf(n.output());
    nodes.add(new QNode.Reduce(n.name(), in, n.output(), xs, axes,
        Requant.of(scale(in) / so / count, Requant.INT8_MIN, Requant.INT8_MAX, 127 * count)));
    spec(n.output(), ys, so);
  }

  private void channelAffine(Node n) {
    String in = runtime(n, n.input(0));
    if (!g.isConstant(n.input(1)) || !g.isConstant(n.input(2))) {
      throw new IllegalArgumentException("scale and shift must be constant");
    }
    int[] xs = g.shape(in);
    int[] cs = new int[xs.length - 1];
    Arrays.fill(cs, 1);
    cs[0] = xs[1];
    double[] scale = g.initializer(n.input(1)).toDoubleArray();
    double[] shift = g.initializer(n.input(2)).toDoubleArray();
    double sx = scale(in);
    double[] coef = new double[scale.length];
    for (int i = 0; i < coef.length; i++) {
      coef[i] = scale[i] * sx;
    }
    linearCombination(n, List.of(in), List.of(coef), List.of(cs), Arrays.asList((double[]) null),
        shift, cs);
  }

  /**
   * acc = Σ_k x_k·coef_k (+ neg coef for x_k &lt; 0) + bias, real coefficient tensors aligned onto
   * one accumulator scale t = max|coef| / 2^14.
   */
  private void linearCombination(Node n, List<String> terms, List<double[]> coefs, List<int[]> coefShapes,
      List<double[]> negCoefs, double[] bias, int[] biasShape) {
    Target t = target(n);
    double max = 0;
    for (int k = 0; k < terms.size(); k++) {
      for (double c : coefs.get(k)) {
        max = Math.max(max, Math.abs(c));
      }
      if (negCoefs.get(k) != null) {
        for (double c : negCoefs.get(k)) {
          max = Math.max(max, Math.abs(c));
        }
      }
    }
    if (!(max > 0) || !Double.isFinite(max)) {
      throw new IllegalArgumentException("coefficients must be finite and not all zero");
    }
    double accScale = max / (1 << COEF_BITS);
    List<String> pos = new ArrayList<>();
    List<String> neg = new ArrayList<>();
    double bound = 0;
    for (int k = 0; k < terms.size(); k++) {
      long[] p = round(coefs.get(k), accScale);
      pos.add(constant(n.name() + "/coef" + k, coefShapes.get(k), p));
      long cmax = Arrays.stream(p).map(Math::abs).max().orElse(0);
      if (negCoefs.get(k) != null) {
        long[] q = round(negCoefs.get(k), accScale);
        neg.add(constant(n.name() + "/negcoef" + k, coefShapes.get(k), q));
        cmax = Math.max(cmax, Arrays.stream(q).map(Math::abs).max().orElse(0));
      } else {
        neg.add(null);
      }
      bound += 127.0 * cmax;
    }
    String bn = null;
    if (bias != null) {
      long[] b = round(bias, accScale);
      bound += Arrays.stream(b).map(Math::abs).max().orElse(0);
      checkBound(n, bound);
      bn = constant(n.name() + "/bias", biasShape, b);
    }
    checkBound(n, bound);
    Requant r = Requant.of(accScale / t.scale, t.lo, t.hi, (long) bound + 1);
    nodes.add(new QNode.LinearCombination(n.name(), terms, pos, neg, bn, t.output, g.shape(n.output()), r));
    spec(t.output, g.shape(t.output), t.scale);
  }

  private static long[] round(double[] v, double s) {
    long[] r = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      double q = v[i] / s;
      if (!(Math.abs(q) < ACCUMULATOR_LIMIT)) {
        throw new IllegalArgumentException("a constant is " + v[i] + ", too large next to the other operands");
      }
      r[i] = Math.round(q);
    }
    return r;
  }

  private double[] constValues(String name) {
    return g.initializer(name).toDoubleArray();
  }

  private void elementwise(Node n, BinaryFunction fn) {
    List<String> ins = n.inputs();
    int[] outShape = g.shape(n.output());
    switch (fn) {
      case ADD, SUB -> {
        List<String> terms = new ArrayList<>();
        List<double[]> coefs = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        double[] bias = null;
        int[] biasShape = null;
        for (int k = 0; k < ins.size(); k++) {
          double sign = fn == BinaryFunction.SUB && k > 0 ? -1 : 1;
          String i = ins.get(k);
          if (g.isConstant(i)) {
            int[] cs = g.shape(i);
            int[] bs = biasShape == null ? cs : Shapes.broadcast(biasShape, cs);
            double[] nb = new double[Shapes.size(bs)];
            int[] mc = IntegerEngine.broadcastMap(cs, bs);
            double[] cv = constValues(i);
            if (bias != null) {
              int[] mb = IntegerEngine.broadcastMap(biasShape, bs);
              for (int e = 0; e < nb.length; e++) {
                nb[e] = bias[mb[e]];
              }
            }
            for (int e = 0; e < nb.length; e++) {
              nb[e] += sign * cv[mc[e]];
            }
            bias = nb;
            biasShape = bs;
          } else {
            terms.add(runtime(n, i));
            coefs.add(new double[] {sign * scale(i)});
            shapes.add(new int[0]);
          }
        }
        List<double[]> negs = new ArrayList<>();
        terms.forEach(x -> negs.add(null));
        linearCombination(n, terms, coefs, shapes, negs, bias, biasShape);
      }
      case MUL, DIV -> {
        String a = ins.get(0);
        String b = ins.get(1);
        boolean ca = g.isConstant(a);
        boolean cb = g.isConstant(b);
        if (fn == BinaryFunction.DIV && !cb) {
          String r = reciprocal(n, b);
          if (ca) {
            scaleByConstant(n, r, a, false);
          } else {
            elementwiseProduct(n, a, r, g.shape(b));
          }
        } else if (ca || cb) {
          scaleByConstant(n, ca ? b : a, ca ? a : b, fn == BinaryFunction.DIV);
        } else {
          elementwiseProduct(n, a, b, g.shape(b));
        }
      }
      case MAX, MIN -> {
        double so = scaleOf(n.output());
        List<String> terms = new ArrayList<>();
        for (String i : ins) {
          terms.add(operand(i, so, n.name()));
        }
        nodes.add(new QNode.MaxMin(n.name(), terms, n.output(), fn == BinaryFunction.MAX, outShape));
        spec(n.output(), outShape, so);
      }
      case PRELU -> {
        String x = runtime(n, ins.get(0));
        String slope = ins.get(1);
        double sx = scale(x);
        if (g.isConstant(slope)) {
          double[] sv = constValues(slope);
          double[] negc = new double[sv.length];
          for (int i = 0; i < sv.length; i++) {
            negc[i] = sv[i] * sx;
          }
          List<double[]> negs = new ArrayList<>();
          negs.add(negc);
          // the positive coefficient is broadcast over the slope's shape too
          double[] posc = new double[sv.length];
          Arrays.fill(posc, sx);
          linearCombination(n, List.of(x), List.of(posc), List.of(g.shape(slope)), negs, null, null);
        } else {
          double ss = scale(slope);
          double accScale = Math.max(sx, sx * ss) / (1 << COEF_BITS);
          Target t = target(n);
          long kp = Math.round(sx / accScale);
          long kn = Math.round(sx * ss / accScale);
          double bound = Math.max(kp * 127.0, kn * 127.0 * 127);
          Requant r = Requant.of(accScale / t.scale, t.lo, t.hi, (long) bound + 1);
          nodes.add(new QNode.Bilinear(n.name(), QNode.BilinearMode.PRELU, x, slope, null, t.output, g.shape(x),
              g.shape(slope), null, outShape, false, false, kn, kp, r));
          spec(t.output, g.shape(t.output), t.scale);
        }
      }
      default -> throw new IllegalArgumentException("no integer form for " + fn);
    }
  }

  /** x·c (or x / c) with c a constant tensor. */
  private void scaleByConstant(Node n, String x, String c, boolean divide) {
    runtime(n, x);
    double sx = scale(x);
    double[] cv = constValues(c);
    double[] coef = new double[cv.length];
    for (int i = 0; i < cv.length; i++) {
      coef[i] = (divide ? 1 / cv[i] : cv[i]) * sx;
    }
    List<double[]> negs = new ArrayList<>();
    negs.add(null);
    linearCombination(n, List.of(x), List.of(coef), List.of(g.shape(c)), negs, null, null);
  }

  private void elementwiseProduct(Node n, String a, String b, int[] bShape) {
    runtime(n, a);
    bilinear(n, QNode.BilinearMode.ELEMENTWISE, a, b, null, g.shape(a), bShape, false, false,
        scale(a) * scale(b), 0, 1);
  }

  /** A table 1/x on the int8 value {@code b}, its output scale sized by the smallest calibrated |b|. */
  private String reciprocal(Node n, String b) {
    runtime(n, b);
    double min = cal.minAbs(b);
    if (!(min > 0)) {
      throw new IllegalArgumentException("divisor '" + b + "' is zero on a calibration sample");
    }
    double sb = scale(b);
    double so = 1 / min / Q;
    String out = freshName(b + "@reciprocal");
    nodes.add(new QNode.Table(n.name() + "/reciprocal", b, out, UnaryTable.of(x -> 1 / x, "reciprocal", sb, so)));
    spec(out, g.shape(b), so);
    return out;
  }

  private void softmax(Node n, Op.Softmax s) {
    String in = runtime(n, n.input(0));
    int[] xs = g.shape(in);
    int outer = Shapes.product(xs, 0, s.axisFrom());
    int len = Shapes.product(xs, s.axisFrom(), s.axisTo());
    int inner = Shapes.product(xs, s.axisTo(), xs.length);
    double si = scale(in);
    // d = max − x ranges over [0, 2^bits − 2]: one exp entry per possible difference
    long[] exp = new long[1 << values.get(in).bits()];
    for (int d = 0; d < exp.length; d++) {
      exp[d] = Math.round(Math.scalb(StrictMath.exp(-si * d), QNode.Softmax.EXP_BITS));
    }
    if (!s.log()) {
      double maxOut = Math.min(1, Math.max(cal.absMax(n.output()), 1e-6));
      long k = Math.max(127, Math.round(Q / maxOut));
      checkBound(n, 2.0 * (1 << QNode.Softmax.EXP_BITS) * k * len);
      nodes.add(new QNode.Softmax(n.name(), in, n.output(), outer, len, inner, false, exp, k, 0, 0, null, null));
      spec(n.output(), g.shape(n.output()), 1.0 / k);
      return;
    }
    double so = scaleOf(n.output());
    // a wide input's step is 256× finer: 8 more fractional bits keep inCoef = s_in / t as precise
    int shift = QNode.Softmax.LOG_SHIFT + values.get(in).bits() - 8;
    double t = Math.scalb(so, -shift);
    long inCoef = Math.round(si / t);
    long ln2 = Math.round(Math.log(2) / t);
    long[] ln = new long[256];
    for (int f = 0; f < 256; f++) {
      ln[f] = Math.round(StrictMath.log(1 + (f + 0.5) / 256) / t);
    }
    double bound = inCoef * (exp.length - 2.0) + ln2 * (64.0) + ln[255];
    checkBound(n, bound);
    Requant r = new Requant(new long[] {1}, new int[] {shift}, 1, 1, Requant.INT8_MIN,
        Requant.INT8_MAX);
    nodes.add(new QNode.Softmax(n.name(), in, n.output(), outer, len, inner, true, exp, 0, inCoef, ln2, ln, r));
    spec(n.output(), g.shape(n.output()), so);
  }
}
