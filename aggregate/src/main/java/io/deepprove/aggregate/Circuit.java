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
    WEIGHT,
    /**
     * Computed by the prover from another tensor through a public map and never committed: every
     * claim on it is reduced through that map (the window stack X = Pool(x) of a max pool).
     */
    DERIVED,
    /**
     * A public input of int16 values (a graph input only (log-)softmax reads, see the quantizer);
     * INPUT tensors are int8. The verifier checks the proof's values against the width.
     */
    INPUT16;

    /** Whether tensors of this kind are public inputs. */
    public boolean isInput() {
      return this == INPUT || this == INPUT16;
    }

    /** The width of a public input of this kind: 16 for INPUT16, 8 otherwise. */
    public int inputBits() {
      return this == INPUT16 ? 16 : 8;
    }

    /** The largest magnitude of a public input of this kind (127 or 32767, symmetric). */
    public long inputBound() {
      return (1L << (inputBits() - 1)) - 1;
    }
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
   *
   * <p>Why the relation holds over the integers when it holds in the field: |acc·M_c| &lt; 2^61 (the
   * compiler checks the accumulator bound), q ∈ [−2^11, 2^11) and every limb of rem are looked up,
   * so |acc·M_c + 2^(s−1) − q·2^s − rem| &lt; 2^61 + 2^(s+11) + 2^s, below p ≈ 2^64 for every
   * s ≤ {@link #MAX_SHIFT}: a non-zero integer of that size is non-zero in the field.
   */
  public record Requant(long[] multipliers, int shift, int channelDim, long lo, long hi) {
    /** The largest shift the argument above allows with room to spare. */
    public static final int MAX_SHIFT = 50;

    public Requant {
      multipliers = multipliers.clone();
      if (shift < 0 || shift > MAX_SHIFT) {
        throw new IllegalArgumentException("requantization shift " + shift + " outside the provable range 0.."
            + MAX_SHIFT);
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
     * deepprove targets the tables, not the number of limb columns, dominate the lookup cost
     * (measured 2026-12-06 with 16-bit limbs: mlp-mnist prove 68 → 147 ms and a 34% larger proof,
     * cnn-264k 474 → 409 ms).
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
   * A step whose integer accumulator is requantized into {@code out} ({@link Requant}), with the
   * quotient q and the remainder limbs as committed witnesses.
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

    /** The witnesses, then x, the weight and the bias (when there is one). */
    default List<String> requantTensors(String x, String weight, String bias) {
      List<String> l = requantTensors();
      l.add(x);
      l.add(weight);
      if (bias != null) {
        l.add(bias);
      }
      return l;
    }

    /** The witnesses, outputs first: out, q, limbs. */
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
      ConvGeometry geometry, Requant requant) implements Step, Requantized {
    @Override
    public String q() {
      return out + "#q";
    }

    @Override
    public String limb(int k) {
      return out + "#rem" + k;
    }

    @Override
    public List<String> tensors() {
      return requantTensors(x, weight, bias);
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
   * Max pooling: in [N, C, I0, I1, I2], out [N, C, O0, O1, O2] (the declared output shape, so ceil
   * mode needs nothing special). Proved as a chain of pairwise maxima over the stacked windows
   * X[k] = window element k: D[k] = M[k−1] − X[k], G[k] = relu(D[k]) (looked up),
   * M[k] = X[k] + G[k], M[0] = X[0], out = M[K−1]. Window cells outside the input (padding, ceil
   * mode) hold the public constant {@link #FILL} = −128, below every int8 activation, so padding
   * is never selected — the engine's semantics as long as every window has a cell inside the input
   * (the compiler checks that). The window stack X = Pool(x) + fill is {@link Kind#DERIVED}: the
   * prover never commits it, and the verifier turns the claim on X that the chain leaves into a
   * claim on x through the public pooling map.
   */
  public record MaxPool(String name, String in, String out, ConvGeometry geometry) implements Step {
    /** The value of window cells outside the input. */
    public static final long FILL = -128;

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
   * Integer softmax or log-softmax ({@code io.deepprove.quantizer.QNode.Softmax}) along the middle
   * axis of in [outer, n, inner]; out has the same shape. Row tensors have shape [outer, inner].
   *
   * <p>Witnesses and what pins them (every relation below is checked on real entries only):
   * <ul>
   *   <li>m (row max), d = m − x, a selector with Σ_j sel_j = 1 and sel·d = 0 element-wise: some
   *       sel_j is non-zero, so its d_j is 0 and m equals that x_j (no booleanity is needed); with
   *       d ≥ 0 no x_j exceeds m, so m is the row maximum;
   *   <li>(d, e) looked up in the pairs (t, expTable[t]) for t in 0..255 (0..2^16 − 1 when in is an
   *       INPUT16 tensor), which also range-checks
   *       d; S = Σ_j e_j (the row-sum relation at a random row point);
   *   <li>softmax: 2·e·outK + S = 2·S·q + rem with rem + slack = 2·S − 1, rem and slack in
   *       8-bit limbs ({@link #divisionBits()} in all), so 0 ≤ rem &lt; 2·S and q is the floor;
   *       (q, out) in the clamp table x ↦ min(x, 127) over [0, 2^{@link #quotientBits()}) (q ≤ outK);
   *   <li>log-softmax: S = P·(256 + f) + low with P looked up with Lp in the pairs (2^(E−8),
   *       (E − 16)·ln2Coef) for E in 8..{@link #maxExponent()}, (f, Lf) in (t, lnTable[t]) for t in
   *       0..255, low + lowSlack = P − 1 in 8-bit limbs: so 256·P ≤ S &lt; 512·P, i.e.
   *       P = 2^(floor(log2 S) − 8) and f the 8 bits after S's leading one (S ≥ expTable[0] ≥ 256);
   *       acc = −inCoef·d − Lp − Lf is requantized like a linear step's accumulator: M·acc +
   *       2^(s−1) = 2^s·q + rem, rem in {@link Requant#limbs()} limbs, (q, out) in the clamp table.
   * </ul>
   * All of it is one sum-check over the element layout (see {@code Protocol.softmaxShape}).
   */
  public record Softmax(String name, String in, String out, int n, boolean log, long[] expTable, long outK,
      long inCoef, long ln2Coef, long[] lnTable, Requant requant) implements Step {
    public Softmax {
      expTable = expTable.clone();
      lnTable = lnTable == null ? null : lnTable.clone();
      if (n < 1 || n > 1 << 20) {
        throw new IllegalArgumentException("softmax rows of " + n + " elements");
      }
      if (expTable.length != 256 && expTable.length != 1 << 16) {
        throw new IllegalArgumentException("an exp table has 256 entries (2^16 for an int16 input)");
      }
      for (long v : expTable) {
        if (v < 0 || v > 1L << 16) {
          throw new IllegalArgumentException("exp table entry " + v + " outside 0..2^16");
        }
      }
      if (expTable[0] < 256) {
        throw new IllegalArgumentException("exp table entry at 0 is " + expTable[0] + ", below 256");
      }
      if (log) {
        if (lnTable == null || lnTable.length != 256 || requant == null || requant.channelDim() >= 0) {
          throw new IllegalArgumentException("log-softmax needs a 256-entry ln table and one requantization");
        }
        for (long v : lnTable) {
          if (Math.abs(v) >= 1L << 30) {
            throw new IllegalArgumentException("ln table entry " + v + " out of range");
          }
        }
        if (inCoef < 0 || inCoef >= 1L << 30 || ln2Coef < 0 || ln2Coef >= 1L << 30) {
          throw new IllegalArgumentException("log-softmax coefficients out of range");
        }
      } else if (outK < 1 || outK > 1L << 16) {
        throw new IllegalArgumentException("softmax output factor " + outK + " outside 1..2^16");
      }
    }

    @Override public long[] expTable() { return expTable.clone(); }
    @Override public long[] lnTable() { return lnTable == null ? null : lnTable.clone(); }

    public String max() { return out + "#max"; }
    public String differences() { return out + "#d"; }
    public String selector() { return out + "#sel"; }
    public String exps() { return out + "#e"; }
    public String sum() { return out + "#sum"; }
    public String q() { return out + "#q"; }
    /** Limb k of the division remainder (softmax) or of the requantization remainder (log-softmax). */
    public String remainder(int k) { return out + "#rem" + k; }
    public String slack(int k) { return out + "#slack" + k; }
    public String pow() { return out + "#pow"; }
    public String frac() { return out + "#frac"; }
    public String low(int k) { return out + "#low" + k; }
    public String lowSlack(int k) { return out + "#lowslack" + k; }
    public String lnPow() { return out + "#lnpow"; }
    public String lnFrac() { return out + "#lnfrac"; }

    /** The largest row sum: n·max(expTable). */
    public long maxSum() {
      long m = 0;
      for (long v : expTable) {
        m = Math.max(m, v);
      }
      return n * m;
    }

    /** Bits of the division remainder and its slack: both lie in [0, 2·maxSum). */
    public int divisionBits() {
      return 64 - Long.numberOfLeadingZeros(2 * maxSum() - 1);
    }

    /** Bits of the softmax quotient q ∈ [0, outK]. */
    public int quotientBits() {
      return 64 - Long.numberOfLeadingZeros(outK);
    }

    /** The largest floor(log2 S). */
    public int maxExponent() {
      return 63 - Long.numberOfLeadingZeros(maxSum());
    }

    /** Bits of low and its slack: both lie in [0, P) ⊆ [0, 2^(maxExponent − 8)). */
    public int lowBits() {
      return maxExponent() - 8;
    }

    public int remainderLimbs() {
      return log ? requant.limbs() : limbs(divisionBits());
    }

    public int remainderLimbBits(int k) {
      return log ? requant.limbBits(k) : limbBits(divisionBits(), k);
    }

    public int slackLimbs() {
      return log ? 0 : limbs(divisionBits());
    }

    public int lowLimbs() {
      return log ? limbs(lowBits()) : 0;
    }

    static int limbs(int bits) {
      return (bits + Requant.LIMB_BITS - 1) / Requant.LIMB_BITS;
    }

    static int limbBits(int bits, int k) {
      return Math.min(Requant.LIMB_BITS, bits - Requant.LIMB_BITS * k);
    }

    /** Row tensors ([outer, inner]) among {@link #tensors()}. */
    public List<String> rowTensors() {
      List<String> l = new ArrayList<>(List.of(max(), sum()));
      if (log) {
        l.add(pow());
        l.add(frac());
        for (int k = 0; k < lowLimbs(); k++) {
          l.add(low(k));
          l.add(lowSlack(k));
        }
        l.add(lnPow());
        l.add(lnFrac());
      }
      return l;
    }

    @Override
    public List<String> tensors() {
      List<String> l = new ArrayList<>(List.of(out, max(), differences(), selector(), exps(), sum(), q()));
      for (int k = 0; k < remainderLimbs(); k++) {
        l.add(remainder(k));
      }
      for (int k = 0; k < slackLimbs(); k++) {
        l.add(slack(k));
      }
      if (log) {
        l.add(pow());
        l.add(frac());
        for (int k = 0; k < lowLimbs(); k++) {
          l.add(low(k));
        }
        for (int k = 0; k < lowLimbs(); k++) {
          l.add(lowSlack(k));
        }
        l.add(lnPow());
        l.add(lnFrac());
      }
      l.add(in);
      return l;
    }
  }

  /**
   * Average pooling of in [N, C, I0, I1, I2] into out [N, C, O0, O1, O2] (the output shape is the
   * declared one, so ceil mode needs nothing special): num = multiplier·(sum of the window's cells
   * inside the input), q = round-half-away(num / count_o), out = clamp(q, lo, hi), where the
   * public count_o of each output position (row-major over O0·O1·O2) already says which cells
   * count (count_include_pad, windows cut by the border).
   *
   * <p>The division is checked without a sign witness: with d = num − q·count, round half away
   * from zero is exactly |2d| ≤ count, where 2d = count needs q &lt; 0 and 2d = −count needs
   * q &gt; 0 (ties go away from zero). With σ = clamp(q, −1, 1) (a lookup of q) both become one
   * range: w = 4d + σ + 2·count − 1 ∈ [0, 4·count − 2] (for |2d| &lt; count, |4d| ≤ 2·count − 2 and
   * any σ fits; at a tie only the sign that rounds away keeps w inside). The prover commits q, σ,
   * w and w' = 4·count − 2 − w; lookups bind out and σ to q and range-check w and w'; one
   * sum-check proves w = 4·num − 4·count·q + σ + 2·count − 1 and w + w' = 4·count − 2 everywhere,
   * with num = P·x for the public pooling-sum map P (coefficient: the multiplier) reduced to a
   * claim on x. Nothing wraps in the field: q is bounded by its lookup domain, num and count are
   * small.
   */
  public record AvgPool(String name, String in, String out, ConvGeometry geometry, long multiplier, int[] counts,
      long lo, long hi) implements Step {
    public AvgPool {
      counts = counts.clone();
      if (multiplier < 1 || multiplier > 1L << 16) {
        throw new IllegalArgumentException("average-pool multiplier " + multiplier + " outside 1..2^16");
      }
      for (int c : counts) {
        if (c < 1 || c > MAX_COUNT) {
          throw new IllegalArgumentException("average-pool count " + c + " outside 1.." + MAX_COUNT);
        }
      }
      if (lo > hi) {
        throw new IllegalArgumentException("clamp bounds [" + lo + ", " + hi + "]");
      }
    }

    /** The largest window count: keeps 4·count − 2 inside a 2^16-row range table. */
    public static final int MAX_COUNT = 1 << 14;

    @Override
    public int[] counts() {
      return counts.clone();
    }

    public String q() {
      return out + "#q";
    }

    public String sign() {
      return out + "#sgn";
    }

    public String lower() {
      return out + "#w";
    }

    public String upper() {
      return out + "#w'";
    }

    /** Bits of the range table that holds w and w' (both in [0, 4·max count − 2]). */
    public int rangeBits() {
      int max = 1;
      for (int c : counts) {
        max = Math.max(max, c);
      }
      return Math.max(1, 64 - Long.numberOfLeadingZeros(4L * max - 2));
    }

    @Override
    public List<String> tensors() {
      return List.of(out, q(), sign(), lower(), upper(), in);
    }
  }

  /**
   * acc = Σ of in over {@code axes} of {@code shape} (in's values in row-major order viewed in that
   * shape; the kept positions in row-major order are out's), then requantization to {@code out}
   * (one multiplier): ReduceSum, ReduceMean, GlobalAveragePool. The sum is a public 0/1 linear map,
   * so only the requantization witnesses are committed.
   */
  public record Reduce(String name, String in, String out, int[] shape, int[] axes, Requant requant)
      implements Step, Requantized {
    public Reduce {
      shape = shape.clone();
      axes = axes.clone();
      for (int a : axes) {
        if (a < 0 || a >= shape.length) {
          throw new IllegalArgumentException("reduction axis " + a + " of a rank-" + shape.length + " shape");
        }
      }
      if (requant.channelDim() >= 0) {
        throw new IllegalArgumentException("a reduction is requantized with one multiplier");
      }
    }

    @Override
    public int[] shape() {
      return shape.clone();
    }

    @Override
    public int[] axes() {
      return axes.clone();
    }

    @Override
    public List<String> tensors() {
      List<String> l = requantTensors();
      l.add(in);
      return l;
    }
  }

  /**
   * Grouped (and depthwise) convolution, group &gt; 1: x [N, C, I0, I1, I2], W [M, C/G, K0, K1, K2]
   * (committed as it is), acc [N, M, O0, O1, O2] with acc[n, m, o] = bias[m] + Σ_{c', k}
   * W[m, c', k]·x[n, g(m)·C/G + c', o·s + k·d − p], g(m) = m / (M/G); then requantization.
   *
   * <p>Proved through the per-output-channel im2col U'[m, (c', k), (n, o)] = x[n, g(m)·C/G + c',
   * …], a public selection of x: acc(ρ_N, ρ_M, ρ_O) − bias(ρ_M) = Σ_{m, p} eq(ρ_M, m)·W(m, p)·
   * Ũ'(m, p, ρ_N, ρ_O) is a degree-3 sum-check over the weight's variables (m, p = (c', k)), leaving a
   * weight claim and a claim on U' that the selection's sum-check turns into a claim on x. The alternative — an ungrouped convolution with a
   * block-diagonal weight — would commit G times the weights (M·C·K instead of M·C/G·K: for a
   * 512-channel depthwise layer, 512×) and pay for the zeros in every proof. U' is never committed;
   * its size M·(C/G)·K·N·O is the layer's multiply count, the same as the ordinary im2col for
   * depthwise layers (C/G = 1, M = C) and M/G times it otherwise.
   */
  public record GroupedConv(String name, String x, String weight, String bias, String out, ConvGeometry geometry,
      int group, Requant requant) implements Step, Requantized {
    public GroupedConv {
      if (group < 2) {
        throw new IllegalArgumentException("a grouped convolution has at least 2 groups");
      }
    }

    @Override
    public List<String> tensors() {
      return requantTensors(x, weight, bias);
    }
  }

  /**
   * Transposed convolution (ONNX ConvTranspose), any group count G ≥ 1: x [N, C, I0, I1, I2], W
   * [C, M/G, K0, K1, K2] (committed as it is, or a run-time tensor), acc [N, M, O0, O1, O2] (the
   * declared output shape, so output_padding and output_shape need nothing special; the leading
   * pads p may be negative, when output_shape asks for more than the natural output) with
   * acc[n, m, o] = bias[m] + Σ x[n, c, i]·W[c, m', k] over c in group g(c) = c / (C/G), m = g(c)·M/G
   * + m', and every input index i and kernel index k with o = i·s + k·d − p (per spatial axis);
   * then requantization per output channel.
   *
   * <p>Proved through U[(c, k), (n, o)] = x[n, c, i] where o = i·s + k·d − p for an i inside x
   * (0 when there is none: at most one i per axis, since o is injective in i), a public 0/1
   * selection of x with one entry per (input cell, kernel tap) that lands inside the output — the
   * scatter of the transposed convolution written as a gather, like the im2col of {@link Linear}.
   * With E(c, m', k) = eq(ρ_M, g(c)·M/G + m') for real c and m' (0 otherwise, constant along k):
   * acc(ρ_N, ρ_M, ρ_O) − bias(ρ_M) = Σ_{c, m', k} E(c, m', k)·W(c, m', k)·Ũ(c, k, ρ_N, ρ_O), a
   * degree-3 sum-check over the weight's own variables (as {@link GroupedConv}), ending in a claim
   * on W at μ, a claim Ũ(μ_C, μ_K, ρ_N, ρ_O) that the selection's sum-check turns into a claim on
   * x, and E(μ), which the verifier computes from ρ_M and μ in O(C + M).
   *
   * <p>Why this form: U does not depend on the output channel, so it is M/G times smaller than the
   * per-output-channel selection of {@link GroupedConv} (its size N·C·K·I is the scatter count,
   * not the multiply count), and E routes each input channel's weights to its group's output
   * channels, so one construction covers G = 1 and G &gt; 1 without copying or permuting the
   * weight ([C, M/G, k], not the [M, C/G, k] a rewrite as an ordinary convolution of the
   * zero-upsampled input with flipped kernels would need, which would also commit the upsampled
   * input, s^3 times larger). E vanishes on padded output channels (a run-time weight may hold
   * anything there) and U on padded (c, k) rows, so padding never reaches a real entry.
   */
  public record ConvTranspose(String name, String x, String weight, String bias, String out, ConvGeometry geometry,
      int group, Requant requant) implements Requantized {
    public ConvTranspose {
      if (group < 1) {
        throw new IllegalArgumentException("a transposed convolution has at least 1 group");
      }
      for (int a = 0; a < 3; a++) {
        if (geometry.strides()[a] < 1 || geometry.dilations()[a] < 1) {
          throw new IllegalArgumentException("transposed convolution '" + name + "' needs strides and dilations ≥ 1");
        }
      }
    }

    @Override
    public List<String> tensors() {
      return requantTensors(x, weight, bias);
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
  private final List<String> inputs;
  private final List<String> outputs;

  /** A circuit with one public input and one public output. */
  public Circuit(String name, List<Tensor> tensors, List<Step> steps, String input, String output) {
    this(name, tensors, steps, List.of(input), List.of(output));
  }

  /**
   * @param inputs the public inputs (INPUT tensors), in the order the proof lists their values
   * @param outputs the public outputs (TRACE tensors), in the order the proof lists their values
   */
  public Circuit(String name, List<Tensor> tensors, List<Step> steps, List<String> inputs, List<String> outputs) {
    this.name = name;
    Map<String, Tensor> m = new LinkedHashMap<>();
    for (Tensor t : tensors) {
      if (m.put(t.name(), t) != null) {
        throw new IllegalArgumentException("tensor '" + t.name() + "' declared twice");
      }
    }
    this.tensors = Collections.unmodifiableMap(m);
    this.steps = List.copyOf(steps);
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
    for (Step s : steps) {
      for (String t : s.tensors()) {
        if (!m.containsKey(t)) {
          throw new IllegalArgumentException("step '" + s.name() + "' uses undeclared tensor '" + t + "'");
        }
      }
      if (s instanceof Softmax sm) {
        checkSoftmaxShapes(m, sm);
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
      } else if (s instanceof ConvTranspose ct) {
        checkConvTransposeShapes(m, ct);
      } else if (s instanceof MatMul mm) {
        MatMulShape.of(m.get(mm.a()).shape(), m.get(mm.b()).shape(), mm.transA(), mm.transB(),
            m.get(mm.out()).shape());
        if (mm.c() != null) {
          checkBroadcast(m.get(mm.c()).shape(), m.get(mm.out()).shape(), "step '" + s.name() + "': addend");
        }
      }
    }
    if (this.inputs.isEmpty() || this.outputs.isEmpty()) {
      throw new IllegalArgumentException("a circuit needs at least one input and one output");
    }
    for (String input : this.inputs) {
      if (m.get(input) == null || !m.get(input).kind().isInput()) {
        throw new IllegalArgumentException("input '" + input + "' is not an INPUT tensor");
      }
    }
    if (m.values().stream().filter(t -> t.kind().isInput()).count() != this.inputs.size()
        || new java.util.HashSet<>(this.inputs).size() != this.inputs.size()) {
      throw new IllegalArgumentException("the inputs must list every INPUT tensor once");
    }
    checkWideInputs(m, steps);
    java.util.Set<String> windows = new java.util.HashSet<>();
    for (Step s : steps) {
      if (s instanceof MaxPool p) {
        windows.add(p.windows());
      }
    }
    for (Tensor t : m.values()) {
      if ((t.kind() == Kind.DERIVED) != windows.contains(t.name())) {
        throw new IllegalArgumentException("tensor '" + t.name() + "': only a max pool's window stack is derived, "
            + "and it always is");
      }
    }
    for (String output : this.outputs) {
      if (m.get(output) == null || m.get(output).kind() != Kind.TRACE) {
        throw new IllegalArgumentException("output '" + output + "' is not a TRACE tensor");
      }
    }
    if (new java.util.HashSet<>(this.outputs).size() != this.outputs.size()) {
      throw new IllegalArgumentException("an output is listed twice");
    }
  }

  /**
   * The selection and the channel routing rely on these shapes: x [N, C, I...], W [C, M/G, K...]
   * with K the geometry's kernel, out [N, M, O...] (each with 1 to 3 spatial axes: their
   * {@link #spatial5} views have the same padded layouts).
   */
  private static void checkConvTransposeShapes(Map<String, Tensor> m, ConvTranspose s) {
    int[] xs = m.get(s.x()).shape();
    int[] os = m.get(s.out()).shape();
    int[] x5 = spatial5(xs);
    int[] w5 = spatial5(m.get(s.weight()).shape());
    int[] o5 = spatial5(os);
    int[] k = s.geometry().kernel();
    boolean ok = x5[0] == o5[0] && x5[1] == w5[0] && x5[1] % s.group() == 0
        && o5[1] == w5[1] * s.group() && w5[2] == k[0] && w5[3] == k[1] && w5[4] == k[2];
    if (s.bias() != null) {
      ok &= Arrays.equals(m.get(s.bias()).shape(), new int[] {o5[1]});
    }
    if (!ok) {
      throw new IllegalArgumentException("transposed convolution '" + s.name() + "': x " + Arrays.toString(xs)
          + ", W " + Arrays.toString(m.get(s.weight()).shape()) + ", out " + Arrays.toString(os) + ", "
          + s.group() + " groups and kernel " + Arrays.toString(k) + " do not fit");
    }
  }

  /** The prover relies on these shapes: elements [outer, n, inner], rows [outer, inner]. */
  private static void checkSoftmaxShapes(Map<String, Tensor> m, Softmax s) {
    int[] el = m.get(s.in()).shape();
    if (el.length != 3 || el[1] != s.n()) {
      throw new IllegalArgumentException("softmax '" + s.name() + "' needs an input [outer, " + s.n() + ", inner]");
    }
    List<String> rows = s.rowTensors();
    for (String t : s.tensors()) {
      int[] want = rows.contains(t) ? new int[] {el[0], el[2]} : el;
      if (!Arrays.equals(m.get(t).shape(), want)) {
        throw new IllegalArgumentException("softmax '" + s.name() + "': tensor '" + t + "' has shape "
            + Arrays.toString(m.get(t).shape()) + ", expected " + Arrays.toString(want));
      }
      if (!t.equals(s.in()) && m.get(t).kind() != Kind.TRACE) {
        throw new IllegalArgumentException("softmax '" + s.name() + "': tensor '" + t + "' is not a trace tensor");
      }
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

  /**
   * Every bound the circuit relies on (accumulators, lookup domains) assumes int8 values except in
   * one place: an INPUT16 tensor, and any relayout of it, may only be read by relayouts and by
   * softmax steps whose exp table covers every int16 difference.
   */
  private static void checkWideInputs(Map<String, Tensor> m, List<Step> steps) {
    java.util.Set<String> wide = new java.util.HashSet<>();
    for (Tensor t : m.values()) {
      if (t.kind() == Kind.INPUT16) {
        wide.add(t.name());
      }
    }
    for (Step s : steps) {
      boolean reads = false;
      for (String t : s.tensors()) {
        reads |= wide.contains(t);
      }
      if (!reads) {
        continue;
      }
      if (s instanceof Relayout r && wide.contains(r.in())) {
        wide.add(r.out());
      } else if (!(s instanceof Softmax sm && wide.contains(sm.in()) && sm.expTable().length == 1 << 16)) {
        throw new IllegalArgumentException("step '" + s.name() + "' reads int16 input values; only relayouts "
            + "and softmax steps with a 2^16-entry exp table may");
      }
    }
  }

  /** The public inputs, in proof order. */
  public List<String> inputs() {
    return inputs;
  }

  /** The public outputs, in proof order. */
  public List<String> outputs() {
    return outputs;
  }

  /** Real values in all of {@code names}, one tensor after the other (the proof's public vectors). */
  public int realSize(List<String> names) {
    long n = 0;
    for (String t : names) {
      n += tensor(t).padded().realSize();
    }
    return Math.toIntExact(n);
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
    writeNames(w, inputs);
    writeNames(w, outputs);
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
      } else if (s instanceof Softmax sm) {
          w.writeByte(7);
          w.writeString(sm.name());
          w.writeString(sm.in());
          w.writeString(sm.out());
          w.writeInt(sm.n());
          w.writeByte(sm.log() ? 1 : 0);
          writeLongs(w, sm.expTable());
          w.writeLong(sm.outK());
          if (sm.log()) {
            w.writeLong(sm.inCoef());
            w.writeLong(sm.ln2Coef());
            writeLongs(w, sm.lnTable());
            Requant r = sm.requant();
            writeLongs(w, r.multipliers());
            w.writeInt(r.shift());
            w.writeLong(r.lo());
            w.writeLong(r.hi());
          }
      } else if (s instanceof AvgPool a) {
          w.writeByte(4);
          w.writeString(a.name());
          w.writeString(a.in());
          w.writeString(a.out());
          writeGeometry(w, a.geometry());
          w.writeLong(a.multiplier());
          writeInts(w, a.counts());
          w.writeLong(a.lo());
          w.writeLong(a.hi());
      } else if (s instanceof GroupedConv gc) {
          w.writeByte(6);
          new ConvFields(gc.name(), gc.x(), gc.weight(), gc.bias(), gc.out(), gc.geometry(), gc.group(), gc.requant())
              .write(w);
      } else if (s instanceof Reduce rd) {
          w.writeByte(5);
          w.writeString(rd.name());
          w.writeString(rd.in());
          w.writeString(rd.out());
          writeInts(w, rd.shape());
          writeInts(w, rd.axes());
          writeRequant(w, rd.requant());
      } else if (s instanceof Elementwise e) {
          w.writeByte(8);
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
          w.writeByte(9);
          w.writeString(mm.name());
          w.writeString(mm.a());
          w.writeString(mm.b());
          w.writeString(mm.c() == null ? "" : mm.c());
          w.writeString(mm.out());
          w.writeByte((mm.transA() ? 1 : 0) | (mm.transB() ? 2 : 0));
          w.writeLong(mm.productCoef());
          w.writeLong(mm.addendCoef());
          writeRequant(w, mm.requant());
      } else if (s instanceof ConvTranspose ct) {
          w.writeByte(11);
          new ConvFields(ct.name(), ct.x(), ct.weight(), ct.bias(), ct.out(), ct.geometry(), ct.group(), ct.requant())
              .write(w);
      } else if (s instanceof MaxMin mm) {
          w.writeByte(10);
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
    List<String> in = readNames(r);
    List<String> out = readNames(r);
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
          case 7 -> {
            String sn = r.readString(MAX_NAME);
            String si = r.readString(MAX_NAME);
            String so = r.readString(MAX_NAME);
            int n = r.readInt();
            boolean log = r.readByte() == 1;
            long[] exp = readLongs(r, 1 << 16);
            long k = r.readLong();
            if (log) {
              long inCoef = r.readLong();
              long ln2 = r.readLong();
              long[] ln = readLongs(r, 256);
              long[] ms = readLongs(r, 1);
              int shift = r.readInt();
              long lo = r.readLong();
              long hi = r.readLong();
              steps.add(new Softmax(sn, si, so, n, true, exp, k, inCoef, ln2, ln, new Requant(ms, shift, -1, lo, hi)));
            } else {
              steps.add(new Softmax(sn, si, so, n, false, exp, k, 0, 0, null, null));
            }
          }
          case 4 -> {
            String an = r.readString(MAX_NAME);
            String ai = r.readString(MAX_NAME);
            String ao = r.readString(MAX_NAME);
            ConvGeometry g = readGeometry(r);
            if (g == null) {
              throw r.error("average pooling without geometry");
            }
            long mult = r.readLong();
            int[] counts = readInts(r, 1 << 28);
            long lo = r.readLong();
            long hi = r.readLong();
            steps.add(new AvgPool(an, ai, ao, g, mult, counts, lo, hi));
          }
          case 5 -> steps.add(new Reduce(r.readString(MAX_NAME), r.readString(MAX_NAME), r.readString(MAX_NAME),
              readInts(r, MAX_RANK), readInts(r, MAX_RANK), readRequant(r)));
          case 6 -> {
            ConvFields f = ConvFields.read(r, "grouped convolution", false);
            steps.add(new GroupedConv(f.name(), f.x(), f.weight(), f.bias(), f.out(), f.geometry(), f.group(),
                f.requant()));
          }
          case 8 -> {
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
          case 9 -> {
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
          case 10 -> {
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
          case 11 -> {
            ConvFields f = ConvFields.read(r, "transposed convolution", true);
            steps.add(new ConvTranspose(f.name(), f.x(), f.weight(), f.bias(), f.out(), f.geometry(), f.group(),
                f.requant()));
          }
          default -> throw r.error("unknown step kind " + tag);
        }
      }
      return new Circuit(name, ts, steps, in, out);
    } catch (IllegalArgumentException e) {
      throw r.error("inconsistent circuit: " + e.getMessage());
    }
  }

  private static void writeNames(BinaryWriter w, List<String> names) {
    w.writeLength(names.size());
    for (String n : names) {
      w.writeString(n);
    }
  }

  private static List<String> readNames(BinaryReader r) throws ProofFormatException {
    int n = r.readLength(1, MAX_TENSORS);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names.add(r.readString(MAX_NAME));
    }
    return names;
  }

  /** The serialized fields of a grouped or transposed convolution step (after its tag). */
  private record ConvFields(String name, String x, String weight, String bias, String out, ConvGeometry geometry,
      int group, Requant requant) {
    void write(BinaryWriter w) {
      w.writeString(name);
      w.writeString(x);
      w.writeString(weight);
      w.writeString(bias == null ? "" : bias);
      w.writeString(out);
      writeGeometry(w, geometry);
      w.writeInt(group);
      writeRequant(w, requant);
    }

    static ConvFields read(BinaryReader r, String what, boolean signedPads) throws ProofFormatException {
      String n = r.readString(MAX_NAME);
      String x = r.readString(MAX_NAME);
      String w = r.readString(MAX_NAME);
      String b = r.readString(MAX_NAME);
      String o = r.readString(MAX_NAME);
      ConvGeometry g = readGeometry(r, signedPads);
      if (g == null) {
        throw r.error(what + " without geometry");
      }
      int group = r.readInt();
      return new ConvFields(n, x, w, b.isEmpty() ? null : b, o, g, group, readRequant(r));
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
    return new Requant(ms, shift, cd, r.readLong(), r.readLong());
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
    return readGeometry(r, false);
  }

  /**
   * A geometry; with {@code signedPads} leading pads may also be negative (down to −2^12): a
   * transposed convolution whose declared output is larger than its natural one starts before it.
   */
  private static ConvGeometry readGeometry(BinaryReader r, boolean signedPads) throws ProofFormatException {
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
      if (k[i] < 1 || s[i] < 1 || d[i] < 1 || p[i] < (signedPads ? -(1 << 12) : 0) || k[i] > 1 << 12
          || s[i] > 1 << 12 || d[i] > 1 << 12 || p[i] > 1 << 12) {
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
