package io.deepprove.aggregate;

import io.deepprove.aggregate.Circuit.ConvGeometry;
import io.deepprove.quantizer.QNode;
import io.deepprove.quantizer.QuantizedGraph;
import io.deepprove.quantizer.QuantizedTensor;
import io.deepprove.quantizer.Requant;
import io.deepprove.quantizer.StructuralMaps;
import io.deepprove.quantizer.ValueSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a {@link QuantizedGraph} into the {@link Circuit} the prover proves and the weight values
 * the model commitment holds. Nodes the prover cannot prove yet are all reported at once.
 *
 * <p>Requantizations with per-channel shifts are rewritten exactly to one shift S = max s_c with
 * multipliers M_c·2^(S − s_c): floor((acc·M_c·2^(S−s_c) + 2^(S−1)) / 2^S) equals
 * floor((acc·M_c + 2^(s_c−1)) / 2^(s_c)). Every accumulator's bound |acc| ≤ Σ|W|·127 + |bias| is
 * checked so that acc·M stays below 2^61 (no wrap-around in the field).
 */
public final class CircuitCompiler {

  /**
   * The circuit, the weights to commit, and the scale of every public input and output (in the
   * circuit's order): real value = integer · scale.
   */
  public record Compiled(Circuit circuit, Map<String, long[]> weights, double[] inputScales, double[] outputScales) {
    public Compiled {
      inputScales = inputScales.clone();
      outputScales = outputScales.clone();
    }

    @Override public double[] inputScales() { return inputScales.clone(); }
    @Override public double[] outputScales() { return outputScales.clone(); }
  }

  private CircuitCompiler() {}

  public static Compiled compile(QuantizedGraph g) throws CircuitException {
    CircuitBuilder b = new CircuitBuilder(g.name());
    double[] inScales = new double[g.inputs().size()];
    for (int i = 0; i < inScales.length; i++) {
      ValueSpec in = g.inputs().get(i);
      if (in.bits() == 16) {
        b.input16(in.name(), in.shape());
      } else {
        b.input(in.name(), in.shape());
      }
      inScales[i] = in.scale();
    }
    Map<String, long[]> weights = new HashMap<>();
    Set<String> declared = new HashSet<>();
    List<String> problems = new ArrayList<>();
    for (QNode node : g.nodes()) {
      try {
        add(g, b, node, weights, declared);
      } catch (CircuitException | IllegalArgumentException e) {
        problems.add("node '" + node.name() + "' (" + node.getClass().getSimpleName() + "): " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new CircuitException(problems.size() + (problems.size() == 1 ? " node is" : " nodes are")
          + " not provable yet: " + String.join("; ", problems));
    }
    if (weights.isEmpty()) {
      // a weightless model still has a (trivial) model commitment, opened at one known zero
      b.weight(Protocol.NO_WEIGHTS, 1);
      weights.put(Protocol.NO_WEIGHTS, new long[1]);
    }
    List<String> outs = new ArrayList<>();
    double[] outScales = new double[g.outputs().size()];
    for (int i = 0; i < outScales.length; i++) {
      ValueSpec out = g.outputs().get(i);
      outs.add(out.name());
      outScales[i] = out.scale();
    }
    try {
      return new Compiled(b.build(outs), weights, inScales, outScales);
    } catch (IllegalArgumentException e) {
      throw new CircuitException(e.getMessage());
    }
  }

  private static void add(QuantizedGraph g, CircuitBuilder b, QNode node, Map<String, long[]> weights,
      Set<String> declared) throws CircuitException {
    if (node instanceof QNode.Dense d) {
      QuantizedTensor w = constant(g, d.weight());
      int[] xs = b.shape(d.input());
      if (xs[xs.length - 1] != d.k()) {
        throw new CircuitException("input's last dimension is " + xs[xs.length - 1] + ", the weight expects " + d.k());
      }
      declareWeight(b, weights, declared, d.weight(), w.shape(), w.values());
      if (d.bias() != null) {
        QuantizedTensor bias = constant(g, d.bias());
        declareWeight(b, weights, declared, d.bias(), new int[] {d.n()}, broadcastBias(bias, d.n(), d.name()));
      }
      long bound = accumulatorBound(w.values(), d.k(), d.n(), false, d.bias() == null ? null : weights.get(d.bias()));
      b.dense(d.name(), d.input(), d.weight(), d.bias(), d.output(),
          requant(d.requant(), xs.length - 1, d.n(), bound, d.name()));
    } else if (node instanceof QNode.Conv c) {
      QNode.Geometry geo = c.geometry();
      // a run-time weight (a graph value) is claimed like any trace tensor: its padding is only ever
      // multiplied by the zero rows the convolution's selection leaves for padded (channel, kernel) indices
      QuantizedTensor w = g.constants().get(c.weight());
      int[] ws = Circuit.spatial5(w != null ? w.shape() : b.shape(c.weight()));
      if (w != null) {
        declareWeight(b, weights, declared, c.weight(), ws, w.values());
      }
      int m = ws[0];
      if (c.bias() != null) {
        declareWeight(b, weights, declared, c.bias(), new int[] {m}, broadcastBias(constant(g, c.bias()), m, c.name()));
      }
      long[] bias = c.bias() == null ? null : weights.get(c.bias());
      long bound;
      if (w != null) {
        bound = accumulatorBound(w.values(), w.values().length / m, m, true, bias);
      } else {
        long[] ones = new long[size(ws)];
        Arrays.fill(ones, ACTIVATION_BOUND);
        bound = accumulatorBound(ones, ones.length / m, m, true, bias);
      }
      ConvGeometry cg = new ConvGeometry(geo.kernel(), geo.strides(), geo.padsBegin(), geo.dilations());
      if (geo.group() == 1) {
        b.conv(c.name(), c.input(), c.weight(), c.bias(), c.output(), cg, requant(c.requant(), 1, m, bound, c.name()));
      } else {
        b.groupedConv(c.name(), c.input(), c.weight(), c.bias(), c.output(), cg, geo.group(),
            requant(c.requant(), 1, m, bound, c.name()));
      }
      checkShape(b, c.output(), g.value(c.output()).shape());
    } else if (node instanceof QNode.ConvTranspose c) {
      convTranspose(g, b, c, weights, declared);
    } else if (node instanceof QNode.Table t) {
      b.unary(t.name(), t.input(), t.output(), t.table().entries());
    } else if (node instanceof QNode.Pool p) {
      QNode.Geometry geo = p.geometry();
      ConvGeometry cg = new ConvGeometry(geo.kernel(), geo.strides(), geo.padsBegin(), geo.dilations());
      int[] outShape = g.value(p.output()).shape();
      int[] os = Circuit.spatial5(outShape);
      if (!Arrays.equals(new int[] {os[2], os[3], os[4]}, geo.out())) {
        throw new CircuitException("pooling output " + Arrays.toString(outShape) + " does not match its geometry "
            + Arrays.toString(geo.out()));
      }
      int[] inside = poolCounts(geo, p.padsEnd(), false);
      for (int cnt : inside) {
        if (cnt == 0) {
          throw new CircuitException("a pooling window lies entirely outside its input");
        }
      }
      if (p.max()) {
        b.maxPool(p.name(), p.input(), p.output(), cg, outShape);
      } else {
        b.avgPool(p.name(), p.input(), p.output(), cg, outShape, p.multiplier(),
            poolCounts(geo, p.padsEnd(), p.countIncludePad()), Requant.INT8_MIN, Requant.INT8_MAX);
      }
    } else if (node instanceof QNode.Reduce r) {
      // the node's input shape is a view of the circuit tensor (a convolution output may carry size-1 spatial axes)
      int[] outShape = g.value(r.output()).shape();
      long count = size(r.inShape()) / Math.max(1, size(outShape));
      b.reduce(r.name(), r.input(), r.inShape(), r.output(), outShape, r.axes(),
          requant(r.requant(), -1, 1, 127 * count, r.name()));
    } else if (node instanceof QNode.Structural s) {
      if (s.inputs().size() != 1) {
        concatenation(g, b, s, weights, declared);
        return;
      }
      // run the node on an index tensor (value i + 1 at position i, 0 = padding) to get its selection
      int[] is = s.inShapes().get(0);
      long[] iota = new long[size(is)];
      for (int i = 0; i < iota.length; i++) {
        iota[i] = i + 1;
      }
      List<long[]> maps = StructuralMaps.apply(s.op(), List.of(iota), s.inShapes(), s.outShapes(), 0);
      for (int k = 0; k < s.outputs().size(); k++) {
        long[] m = maps.get(k);
        int[] source = new int[m.length];
        for (int i = 0; i < m.length; i++) {
          source[i] = (int) m[i] - 1;
        }
        String step = s.outputs().size() == 1 ? s.name() : s.name() + "#" + k;
        b.relayout(step, s.inputs().get(0), s.outputs().get(k), s.outShapes().get(k), source, s.padValue());
      }
    } else if (node instanceof QNode.Softmax s) {
      softmax(g, b, s);
    } else if (node instanceof QNode.LinearCombination l) {
      linearCombination(g, b, l, weights, declared);
    } else if (node instanceof QNode.Bilinear bl) {
      bilinear(g, b, bl, weights, declared);
    } else if (node instanceof QNode.MaxMin mm) {
      List<String> terms = new ArrayList<>();
      for (String t : mm.terms()) {
        terms.add(operand(g, b, t, weights, declared));
      }
      b.maxMin(mm.name(), terms, mm.output(), mm.outShape(), mm.max());
      checkShape(b, mm.output(), g.value(mm.output()).shape());
    } else {
      throw new CircuitException("no prover for this operation yet");
    }
  }

  /**
   * A transposed convolution ({@link Circuit.ConvTranspose}): the weight [C, M/G, K...] committed
   * as it is (or a run-time tensor, claimed like any tensor: the proof only multiplies its padding
   * by zeros), the declared output shape (leading pads may be negative), per-output-channel
   * requantization. The accumulator bound
   * per output channel m = g·M/G + m' sums |W[c, m', k]| over the C/G input channels of group g.
   */
  private static void convTranspose(QuantizedGraph g, CircuitBuilder b, QNode.ConvTranspose c,
      Map<String, long[]> weights, Set<String> declared) throws CircuitException {
    QNode.Geometry geo = c.geometry();
    QuantizedTensor w = g.constants().get(c.weight());
    int[] ws = Circuit.spatial5(w != null ? w.shape() : b.shape(c.weight()));
    int group = geo.group();
    int m = geo.outChannels();
    if (ws[0] != geo.inChannels() || ws[1] * group != m) {
      throw new CircuitException("weight " + Arrays.toString(ws) + " does not fit " + geo.inChannels()
          + " input and " + m + " output channels in " + group + " groups");
    }
    if (w != null) {
      declareWeight(b, weights, declared, c.weight(), ws, w.values());
    }
    if (c.bias() != null) {
      declareWeight(b, weights, declared, c.bias(), new int[] {m}, broadcastBias(constant(g, c.bias()), m, c.name()));
    }
    // |W| regrouped per output channel: row m holds the C/G·K weights that feed it
    int mg = ws[1];
    int cg = ws[0] / group;
    int k = ws[2] * ws[3] * ws[4];
    long[] perChannel = new long[m * cg * k];
    long[] wv = w != null ? w.values() : null; // values() copies: once, not per entry
    for (int ch = 0; ch < ws[0]; ch++) {
      for (int j = 0; j < mg; j++) {
        int row = (ch / cg) * mg + j;
        for (int p = 0; p < k; p++) {
          perChannel[(row * cg + ch % cg) * k + p] = wv != null ? wv[(ch * mg + j) * k + p] : ACTIVATION_BOUND;
        }
      }
    }
    long bound = accumulatorBound(perChannel, cg * k, m, true, c.bias() == null ? null : weights.get(c.bias()));
    int[] outShape = g.value(c.output()).shape();
    int[] os = Circuit.spatial5(outShape);
    if (!Arrays.equals(new int[] {os[2], os[3], os[4]}, geo.out())) {
      throw new CircuitException("output " + Arrays.toString(outShape) + " does not match its geometry "
          + Arrays.toString(geo.out()));
    }
    b.convTranspose(c.name(), c.input(), c.weight(), c.bias(), c.output(),
        new ConvGeometry(geo.kernel(), geo.strides(), geo.padsBegin(), geo.dilations()), group, outShape,
        requant(c.requant(), 1, m, bound, c.name()));
  }

  /**
   * A softmax node over rows (outer, n, inner): reshapes in and out to [outer, n, inner] where the
   * graph's shapes differ (a relayout each), with the {@link Circuit.Softmax} step between.
   */
  private static void softmax(QuantizedGraph g, CircuitBuilder b, QNode.Softmax s) throws CircuitException {
    int[] rows = {s.outer(), s.n(), s.inner()};
    int[] xs = b.shape(s.input());
    if (size(xs) != size(rows)) {
      throw new CircuitException("input of " + size(xs) + " values for rows " + Arrays.toString(rows));
    }
    String x = s.input();
    if (!Arrays.equals(xs, rows)) {
      x = s.name() + "#rows-in";
      b.reshape(s.name() + "/rows-in", s.input(), x, rows);
    }
    int[] os = g.value(s.output()).shape();
    String y = Arrays.equals(os, rows) ? s.output() : s.name() + "#rows-out";
    if (s.log()) {
      long[] ln = s.lnTable();
      long lnMax = 0;
      for (long v : ln) {
        lnMax = Math.max(lnMax, Math.abs(v));
      }
      long[] exp = s.expTable();
      long expMax = 0;
      for (long v : exp) {
        expMax = Math.max(expMax, v);
      }
      int maxExponent = 63 - Long.numberOfLeadingZeros(Math.max(1, s.n() * expMax));
      long bound = s.inCoef() * (exp.length - 1) + (long) Math.max(8, Math.abs(maxExponent - 16)) * s.ln2Coef() + lnMax;
      Circuit.Requant rq = requant(s.requant(), -1, 1, bound, s.name());
      b.softmax(s.name(), x, y, true, exp, 0, s.inCoef(), s.ln2Coef(), ln, rq);
    } else {
      if (s.outK() > 1L << 16) {
        throw new CircuitException("softmax output factor " + s.outK() + " above 2^16");
      }
      b.softmax(s.name(), x, y, false, s.expTable(), s.outK(), 0, 0, null, null);
    }
    if (!y.equals(s.output())) {
      b.reshape(s.name() + "/rows-out", y, s.output(), os);
    }
  }

  /** |v| ≤ 128 for every int8 value a step reads (−128 included). */
  private static final long ACTIVATION_BOUND = 128;

  /**
   * acc = bias + Σ_k x_k·(x_k ≥ 0 ? pos_k : neg_k) = bias + Σ_k neg_k·x_k + (pos_k − neg_k)·relu(x_k):
   * the sign-dependent part needs a ReLU'd copy of x_k, made by a {@link Circuit.Unary} step (its
   * lookup is the sign witness), and the constant pos_k − neg_k as a weight.
   */
  private static void linearCombination(QuantizedGraph g, CircuitBuilder b, QNode.LinearCombination l,
      Map<String, long[]> weights, Set<String> declared) throws CircuitException {
    Terms terms = new Terms(g, b, weights, declared);
    for (int k = 0; k < l.terms().size(); k++) {
      String x = operand(g, b, l.terms().get(k), weights, declared);
      String pos = l.posCoefs().get(k);
      String neg = l.negCoefs().get(k);
      if (neg == null || sameConstant(g, pos, neg)) {
        terms.add(1, x, pos);
        continue;
      }
      terms.add(1, x, neg);
      QuantizedTensor p = constant(g, pos);
      QuantizedTensor n = constant(g, neg);
      int[] ds = io.deepprove.onnx.Shapes.broadcast(p.shape(), n.shape());
      PaddedShape dp = new PaddedShape(ds);
      long[] pv = dp.unpad(Protocol.broadcast(dp, new PaddedShape(p.shape()), Witness.padSigned(new PaddedShape(p.shape()), p.values())));
      long[] nv = dp.unpad(Protocol.broadcast(dp, new PaddedShape(n.shape()), Witness.padSigned(new PaddedShape(n.shape()), n.values())));
      long[] diff = new long[pv.length];
      boolean zero = true;
      for (int i = 0; i < diff.length; i++) {
        diff[i] = pv[i] - nv[i];
        zero &= diff[i] == 0;
      }
      if (zero) {
        continue;
      }
      String relu = relu(b, l.name() + "/relu" + k, x);
      if (diff.length == 1) {
        terms.add(diff[0], relu);
      } else {
        String dn = l.name() + "/signcoef" + k;
        declareWeight(b, weights, declared, dn, ds, diff);
        terms.add(1, relu, dn);
      }
    }
    if (l.bias() != null) {
      terms.add(1, l.bias());
    }
    b.elementwise(l.name(), terms.terms(), l.output(), l.outShape(),
        requant(l.requant(), channelDim(l.requant(), l.outShape()), channels(l.requant()), terms.bound, l.name()));
    checkShape(b, l.output(), g.value(l.output()).shape());
  }

  /**
   * ELEMENTWISE: acc = pc·a·b (+ kc·c); PRELU: acc = a ≥ 0 ? kc·a : pc·a·b = pc·a·b + kc·relu(a) −
   * pc·relu(a)·b; MATMUL: acc = pc·(a @ b) (+ kc·c).
   */
  private static void bilinear(QuantizedGraph g, CircuitBuilder b, QNode.Bilinear bl, Map<String, long[]> weights,
      Set<String> declared) throws CircuitException {
    long pc = bl.productCoef();
    long kc = bl.addendCoef();
    String a = operand(g, b, bl.a(), weights, declared);
    String bb = operand(g, b, bl.b(), weights, declared);
    String c = bl.c() == null ? null : operand(g, b, bl.c(), weights, declared);
    int[] os = bl.outShape();
    Circuit.Requant rq;
    if (bl.mode() == QNode.BilinearMode.MATMUL) {
      int k = MatMulShape.of(b.shape(a), b.shape(bb), bl.transA(), bl.transB(),
          CircuitBuilder.numpyMatMulShape(b.shape(a), b.shape(bb), bl.transA(), bl.transB())).k();
      long bound = Math.multiplyExact(Math.abs(pc), (long) k * maxAbs(g, bl.a()) * maxAbs(g, bl.b()));
      if (c != null) {
        bound = Math.addExact(bound, Math.abs(kc) * maxAbs(g, bl.c()));
      }
      rq = requant(bl.requant(), channelDim(bl.requant(), os), channels(bl.requant()), bound, bl.name());
      b.matMul(bl.name(), a, bb, c, bl.output(), bl.transA(), bl.transB(), pc, kc, rq);
    } else {
      Terms terms = new Terms(g, b, weights, declared);
      terms.add(pc, a, bb);
      if (bl.mode() == QNode.BilinearMode.PRELU) {
        String relu = relu(b, bl.name() + "/relu", a);
        terms.add(kc, relu);
        terms.add(-pc, relu, bb);
      } else if (c != null) {
        terms.add(kc, c);
      }
      rq = requant(bl.requant(), channelDim(bl.requant(), os), channels(bl.requant()), terms.bound, bl.name());
      b.elementwise(bl.name(), terms.terms(), bl.output(), os, rq);
    }
    checkShape(b, bl.output(), g.value(bl.output()).shape());
  }

  /**
   * The terms of an elementwise step: scalar constants fold into the public coefficient, other
   * constants become weights; tracks Σ|coef|·Π max|factor| for the requantization's range check.
   */
  private static final class Terms {
    final QuantizedGraph g;
    final CircuitBuilder b;
    final Map<String, long[]> weights;
    final Set<String> declared;
    final List<Circuit.Term> list = new ArrayList<>();
    long bound;

    Terms(QuantizedGraph g, CircuitBuilder b, Map<String, long[]> weights, Set<String> declared) {
      this.g = g;
      this.b = b;
      this.weights = weights;
      this.declared = declared;
    }

    void add(long coef, String... factors) throws CircuitException {
      List<String> fs = new ArrayList<>();
      long c = coef;
      long mag = Math.abs(coef);
      for (String f : factors) {
        QuantizedTensor t = g.constants().get(f);
        if (t != null && t.values().length == 1) {
          c = Math.multiplyExact(c, t.values()[0]);
          mag = Math.multiplyExact(mag, Math.abs(t.values()[0]));
          continue;
        }
        fs.add(operand(g, b, f, weights, declared));
        mag = Math.multiplyExact(mag, maxAbs(g, f));
      }
      if (c != 0) {
        list.add(new Circuit.Term(c, fs));
        bound = Math.addExact(bound, mag);
      }
    }

    /** The terms, or one zero term when every coefficient vanished. */
    List<Circuit.Term> terms() {
      return list.isEmpty() ? List.of(new Circuit.Term(0, List.of())) : list;
    }
  }

  /** A ReLU'd copy of an int8 tensor, proved by its lookup. */
  private static String relu(CircuitBuilder b, String step, String x) {
    long[] table = new long[256];
    for (int i = 0; i < 256; i++) {
      table[i] = Math.max(0, i - 128);
    }
    String out = step + "#out";
    b.unary(step, x, out, table);
    return out;
  }

  /** A value read by a step: a graph constant becomes a weight (declared once), anything else must exist. */
  private static String operand(QuantizedGraph g, CircuitBuilder b, String name, Map<String, long[]> weights,
      Set<String> declared) {
    QuantizedTensor t = g.constants().get(name);
    if (t != null) {
      declareWeight(b, weights, declared, name, t.shape(), t.values());
    } else {
      b.shape(name);
    }
    return name;
  }

  private static long maxAbs(QuantizedGraph g, String name) {
    QuantizedTensor t = g.constants().get(name);
    return t == null ? ACTIVATION_BOUND : Math.max(1, t.maxAbs());
  }

  private static boolean sameConstant(QuantizedGraph g, String x, String y) throws CircuitException {
    QuantizedTensor a = constant(g, x);
    QuantizedTensor c = constant(g, y);
    return Arrays.equals(a.shape(), c.shape()) && Arrays.equals(a.values(), c.values());
  }

  private static int channels(Requant rq) {
    return rq.channels();
  }

  /** The output axis whose index picks the requantization channel ((i / inner) % channels), or −1 for one. */
  private static int channelDim(Requant rq, int[] outShape) throws CircuitException {
    if (rq.channels() == 1) {
      return -1;
    }
    long inner = 1;
    for (int d = outShape.length - 1; d >= 0; d--) {
      if (inner == rq.inner() && outShape[d] == rq.channels()) {
        return d;
      }
      inner *= outShape[d];
    }
    throw new CircuitException("requantization channels (" + rq.channels() + " of " + rq.inner()
        + ") are not an axis of " + Arrays.toString(outShape));
  }

  /**
   * A data movement of several inputs (Concat): each output value comes from exactly one input. It is
   * proved with the single-input pieces: one relayout per input into a part that holds that input's
   * values and zeros elsewhere, then out = Σ parts as an elementwise sum whose requantization is the
   * identity (M = 1, no shift, int8 clamp). No new relation, so nothing new for the verifier to trust.
   */
  private static void concatenation(QuantizedGraph g, CircuitBuilder b, QNode.Structural s, Map<String, long[]> weights,
      Set<String> declared) throws CircuitException {
    int k = s.inputs().size();
    // run the node on index tensors: input j's element i is j·2^24 + i + 1 (0 = padding)
    List<long[]> iotas = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      int n = size(s.inShapes().get(j));
      if (n >= 1 << 24) {
        throw new CircuitException("an input of more than 2^24 values");
      }
      long[] iota = new long[n];
      for (int i = 0; i < n; i++) {
        iota[i] = ((long) j << 24) + i + 1;
      }
      iotas.add(iota);
    }
    List<String> inputs = new ArrayList<>();
    for (String in : s.inputs()) {
      inputs.add(operand(g, b, in, weights, declared));
    }
    List<long[]> maps = StructuralMaps.apply(s.op(), iotas, s.inShapes(), s.outShapes(), 0);
    for (int o = 0; o < s.outputs().size(); o++) {
      long[] m = maps.get(o);
      int[] outShape = s.outShapes().get(o);
      String prefix = s.outputs().size() == 1 ? s.name() : s.name() + "#" + o;
      List<Circuit.Term> terms = new ArrayList<>();
      for (int j = 0; j < k; j++) {
        int[] source = new int[m.length];
        boolean any = false;
        for (int i = 0; i < m.length; i++) {
          if (m[i] == 0) {
            throw new CircuitException("output position " + i + " of '" + s.outputs().get(o) + "' comes from no input");
          }
          boolean mine = (m[i] - 1) >> 24 == j;
          source[i] = mine ? (int) ((m[i] - 1) & ((1 << 24) - 1)) : -1;
          any |= mine;
        }
        if (!any) {
          continue;
        }
        String part = s.outputs().get(o) + "#part" + j;
        b.relayout(prefix + "#part" + j, inputs.get(j), part, outShape, source, 0);
        terms.add(new Circuit.Term(1, List.of(part)));
      }
      b.elementwise(prefix, terms, s.outputs().get(o), outShape,
          new Circuit.Requant(new long[] {1}, 0, -1, Requant.INT8_MIN, Requant.INT8_MAX));
    }
  }

  private static QuantizedTensor constant(QuantizedGraph g, String name) throws CircuitException {
    QuantizedTensor t = g.constants().get(name);
    if (t == null) {
      throw new CircuitException("operand '" + name + "' is not a constant");
    }
    return t;
  }

  private static void declareWeight(CircuitBuilder b, Map<String, long[]> weights, Set<String> declared, String name,
      int[] shape, long[] values) {
    if (declared.add(name)) {
      b.weight(name, shape);
      weights.put(name, values);
    }
  }

  private static long[] broadcastBias(QuantizedTensor bias, int n, String node) throws CircuitException {
    long[] v = bias.values();
    if (v.length == n) {
      return v;
    }
    if (v.length == 1) {
      long[] r = new long[n];
      Arrays.fill(r, v[0]);
      return r;
    }
    throw new CircuitException("bias of " + v.length + " values for " + n + " outputs");
  }

  /** max over output channels of Σ|W|·127 + |bias|. */
  private static long accumulatorBound(long[] w, int inner, int channels, boolean channelMajor, long[] bias) {
    long best = 0;
    for (int c = 0; c < channels; c++) {
      long s = 0;
      for (int p = 0; p < inner; p++) {
        long v = channelMajor ? w[c * inner + p] : w[p * channels + c];
        s += Math.abs(v) * 127;
      }
      if (bias != null) {
        s += Math.abs(bias[c]);
      }
      best = Math.max(best, s);
    }
    return best;
  }

  private static Circuit.Requant requant(Requant rq, int channelDim, int channels, long accBound, String node)
      throws CircuitException {
    long[] m = rq.multipliers();
    int[] s = rq.shifts();
    int shift = 0;
    for (int v : s) {
      shift = Math.max(shift, v);
    }
    long[] scaled = new long[m.length];
    long maxM = 0;
    for (int c = 0; c < m.length; c++) {
      scaled[c] = m[c] << (shift - s[c]);
      maxM = Math.max(maxM, scaled[c]);
    }
    if (shift > Circuit.Requant.MAX_SHIFT) {
      throw new CircuitException("requantization shift " + shift + " is above the provable " + Circuit.Requant.MAX_SHIFT);
    }
    if (maxM >= 1L << 40 || (accBound > 0 && maxM > (1L << 61) / accBound)) {
      throw new CircuitException("accumulator bound " + accBound + " times multiplier " + maxM
          + " leaves the field's safe range (2^61)");
    }
    if (m.length == 1) {
      return new Circuit.Requant(scaled, shift, -1, rq.lo(), rq.hi());
    }
    if (m.length != channels) {
      throw new CircuitException("requantization has " + m.length + " channels, the layer " + channels);
    }
    return new Circuit.Requant(scaled, shift, channelDim, rq.lo(), rq.hi());
  }

  /**
   * Per output position (row-major over the three spatial axes) the engine's divisor: the window
   * cells inside the input, plus with {@code includePad} those inside the explicitly padded input.
   */
  static int[] poolCounts(QNode.Geometry g, int[] padsEnd, boolean includePad) {
    int[] in = g.in();
    int[] out = g.out();
    int[] k = g.kernel();
    int[] s = g.strides();
    int[] pb = g.padsBegin();
    int[] d = g.dilations();
    int[] counts = new int[out[0] * out[1] * out[2]];
    int at = 0;
    for (int o0 = 0; o0 < out[0]; o0++) {
      for (int o1 = 0; o1 < out[1]; o1++) {
        for (int o2 = 0; o2 < out[2]; o2++, at++) {
          int[] o = {o0, o1, o2};
          int n = 1;
          for (int a = 0; a < 3; a++) {
            int cells = 0;
            for (int kk = 0; kk < k[a]; kk++) {
              int i = o[a] * s[a] + kk * d[a] - pb[a];
              boolean cell = includePad ? i >= -pb[a] && i < in[a] + padsEnd[a] : i >= 0 && i < in[a];
              cells += cell ? 1 : 0;
            }
            n *= cells;
          }
          counts[at] = n;
        }
      }
    }
    return counts;
  }

  private static void checkShape(CircuitBuilder b, String value, int[] graphShape) throws CircuitException {
    int[] declared = b.shape(value);
    if (size(declared) != size(graphShape)) {
      throw new CircuitException("computed shape " + Arrays.toString(declared) + " differs from the graph's "
          + Arrays.toString(graphShape));
    }
  }

  private static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }
}
