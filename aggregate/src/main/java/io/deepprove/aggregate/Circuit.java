package io.deepprove.aggregate;

import io.deepprove.core.codec.BinaryReader;
import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.core.codec.ProofFormatException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The public description of what is proved: named integer tensors (the public input, tensors the
 * prover commits per proof, and weights in the model commitment) and the steps that relate them.
 * It holds no weight values, so it goes into the verifying key as it is.
 *
 * <p>Every tensor is laid out in its {@link PaddedShape}. Real entries of every tensor are exact;
 * padding entries may hold whatever the steps compute there, because every step reads only real
 * entries of its inputs (weights are zero in their padding, selections never pick padding, matrix
 * products of two tensors mask their inner axis, broadcasts read padding only for padding) — so
 * padding never reaches a real entry, and the public output is bound on its real entries only.
 */
public final class Circuit {

  /** Who knows a tensor. */
  public enum Kind {
    /** The public input: the verifier evaluates it itself. */
    INPUT,
    /** Committed per proof (activations, requantization witnesses, gathered windows). */
    TRACE,
    /** In the model commitment made at setup (weights and biases). */
    WEIGHT
  }

  /** A tensor: its name, real shape and kind. */
  public record Tensor(String name, int[] shape, Kind kind) {
    public Tensor {
      shape = shape.clone();
    }

    @Override
    public int[] shape() {
      return shape.clone();
    }

    public PaddedShape padded() {
      return new PaddedShape(shape);
    }
  }

  /**
   * Requantization with one shift for all channels: t = acc·M_c + 2^(s−1) (no offset when s = 0),
   * t = q·2^s + rem with 0 ≤ rem < 2^s, out = clamp(q, lo, hi). {@code channelDim} is the
   * accumulator dimension whose index selects M_c, or −1 for one multiplier.
   */
  public record Requant(long[] multipliers, int shift, int channelDim, long lo, long hi) {
    public Requant {
      multipliers = multipliers.clone();
      if (shift < 0 || shift > 46) {
        throw new IllegalArgumentException("requantization shift " + shift + " outside the provable range 0..46");
      }
      for (long m : multipliers) {
        if (m < 0 || m >= 1L << 40) {
          throw new IllegalArgumentException("requantization multiplier out of range: " + m);
        }
      }
    }

    @Override
    public long[] multipliers() {
      return multipliers.clone();
    }

    /**
     * Bits per remainder limb. Small limbs keep the range tables tiny (2^8 rows): for the models
     * deepprove targets the tables, not the number of limb columns, dominate the lookup cost.
     */
    public static final int LIMB_BITS = 8;

    /** Limbs of {@link #LIMB_BITS} bits (the last one narrower) that hold rem. */
    public int limbs() {
      return (shift + LIMB_BITS - 1) / LIMB_BITS;
    }

    public int limbBits(int k) {
      return Math.min(LIMB_BITS, shift - LIMB_BITS * k);
    }

    public long offset() {
      return shift == 0 ? 0 : 1L << (shift - 1);
    }

    public long multiplier(int channel) {
      return channelDim < 0 ? multipliers[0] : multipliers[channel];
    }
  }

  /** Convolution geometry with three spatial axes (1-D and 2-D have leading axes of size 1). */
  public record ConvGeometry(int[] kernel, int[] strides, int[] pads, int[] dilations) {
    public ConvGeometry {
      kernel = kernel.clone();
      strides = strides.clone();
      pads = pads.clone();
      dilations = dilations.clone();
    }

    @Override public int[] kernel() { return kernel.clone(); }
    @Override public int[] strides() { return strides.clone(); }
    @Override public int[] pads() { return pads.clone(); }
    @Override public int[] dilations() { return dilations.clone(); }

    public int kernelSize() {
      return kernel[0] * kernel[1] * kernel[2];
    }
  }

  /**
   * The [N, C, S0, S1, S2] view of a 3-, 4- or 5-dimensional NC(spatial) shape: missing leading
   * spatial axes have size 1, which adds no variables, so both views have the same padded layout.
   */
  public static int[] spatial5(int[] shape) {
    if (shape.length < 3 || shape.length > 5) {
      throw new IllegalArgumentException("expected an [N, C, spatial...] shape with 1 to 3 spatial axes, got "
          + Arrays.toString(shape));
    }
    int[] v = {shape[0], shape[1], 1, 1, 1};
    System.arraycopy(shape, 2, v, 5 - (shape.length - 2), shape.length - 2);
    return v;
  }

  /** One relation of the circuit. */
  public sealed interface Step {
    String name();

    /** Tensors this step's relation constrains, outputs first. */
    List<String> tensors();
  }

  /**
   * A step that computes an integer accumulator (never committed) and requantizes it to {@code out}
   * with the witnesses {@code q} (quotient, looked up against its clamp) and the remainder limbs
   * (range lookups): one relation and one set of lookups shared by every such step.
   */
  public sealed interface Requantized extends Step {
    String out();

    Requant requant();

    default String q() {
      return out() + "#q";
    }

    default String limb(int k) {
      return out() + "#rem" + k;
    }

    /** out, q and the limbs: the tensors the requantization declares. */
    default List<String> requantTensors() {
      List<String> l = new ArrayList<>(List.of(out(), q()));
      for (int k = 0; k < requant().limbs(); k++) {
        l.add(limb(k));
      }
      return l;
    }
  }

  /**
   * acc = x·W + bias (DENSE: x is [..., k], W is [k, n], acc is [..., n]) or acc = conv(x, W) + bias
   * (CONV, group 1: x [N, C, I0, I1, I2], W [M, C, K0, K1, K2], acc [N, M, O0, O1, O2]); then
   * requantization to {@code out} with witnesses {@code q} and the remainder limbs.
   */
  public record Linear(String name, boolean conv, String x, String weight, String bias, String out,
      ConvGeometry geometry, Requant requant) implements Requantized {
    @Override
    public List<String> tensors() {
      List<String> l = requantTensors();
      l.add(x);
      l.add(weight);
      if (bias != null) {
        l.add(bias);
      }
      return l;
    }
  }

  /** out = f(in) element-wise for a function on int8 given by its 256 values on −128..127. */
  public record Unary(String name, String in, String out, long[] values) implements Step {
    public Unary {
      values = values.clone();
      if (values.length != 256) {
        throw new IllegalArgumentException("a unary table has 256 entries");
      }
    }

    @Override
    public long[] values() {
      return values.clone();
    }

    @Override
    public List<String> tensors() {
      return List.of(out, in);
    }
  }

  /**
   * Max pooling without padding (every window inside the input): in [N, C, I0, I1, I2], out
   * [N, C, O0, O1, O2]. Proved as a chain of pairwise maxima over the stacked windows
   * X[k] = window element k: D[k] = M[k−1] − X[k], G[k] = relu(D[k]) (looked up),
   * M[k] = X[k] + G[k], M[0] = X[0], out = M[K−1].
   */
  public record MaxPool(String name, String in, String out, ConvGeometry geometry) implements Step {
    public String windows() {
      return out + "#X";
    }

    public String differences() {
      return out + "#D";
    }

    public String gains() {
      return out + "#G";
    }

    @Override
    public List<String> tensors() {
      return List.of(out, windows(), differences(), gains(), in);
    }
  }

  /**
   * out[i] = in[source[i]] (or the constant {@code fill} where source[i] = −1) over real row-major
   * indices: Reshape, Flatten, Squeeze, Transpose, Slice, Pad, Gather, Split, Identity.
   */
  public record Relayout(String name, String in, String out, int[] source, long fill) implements Step {
    public Relayout {
      source = source.clone();
    }

    @Override
    public int[] source() {
      return source.clone();
    }

    @Override
    public List<String> tensors() {
      return List.of(out, in);
    }
  }

  /**
   * One term c·Π f of an {@link Elementwise} step: a public integer coefficient and 0 to 3 factor
   * tensors (any kind), each broadcast (numpy) to the step's output shape.
   */
  public record Term(long coef, List<String> factors) {
    /** Most factors of a term: with the eq factor, the sum-check degree stays within 4. */
    public static final int MAX_FACTORS = 3;

    public Term {
      factors = List.copyOf(factors);
      if (factors.size() > MAX_FACTORS) {
        throw new IllegalArgumentException("a term has at most " + MAX_FACTORS + " factors");
      }
    }
  }

  /**
   * acc[i] = Σ_t coef_t·Π_f f[i] over the terms, every factor broadcast (numpy) to the shape of
   * {@code out}; then requantization. Add, Sub, Sum, Mul and Div by constants, unfolded batch
   * normalization, elementwise products and PRelu (with ReLU'd copies of the sign-dependent
   * operands, made by {@link Unary} steps) are all this step.
   */
  public record Elementwise(String name, List<Term> terms, String out, Requant requant) implements Requantized {
    public Elementwise {
      terms = List.copyOf(terms);
      if (terms.isEmpty()) {
        throw new IllegalArgumentException("an elementwise step needs a term");
      }
    }

    /** The distinct factor tensors, in order of first use. */
    public List<String> factors() {
      List<String> l = new ArrayList<>();
      for (Term t : terms) {
        for (String f : t.factors()) {
          if (!l.contains(f)) {
            l.add(f);
          }
        }
      }
      return l;
    }

    @Override
    public List<String> tensors() {
      List<String> l = requantTensors();
      l.addAll(factors());
      return l;
    }
  }

  /**
   * acc = productCoef·(a @ b) + addendCoef·c (numpy matmul: batch axes broadcast, a 1-D operand
   * promoted; transA/transB swap the last two axes of a/b; c broadcast to out, optional); then
   * requantization. Both operands may be of any kind: the inner sum runs over real indices only.
   */
  public record MatMul(String name, String a, String b, String c, String out, boolean transA, boolean transB,
      long productCoef, long addendCoef, Requant requant) implements Requantized {
    @Override
    public List<String> tensors() {
      List<String> l = requantTensors();
      l.add(a);
      l.add(b);
      if (c != null) {
        l.add(c);
      }
      return l;
    }
  }

  /**
   * Elementwise max (or min) of int8 inputs, each broadcast to the shape of {@code out}, as a chain
   * of pairwise steps like {@link MaxPool}: M_0 = X_0, D_k = M_{k−1} − X_k, G_k = relu(D_k) (looked
   * up), M_k = X_k + G_k (max) or M_{k−1} − G_k (min), out = M_{K−1}.
   */
  public record MaxMin(String name, List<String> terms, String out, boolean max) implements Step {
    public MaxMin {
      terms = List.copyOf(terms);
      if (terms.isEmpty()) {
        throw new IllegalArgumentException("max/min of no input");
      }
    }

    public String difference(int k) {
      return out + "#D" + k;
    }

    public String gain(int k) {
      return out + "#G" + k;
    }

    @Override
    public List<String> tensors() {
      List<String> l = new ArrayList<>(List.of(out));
      for (int k = 1; k < terms.size(); k++) {
        l.add(difference(k));
        l.add(gain(k));
      }
      for (String t : terms) {
        if (!l.contains(t)) {
          l.add(t);
        }
      }
      return l;
    }
  }

  /**
   * Checks that {@code in} broadcasts (numpy, right-aligned) to {@code out}: every dimension equals
   * the output's or is 1.
   */
  public static void checkBroadcast(int[] in, int[] out, String what) {
    if (in.length > out.length) {
      throw new IllegalArgumentException(what + " " + Arrays.toString(in) + " has more axes than " + Arrays.toString(out));
    }
    int off = out.length - in.length;
    for (int d = 0; d < in.length; d++) {
      if (in[d] != 1 && in[d] != out[off + d]) {
        throw new IllegalArgumentException(what + " " + Arrays.toString(in) + " does not broadcast to "
            + Arrays.toString(out));
      }
    }
  }

  private final String name;
  private final Map<String, Tensor> tensors;
  private final List<Step> steps;
  private final String input;
  private final String output;

  public Circuit(String name, List<Tensor> tensors, List<Step> steps, String input, String output) {
    this.name = name;
    Map<String, Tensor> m = new LinkedHashMap<>();
    for (Tensor t : tensors) {
      if (m.put(t.name(), t) != null) {
        throw new IllegalArgumentException("tensor '" + t.name() + "' declared twice");
      }
    }
    this.tensors = Collections.unmodifiableMap(m);
    this.steps = List.copyOf(steps);
    this.input = input;
    this.output = output;
    for (Step s : steps) {
      for (String t : s.tensors()) {
        if (!m.containsKey(t)) {
          throw new IllegalArgumentException("step '" + s.name() + "' uses undeclared tensor '" + t + "'");
        }
      }
    }
    for (Step s : steps) {
      if (s instanceof Elementwise e) {
        for (String f : e.factors()) {
          checkBroadcast(m.get(f).shape(), m.get(e.out()).shape(), "step '" + s.name() + "': factor '" + f + "'");
        }
      } else if (s instanceof MaxMin mm) {
        for (String f : mm.terms()) {
          checkBroadcast(m.get(f).shape(), m.get(mm.out()).shape(), "step '" + s.name() + "': input '" + f + "'");
        }
      } else if (s instanceof MatMul mm) {
        MatMulShape.of(m.get(mm.a()).shape(), m.get(mm.b()).shape(), mm.transA(), mm.transB(),
            m.get(mm.out()).shape());
        if (mm.c() != null) {
          checkBroadcast(m.get(mm.c()).shape(), m.get(mm.out()).shape(), "step '" + s.name() + "': addend");
        }
      }
    }
    if (m.get(input) == null || m.get(input).kind() != Kind.INPUT) {
      throw new IllegalArgumentException("input '" + input + "' is not an INPUT tensor");
    }
    if (m.get(output) == null || m.get(output).kind() != Kind.TRACE) {
      throw new IllegalArgumentException("output '" + output + "' is not a TRACE tensor");
    }
  }

  public String name() {
    return name;
  }

  public Map<String, Tensor> tensors() {
    return tensors;
  }

  public Tensor tensor(String n) {
    Tensor t = tensors.get(n);
    if (t == null) {
      throw new IllegalArgumentException("no tensor '" + n + "'");
    }
    return t;
  }

  public List<Step> steps() {
    return steps;
  }

  public String input() {
    return input;
  }

  public String output() {
    return output;
  }

  /** Tensors of a kind, in declaration order. */
  public List<Tensor> tensors(Kind kind) {
    return tensors.values().stream().filter(t -> t.kind() == kind).toList();
  }

  // ------------------------------------------------------------------ serialization

  private static final int MAX_TENSORS = 1 << 16;
  private static final int MAX_STEPS = 1 << 16;
  private static final int MAX_RANK = 8;
  private static final int MAX_NAME = 1 << 12;

  public void write(BinaryWriter w) {
    w.writeString(name);
    w.writeLength(tensors.size());
    for (Tensor t : tensors.values()) {
      w.writeString(t.name());
      w.writeByte(t.kind().ordinal());
      writeInts(w, t.shape());
    }
    w.writeString(input);
    w.writeString(output);
    w.writeLength(steps.size());
    for (Step s : steps) {
      if (s instanceof Linear l) {
          w.writeByte(0);
          w.writeString(l.name());
          w.writeByte(l.conv() ? 1 : 0);
          w.writeString(l.x());
          w.writeString(l.weight());
          w.writeString(l.bias() == null ? "" : l.bias());
          w.writeString(l.out());
          writeGeometry(w, l.geometry());
          Requant r = l.requant();
          writeLongs(w, r.multipliers());
          w.writeInt(r.shift());
          w.writeInt(r.channelDim());
          w.writeLong(r.lo());
          w.writeLong(r.hi());
      } else if (s instanceof Unary u) {
          w.writeByte(1);
          w.writeString(u.name());
          w.writeString(u.in());
          w.writeString(u.out());
          writeLongs(w, u.values());
      } else if (s instanceof MaxPool p) {
          w.writeByte(2);
          w.writeString(p.name());
          w.writeString(p.in());
          w.writeString(p.out());
          writeGeometry(w, p.geometry());
      } else if (s instanceof Relayout r) {
          w.writeByte(3);
          w.writeString(r.name());
          w.writeString(r.in());
          w.writeString(r.out());
          writeInts(w, r.source());
          w.writeLong(r.fill());
      } else if (s instanceof Elementwise e) {
          w.writeByte(4);
          w.writeString(e.name());
          w.writeString(e.out());
          w.writeLength(e.terms().size());
          for (Term t : e.terms()) {
            w.writeLong(t.coef());
            w.writeLength(t.factors().size());
            for (String f : t.factors()) {
              w.writeString(f);
            }
          }
          writeRequant(w, e.requant());
      } else if (s instanceof MatMul mm) {
          w.writeByte(5);
          w.writeString(mm.name());
          w.writeString(mm.a());
          w.writeString(mm.b());
          w.writeString(mm.c() == null ? "" : mm.c());
          w.writeString(mm.out());
          w.writeByte((mm.transA() ? 1 : 0) | (mm.transB() ? 2 : 0));
          w.writeLong(mm.productCoef());
          w.writeLong(mm.addendCoef());
          writeRequant(w, mm.requant());
      } else if (s instanceof MaxMin mm) {
          w.writeByte(6);
          w.writeString(mm.name());
          w.writeString(mm.out());
          w.writeByte(mm.max() ? 1 : 0);
          w.writeLength(mm.terms().size());
          for (String f : mm.terms()) {
            w.writeString(f);
          }
      }
    }
  }

  public static Circuit read(BinaryReader r) throws ProofFormatException {
    String name = r.readString(MAX_NAME);
    int nt = r.readLength(3, MAX_TENSORS);
    List<Tensor> ts = new ArrayList<>(nt);
    for (int i = 0; i < nt; i++) {
      String tn = r.readString(MAX_NAME);
      int kind = r.readByte();
      if (kind < 0 || kind >= Kind.values().length) {
        throw r.error("unknown tensor kind " + kind);
      }
      int[] shape = readInts(r, MAX_RANK);
      ts.add(new Tensor(tn, shape, Kind.values()[kind]));
    }
    String in = r.readString(MAX_NAME);
    String out = r.readString(MAX_NAME);
    int ns = r.readLength(2, MAX_STEPS);
    List<Step> steps = new ArrayList<>(ns);
    try {
      for (int i = 0; i < ns; i++) {
        int tag = r.readByte();
        switch (tag) {
          case 0 -> {
            String sn = r.readString(MAX_NAME);
            boolean conv = r.readByte() == 1;
            String x = r.readString(MAX_NAME);
            String wt = r.readString(MAX_NAME);
            String b = r.readString(MAX_NAME);
            String o = r.readString(MAX_NAME);
            ConvGeometry g = readGeometry(r);
            long[] ms = readLongs(r, 1 << 20);
            int shift = r.readInt();
            int cd = r.readInt();
            long lo = r.readLong();
            long hi = r.readLong();
            steps.add(new Linear(sn, conv, x, wt, b.isEmpty() ? null : b, o, g, new Requant(ms, shift, cd, lo, hi)));
          }
          case 1 -> steps.add(new Unary(r.readString(MAX_NAME), r.readString(MAX_NAME), r.readString(MAX_NAME),
              readLongs(r, 256)));
          case 2 -> steps.add(new MaxPool(r.readString(MAX_NAME), r.readString(MAX_NAME), r.readString(MAX_NAME),
              readGeometry(r)));
          case 3 -> {
            String rn = r.readString(MAX_NAME);
            String ri = r.readString(MAX_NAME);
            String ro = r.readString(MAX_NAME);
            int[] src = readInts(r, 1 << 28);
            long fill = r.readLong();
            if (fill < -128 || fill > 127) {
              throw r.error("relayout fill " + fill + " is not an int8");
            }
            steps.add(new Relayout(rn, ri, ro, src, fill));
          }
          case 4 -> {
            String sn = r.readString(MAX_NAME);
            String o = r.readString(MAX_NAME);
            int nterms = r.readLength(9, MAX_STEPS);
            List<Term> terms = new ArrayList<>(nterms);
            for (int k = 0; k < nterms; k++) {
              long coef = r.readLong();
              int nf = r.readLength(1, Term.MAX_FACTORS);
              List<String> fs = new ArrayList<>(nf);
              for (int f = 0; f < nf; f++) {
                fs.add(r.readString(MAX_NAME));
              }
              terms.add(new Term(coef, fs));
            }
            steps.add(new Elementwise(sn, terms, o, readRequant(r)));
          }
          case 5 -> {
            String sn = r.readString(MAX_NAME);
            String a = r.readString(MAX_NAME);
            String b = r.readString(MAX_NAME);
            String cc = r.readString(MAX_NAME);
            String o = r.readString(MAX_NAME);
            int flags = r.readByte();
            long pc = r.readLong();
            long ac = r.readLong();
            steps.add(new MatMul(sn, a, b, cc.isEmpty() ? null : cc, o, (flags & 1) != 0, (flags & 2) != 0, pc, ac,
                readRequant(r)));
          }
          case 6 -> {
            String sn = r.readString(MAX_NAME);
            String o = r.readString(MAX_NAME);
            boolean max = r.readByte() == 1;
            int count = r.readLength(1, MAX_STEPS);
            List<String> inputs = new ArrayList<>(count);
            for (int k = 0; k < count; k++) {
              inputs.add(r.readString(MAX_NAME));
            }
            steps.add(new MaxMin(sn, inputs, o, max));
          }
          default -> throw r.error("unknown step kind " + tag);
        }
      }
      return new Circuit(name, ts, steps, in, out);
    } catch (IllegalArgumentException e) {
      throw r.error("inconsistent circuit: " + e.getMessage());
    }
  }

  private static void writeRequant(BinaryWriter w, Requant r) {
    writeLongs(w, r.multipliers());
    w.writeInt(r.shift());
    w.writeInt(r.channelDim());
    w.writeLong(r.lo());
    w.writeLong(r.hi());
  }

  private static Requant readRequant(BinaryReader r) throws ProofFormatException {
    long[] ms = readLongs(r, 1 << 20);
    int shift = r.readInt();
    int cd = r.readInt();
    long lo = r.readLong();
    long hi = r.readLong();
    return new Requant(ms, shift, cd, lo, hi);
  }

  private static void writeGeometry(BinaryWriter w, ConvGeometry g) {
    w.writeByte(g == null ? 0 : 1);
    if (g != null) {
      writeInts(w, g.kernel());
      writeInts(w, g.strides());
      writeInts(w, g.pads());
      writeInts(w, g.dilations());
    }
  }

  private static ConvGeometry readGeometry(BinaryReader r) throws ProofFormatException {
    if (r.readByte() == 0) {
      return null;
    }
    int[] k = readInts(r, 3);
    int[] s = readInts(r, 3);
    int[] p = readInts(r, 3);
    int[] d = readInts(r, 3);
    if (k.length != 3 || s.length != 3 || p.length != 3 || d.length != 3) {
      throw r.error("convolution geometry needs three spatial axes");
    }
    for (int i = 0; i < 3; i++) {
      if (k[i] < 1 || s[i] < 1 || d[i] < 1 || p[i] < 0 || k[i] > 1 << 12 || s[i] > 1 << 12 || d[i] > 1 << 12
          || p[i] > 1 << 12) {
        throw r.error("convolution geometry out of range");
      }
    }
    return new ConvGeometry(k, s, p, d);
  }

  static void writeInts(BinaryWriter w, int[] a) {
    w.writeLength(a.length);
    for (int v : a) {
      w.writeInt(v);
    }
  }

  static int[] readInts(BinaryReader r, int max) throws ProofFormatException {
    int n = r.readLength(4, max);
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.readInt();
    }
    return a;
  }

  static void writeLongs(BinaryWriter w, long[] a) {
    w.writeLength(a.length);
    for (long v : a) {
      w.writeLong(v);
    }
  }

  static long[] readLongs(BinaryReader r, int max) throws ProofFormatException {
    int n = r.readLength(8, max);
    long[] a = new long[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.readLong();
    }
    return a;
  }

  @Override
  public String toString() {
    return name + ": " + tensors.size() + " tensors, " + steps.size() + " steps " + Arrays.toString(
        steps.stream().map(Step::name).toArray());
  }
}
