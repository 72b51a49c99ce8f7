package io.deepprove.aggregate;

import io.deepprove.aggregate.Circuit.ConvGeometry;
import io.deepprove.aggregate.Circuit.Kind;
import io.deepprove.aggregate.Circuit.Requant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Circuit} step by step, declaring every witness tensor a step needs (the
 * requantization quotient and remainder limbs, the stacked pooling windows) with the right shape.
 */
public final class CircuitBuilder {

  private final String name;
  private final Map<String, Circuit.Tensor> tensors = new LinkedHashMap<>();
  private final List<Circuit.Step> steps = new ArrayList<>();
  private final List<String> inputs = new ArrayList<>();

  public CircuitBuilder(String name) {
    this.name = name;
  }

  public CircuitBuilder input(String n, int... shape) {
    declare(n, shape, Kind.INPUT);
    inputs.add(n);
    return this;
  }

  /** A public input of int16 values (only softmax may read it). */
  public CircuitBuilder input16(String n, int... shape) {
    declare(n, shape, Kind.INPUT16);
    inputs.add(n);
    return this;
  }

  public CircuitBuilder weight(String n, int... shape) {
    return declare(n, shape, Kind.WEIGHT);
  }

  private CircuitBuilder declare(String n, int[] shape, Kind kind) {
    if (tensors.putIfAbsent(n, new Circuit.Tensor(n, shape, kind)) != null) {
      throw new IllegalArgumentException("tensor '" + n + "' declared twice");
    }
    return this;
  }

  /** The real shape of a declared tensor. */
  public int[] shape(String n) {
    Circuit.Tensor t = tensors.get(n);
    if (t == null) {
      throw new IllegalArgumentException("no tensor '" + n + "'");
    }
    return t.shape();
  }

  /** out = requant(x·W + bias): x [..., k], W [k, n], out [..., n]. */
  public CircuitBuilder dense(String step, String x, String w, String bias, String out, Requant rq) {
    int[] xs = shape(x);
    int[] ws = shape(w);
    if (ws.length != 2 || xs[xs.length - 1] != ws[0]) {
      throw new IllegalArgumentException("step '" + step + "': x " + java.util.Arrays.toString(xs)
          + " and W " + java.util.Arrays.toString(ws) + " do not multiply");
    }
    int[] os = xs.clone();
    os[os.length - 1] = ws[1];
    return linear(new Circuit.Linear(step, false, x, w, bias, out, null, rq), os);
  }

  /** out = requant(conv(x, W) + bias): x [N, C, I0, I1, I2], W [M, C, K0, K1, K2] (group 1). */
  public CircuitBuilder conv(String step, String x, String w, String bias, String out, ConvGeometry g, Requant rq) {
    int[] xs = Circuit.spatial5(shape(x));
    int[] ws = Circuit.spatial5(shape(w));
    if (xs[1] != ws[1]) {
      throw new IllegalArgumentException("step '" + step + "': convolution needs x [N, C, ...] and W [M, C, ...]");
    }
    int[] os = {xs[0], ws[0], 0, 0, 0};
    for (int a = 0; a < 3; a++) {
      os[2 + a] = outputSize(xs[2 + a], g.kernel()[a], g.strides()[a], g.pads()[a], g.pads()[a], g.dilations()[a]);
    }
    return linear(new Circuit.Linear(step, true, x, w, bias, out, g, rq), os);
  }

  /**
   * out = requant(grouped conv(x, W) + bias): x [N, C, I0, I1, I2], W [M, C/group, K0, K1, K2],
   * symmetric padding (as {@link #conv}).
   */
  public CircuitBuilder groupedConv(String step, String x, String w, String bias, String out, ConvGeometry g, int group,
      Requant rq) {
    int[] xs = Circuit.spatial5(shape(x));
    int[] ws = Circuit.spatial5(shape(w));
    if (xs[1] != ws[1] * group || ws[0] % group != 0) {
      throw new IllegalArgumentException("step '" + step + "': " + group + " groups need x [N, G·C', ...] and W [G·M', C', ...]");
    }
    int[] os = {xs[0], ws[0], 0, 0, 0};
    for (int a = 0; a < 3; a++) {
      os[2 + a] = outputSize(xs[2 + a], g.kernel()[a], g.strides()[a], g.pads()[a], g.pads()[a], g.dilations()[a]);
    }
    Circuit.GroupedConv l = new Circuit.GroupedConv(step, x, w, bias, out, g, group, rq);
    declare(out, os, Kind.TRACE);
    declare(l.q(), os, Kind.TRACE);
    for (int k = 0; k < rq.limbs(); k++) {
      declare(l.limb(k), os, Kind.TRACE);
    }
    steps.add(l);
    return this;
  }

  /**
   * out = requant(transposed conv(x, W) + bias): x [N, C, I...], W [C, M/group, K...], out of the
   * given shape [N, M, O...] (output padding and output_shape are in it); see {@link Circuit.ConvTranspose}.
   */
  public CircuitBuilder convTranspose(String step, String x, String w, String bias, String out, ConvGeometry g,
      int group, int[] outShape, Requant rq) {
    return requantized(new Circuit.ConvTranspose(step, x, w, bias, out, g, group, rq), outShape);
  }

  static int outputSize(int in, int k, int s, int padBegin, int padEnd, int d) {
    int o = (in + padBegin + padEnd - d * (k - 1) - 1) / s + 1;
    if (o < 1) {
      throw new IllegalArgumentException("window larger than its input");
    }
    return o;
  }

  private CircuitBuilder linear(Circuit.Linear l, int[] outShape) {
    return requantized(l, outShape);
  }

  /** Declares a requantized step's output, quotient and remainder limbs, and adds the step. */
  private CircuitBuilder requantized(Circuit.Requantized s, int[] outShape) {
    for (String t : s.requantTensors()) {
      declare(t, outShape, Kind.TRACE);
    }
    steps.add(s);
    return this;
  }

  /** out = requant(Σ_t coef_t·Π_f f), every factor broadcast to {@code outShape}. */
  public CircuitBuilder elementwise(String step, List<Circuit.Term> terms, String out, int[] outShape, Requant rq) {
    for (Circuit.Term t : terms) {
      for (String f : t.factors()) {
        Circuit.checkBroadcast(shape(f), outShape, "step '" + step + "': factor '" + f + "'");
      }
    }
    return requantized(new Circuit.Elementwise(step, terms, out, rq), outShape);
  }

  /** out = requant(productCoef·(a @ b) + addendCoef·c), numpy matmul semantics (c may be null). */
  public CircuitBuilder matMul(String step, String a, String b, String c, String out, boolean transA, boolean transB,
      long productCoef, long addendCoef, Requant rq) {
    int[] as = shape(a);
    int[] bs = shape(b);
    MatMulShape probe = MatMulShape.of(as, bs, transA, transB, numpyMatMulShape(as, bs, transA, transB));
    if (c != null) {
      Circuit.checkBroadcast(shape(c), probe.outShape(), "step '" + step + "': addend");
    }
    return requantized(new Circuit.MatMul(step, a, b, c, out, transA, transB, productCoef, addendCoef, rq),
        probe.outShape());
  }

  /** The numpy matmul output shape (batch axes broadcast, 1-D operands' promoted axes dropped). */
  static int[] numpyMatMulShape(int[] as, int[] bs, boolean transA, boolean transB) {
    int ra = as.length;
    int rb = bs.length;
    int[] ab = java.util.Arrays.copyOf(as, Math.max(0, ra - 2));
    int[] bb = java.util.Arrays.copyOf(bs, Math.max(0, rb - 2));
    int rank = Math.max(ab.length, bb.length);
    List<Integer> out = new ArrayList<>();
    for (int d = 0; d < rank; d++) {
      int x = d - (rank - ab.length) >= 0 ? ab[d - (rank - ab.length)] : 1;
      int y = d - (rank - bb.length) >= 0 ? bb[d - (rank - bb.length)] : 1;
      out.add(Math.max(x, y));
    }
    if (ra > 1) {
      out.add(transA ? as[ra - 1] : as[ra - 2]);
    }
    if (rb > 1) {
      out.add(transB ? bs[rb - 2] : bs[rb - 1]);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** out = elementwise max (or min) of the terms, each broadcast to {@code outShape}. */
  public CircuitBuilder maxMin(String step, List<String> terms, String out, int[] outShape, boolean max) {
    for (String f : terms) {
      Circuit.checkBroadcast(shape(f), outShape, "step '" + step + "': input '" + f + "'");
    }
    Circuit.MaxMin mm = new Circuit.MaxMin(step, terms, out, max);
    declare(out, outShape, Kind.TRACE);
    for (int k = 1; k < terms.size(); k++) {
      declare(mm.difference(k), outShape, Kind.TRACE);
      declare(mm.gain(k), outShape, Kind.TRACE);
    }
    steps.add(mm);
    return this;
  }

  public CircuitBuilder unary(String step, String in, String out, long[] values) {
    declare(out, shape(in), Kind.TRACE);
    steps.add(new Circuit.Unary(step, in, out, values));
    return this;
  }

  /**
   * Softmax (log = false: out = min(127, round(e·outK / S))) or log-softmax (requantized
   * −inCoef·d − ln(S)) along the middle axis of in [outer, n, inner]; see {@link Circuit.Softmax}.
   */
  public CircuitBuilder softmax(String step, String in, String out, boolean log, long[] expTable, long outK,
      long inCoef, long ln2Coef, long[] lnTable, Requant rq) {
    int[] el = shape(in);
    if (el.length != 3) {
      throw new IllegalArgumentException("step '" + step + "': softmax input must be [outer, n, inner]");
    }
    Circuit.Softmax s = new Circuit.Softmax(step, in, out, el[1], log, expTable, outK, inCoef, ln2Coef, lnTable, rq);
    int[] rows = {el[0], el[2]};
    List<String> rowTensors = s.rowTensors();
    for (String t : s.tensors()) {
      if (!t.equals(in)) {
        declare(t, rowTensors.contains(t) ? rows : el, Kind.TRACE);
      }
    }
    steps.add(s);
    return this;
  }

  /** Max pooling of x [N, C, I0, I1, I2] with every window inside x. */
  public CircuitBuilder maxPool(String step, String in, String out, ConvGeometry g) {
    int[] xs = Circuit.spatial5(shape(in));
    int[] os = {xs[0], xs[1], 0, 0, 0};
    for (int a = 0; a < 3; a++) {
      os[2 + a] = outputSize(xs[2 + a], g.kernel()[a], g.strides()[a], g.pads()[a], g.pads()[a], g.dilations()[a]);
    }
    Circuit.MaxPool p = new Circuit.MaxPool(step, in, out, g);
    int[] stacked = new int[6];
    stacked[0] = g.kernelSize();
    System.arraycopy(os, 0, stacked, 1, 5);
    declare(out, os, Kind.TRACE);
    declare(p.windows(), stacked, Kind.DERIVED);
    declare(p.differences(), stacked, Kind.TRACE);
    declare(p.gains(), stacked, Kind.TRACE);
    steps.add(p);
    return this;
  }

  /**
   * Max pooling of x [N, C, I0, I1, I2] into the given output shape (padding and ceil mode: window
   * cells outside x are never selected).
   */
  public CircuitBuilder maxPool(String step, String in, String out, ConvGeometry g, int[] outShape) {
    int[] os = Circuit.spatial5(outShape);
    Circuit.MaxPool p = new Circuit.MaxPool(step, in, out, g);
    int[] stacked = new int[6];
    stacked[0] = g.kernelSize();
    System.arraycopy(os, 0, stacked, 1, 5);
    declare(out, outShape, Kind.TRACE);
    declare(p.windows(), stacked, Kind.DERIVED);
    declare(p.differences(), stacked, Kind.TRACE);
    declare(p.gains(), stacked, Kind.TRACE);
    steps.add(p);
    return this;
  }

  /**
   * Average pooling of x [N, C, I0, I1, I2] into {@code outShape}: out = clamp(round-half-away(
   * multiplier·window sum / count), lo, hi) with one public count per output position.
   */
  public CircuitBuilder avgPool(String step, String in, String out, ConvGeometry g, int[] outShape, long multiplier,
      int[] counts, long lo, long hi) {
    Circuit.AvgPool p = new Circuit.AvgPool(step, in, out, g, multiplier, counts, lo, hi);
    int[] os = Circuit.spatial5(outShape);
    if (counts.length != os[2] * os[3] * os[4]) {
      throw new IllegalArgumentException("step '" + step + "': " + counts.length + " counts for "
          + os[2] * os[3] * os[4] + " output positions");
    }
    declare(out, outShape, Kind.TRACE);
    declare(p.q(), outShape, Kind.TRACE);
    declare(p.sign(), outShape, Kind.TRACE);
    declare(p.lower(), outShape, Kind.TRACE);
    declare(p.upper(), outShape, Kind.TRACE);
    steps.add(p);
    return this;
  }

  /** out = requant(Σ of in over axes); out has the kept positions in row-major order. */
  public CircuitBuilder reduce(String step, String in, String out, int[] outShape, int[] axes, Requant rq) {
    return reduce(step, in, shape(in), out, outShape, axes, rq);
  }

  /** As {@link #reduce(String, String, String, int[], int[], Requant)} with in viewed in {@code is} (same size). */
  public CircuitBuilder reduce(String step, String in, int[] is, String out, int[] outShape, int[] axes, Requant rq) {
    long total = 1;
    for (int d : is) {
      total *= d;
    }
    long declared = 1;
    for (int d : shape(in)) {
      declared *= d;
    }
    if (total != declared) {
      throw new IllegalArgumentException("step '" + step + "': " + java.util.Arrays.toString(is)
          + " is not a view of " + java.util.Arrays.toString(shape(in)));
    }
    long kept = 1;
    boolean[] reduced = new boolean[is.length];
    for (int a : axes) {
      if (a < 0 || a >= is.length || reduced[a]) {
        throw new IllegalArgumentException("step '" + step + "': bad reduction axes " + java.util.Arrays.toString(axes));
      }
      reduced[a] = true;
    }
    for (int d = 0; d < is.length; d++) {
      kept *= reduced[d] ? 1 : is[d];
    }
    long n = 1;
    for (int d : outShape) {
      n *= d;
    }
    if (n != kept) {
      throw new IllegalArgumentException("step '" + step + "': output of " + n + " values, the reduction keeps " + kept);
    }
    Circuit.Reduce r = new Circuit.Reduce(step, in, out, is, axes, rq);
    declare(out, outShape, Kind.TRACE);
    declare(r.q(), outShape, Kind.TRACE);
    for (int k = 0; k < rq.limbs(); k++) {
      declare(r.limb(k), outShape, Kind.TRACE);
    }
    steps.add(r);
    return this;
  }

  /** out[i] = in[source[i]] over real row-major indices (−1: zero). */
  public CircuitBuilder relayout(String step, String in, String out, int[] outShape, int[] source) {
    return relayout(step, in, out, outShape, source, 0);
  }

  /** out[i] = in[source[i]] over real row-major indices (−1: the constant fill). */
  public CircuitBuilder relayout(String step, String in, String out, int[] outShape, int[] source, long fill) {
    declare(out, outShape, Kind.TRACE);
    steps.add(new Circuit.Relayout(step, in, out, source, fill));
    return this;
  }

  /** A reshape: same row-major order, new shape. */
  public CircuitBuilder reshape(String step, String in, String out, int... outShape) {
    long n = 1;
    for (int d : outShape) {
      n *= d;
    }
    int[] src = new int[(int) n];
    for (int i = 0; i < src.length; i++) {
      src[i] = i;
    }
    return relayout(step, in, out, outShape, src);
  }

  public Circuit build(String output) {
    return build(List.of(output));
  }

  /** The circuit with the given public outputs (the inputs in the order they were declared). */
  public Circuit build(List<String> outputs) {
    return new Circuit(name, List.copyOf(tensors.values()), steps, inputs, outputs);
  }
}
