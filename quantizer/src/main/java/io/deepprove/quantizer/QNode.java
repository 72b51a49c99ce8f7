package io.deepprove.quantizer;

import io.deepprove.onnx.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One integer computation of a {@link QuantizedGraph}. Inputs and outputs name values of the
 * graph: runtime int8 tensors or constants ({@link QuantizedGraph#constants()}: int8 weights,
 * int32 biases, integer coefficients). Every public parameter the prover checks is a component:
 * requantization multipliers, shifts and clamp bounds ({@link Requant}), tables and their domains.
 *
 * <p>Linear nodes ({@link Dense}, {@link Conv}, {@link ConvTranspose}, {@link Bilinear},
 * {@link LinearCombination}, {@link Reduce}) compute an integer accumulator and requantize it;
 * the others ({@link Table}, {@link Softmax}, {@link Pool}, {@link MaxMin}, {@link Structural})
 * are exact integer maps documented on each record.
 */
public sealed interface QNode {

  /** Unique node name (the ONNX node name, with a suffix for nodes the quantizer inserts). */
  String name();

  /** Input value names (runtime values and constants) in the order the op reads them. */
  List<String> inputs();

  /** Output value names. */
  List<String> outputs();

  /** The accumulator's requantization, or null for nodes without one. */
  default Requant requant() {
    return null;
  }

  /** Spatial geometry with exactly 3 spatial axes (1-D and 2-D ops get leading axes of size 1). */
  record Geometry(int batch, int inChannels, int outChannels, int group, int[] in, int[] out, int[] kernel,
      int[] strides, int[] padsBegin, int[] dilations) {
    public Geometry {
      in = check(in);
      out = check(out);
      kernel = check(kernel);
      strides = check(strides);
      padsBegin = check(padsBegin);
      dilations = check(dilations);
    }

    private static int[] check(int[] a) {
      if (a.length != 3) {
        throw new IllegalArgumentException("geometry arrays have 3 spatial axes");
      }
      return a.clone();
    }

    @Override public int[] in() { return in.clone(); }
    @Override public int[] out() { return out.clone(); }
    @Override public int[] kernel() { return kernel.clone(); }
    @Override public int[] strides() { return strides.clone(); }
    @Override public int[] padsBegin() { return padsBegin.clone(); }
    @Override public int[] dilations() { return dilations.clone(); }

    int inSize() {
      return in[0] * in[1] * in[2];
    }

    int outSize() {
      return out[0] * out[1] * out[2];
    }

    int kernelSize() {
      return kernel[0] * kernel[1] * kernel[2];
    }

    @Override
    public String toString() {
      return "k" + Arrays.toString(kernel) + " s" + Arrays.toString(strides) + " p" + Arrays.toString(padsBegin)
          + " d" + Arrays.toString(dilations) + " g" + group;
    }
  }

  /**
   * acc[r, j] = Σ_p x[r, p]·W[p, j] + bias[j] (or bias[r, j]); x is the input viewed as
   * [rows, k], W an int8 constant [k, n], bias an int32 constant at scale s_x·s_w[j]. The requant is
   * per output column (channels = n, inner = 1) or per tensor.
   */
  record Dense(String name, String input, String weight, String bias, String output, int rows, int k, int n,
      Requant requant) implements QNode {
    @Override public List<String> inputs() { return names(input, weight, bias); }
    @Override public List<String> outputs() { return List.of(output); }
  }

  /**
   * Grouped convolution, NC(DHW): acc[b, m, o] = bias[m] + Σ_{c in group(m), k} W[m, c, k]·x[b, c, o·stride +
   * k·dilation − padBegin] (zero outside). Weight int8 [M, C/group, k0, k1, k2]; requant per output
   * channel (inner = output spatial size).
   */
  record Conv(String name, String input, String weight, String bias, String output, Geometry geometry,
      Requant requant) implements QNode {
    @Override public List<String> inputs() { return names(input, weight, bias); }
    @Override public List<String> outputs() { return List.of(output); }
  }

  /**
   * Transposed convolution: input index i and kernel index k add x[b, c, i]·W[c, m', k] into
   * output index i·stride + k·dilation − padBegin (when inside) of channel m = group·(M/group) + m'.
   * Weight int8 [C, M/group, k...]; requant per output channel.
   */
  record ConvTranspose(String name, String input, String weight, String bias, String output, Geometry geometry,
      Requant requant) implements QNode {
    @Override public List<String> inputs() { return names(input, weight, bias); }
    @Override public List<String> outputs() { return List.of(output); }
  }

  /** How a {@link Bilinear} combines its two int8 operands. */
  enum BilinearMode {
    /** a·b elementwise with numpy broadcasting. */
    ELEMENTWISE,
    /** numpy matmul (batch axes broadcast, 1-D operands promoted). */
    MATMUL,
    /** a ≥ 0 ? a·coefA : a·b (PRelu with a run-time slope b). */
    PRELU
  }

  /**
   * acc = productCoef·(a ∘ b) + addendCoef·c (c broadcast to the output; absent when null), for ∘ given
   * by {@code mode}; with {@code transA}/{@code transB} the last two axes of a / b are swapped first
   * (Gemm). In PRELU mode acc = a ≥ 0 ? addendCoef·a : productCoef·a·b. Coefficients are small
   * public integers (|coef| ≤ 2^14) that put both terms on one accumulator scale.
   */
  record Bilinear(String name, BilinearMode mode, String a, String b, String c, String output, int[] aShape,
      int[] bShape, int[] cShape, int[] outShape, boolean transA, boolean transB, long productCoef,
      long addendCoef, Requant requant) implements QNode {
    public Bilinear {
      aShape = aShape.clone();
      bShape = bShape.clone();
      cShape = cShape == null ? null : cShape.clone();
      outShape = outShape.clone();
    }

    @Override public int[] aShape() { return aShape.clone(); }
    @Override public int[] bShape() { return bShape.clone(); }
    @Override public int[] cShape() { return cShape == null ? null : cShape.clone(); }
    @Override public int[] outShape() { return outShape.clone(); }
    @Override public List<String> inputs() { return names(a, b, c); }
    @Override public List<String> outputs() { return List.of(output); }
  }

  /**
   * acc[i] = bias[i] + Σ_k x_k[i]·(x_k[i] ≥ 0 ? pos_k[i] : neg_k[i]), every operand broadcast
   * (numpy) to {@code outShape}; pos_k, neg_k and bias are integer constants (neg_k = pos_k when
   * null). Add, Sub, Sum, Mul/Div by a constant, an unfolded BatchNormalization, PRelu with a
   * constant slope, and rescaling between two scales are all this node.
   */
  record LinearCombination(String name, List<String> terms, List<String> posCoefs, List<String> negCoefs,
      String bias, String output, int[] outShape, Requant requant) implements QNode {
    public LinearCombination {
      terms = List.copyOf(terms);
      posCoefs = List.copyOf(posCoefs);
      negCoefs = java.util.Collections.unmodifiableList(new ArrayList<>(negCoefs));
      outShape = outShape.clone();
      if (terms.size() != posCoefs.size() || terms.size() != negCoefs.size()) {
        throw new IllegalArgumentException("one coefficient per term");
      }
    }

    @Override public int[] outShape() { return outShape.clone(); }

    @Override
    public List<String> inputs() {
      List<String> l = new ArrayList<>(terms);
      l.addAll(posCoefs);
      for (String n : negCoefs) {
        if (n != null) {
          l.add(n);
        }
      }
      if (bias != null) {
        l.add(bias);
      }
      return l;
    }

    @Override public List<String> outputs() { return List.of(output); }
  }

  /** out = table[in + 128] elementwise (see {@link UnaryTable}). */
  record Table(String name, String input, String output, UnaryTable table) implements QNode {
    @Override public List<String> inputs() { return List.of(input); }
    @Override public List<String> outputs() { return List.of(output); }
  }

  /**
   * Integer (log-)softmax over rows of n elements (row r, element j at index
   * (r / inner)·n·inner + j·inner + r % inner):
   * <ol>
   *   <li>m = max_j x_j; d_j = m − x_j ∈ [0, 255];
   *   <li>e_j = expTable[d_j] = round(2^16·exp(−s_in·d_j)) (a 256-entry table over d ∈ [0, 255], 2^16 entries for an int16 input; e_j ∈ [0, 2^16]);
   *   <li>S = Σ_j e_j;
   *   <li>softmax: out_j = min(127, floor((2·e_j·outK + S) / (2·S))), i.e. round(e_j·outK / S),
   *       the output scale being exactly 1/outK;
   *   <li>log-softmax: with E = floor(log2 S) and f the 8 bits of S after its leading one,
   *       L = (E − 16)·ln2Coef + lnTable[f] ≈ ln(S / 2^16) on the accumulator scale;
   *       acc_j = −inCoef·d_j − L, requantized (M = 1, s = {@link #LOG_SHIFT}, 8 more for an int16 input).
   * </ol>
   */
  record Softmax(String name, String input, String output, int outer, int n, int inner, boolean log,
      long[] expTable, long outK, long inCoef, long ln2Coef, long[] lnTable, Requant requant) implements QNode {
    /** Fractional bits of exp-table entries. */
    public static final int EXP_BITS = 16;
    /** Fractional bits of the log-softmax accumulator below the output scale. */
    public static final int LOG_SHIFT = 12;

    public Softmax {
      expTable = expTable.clone();
      lnTable = lnTable == null ? null : lnTable.clone();
    }

    @Override public long[] expTable() { return expTable.clone(); }
    @Override public long[] lnTable() { return lnTable == null ? null : lnTable.clone(); }
    @Override public List<String> inputs() { return List.of(input); }
    @Override public List<String> outputs() { return List.of(output); }
  }

  /**
   * Max pooling (padding never selected; output scale = input scale) or average pooling:
   * out = clamp(round-half-away(sum·multiplier / count)), count = cells of the window inside the
   * input (or inside the padded input with countIncludePad), output scale = input scale /
   * multiplier (the integer multiplier ≥ 1 keeps the precision of averages that are much smaller
   * than the inputs). Channels = batch·C planes.
   */
  record Pool(String name, String input, String output, boolean max, long multiplier, Geometry geometry,
      int[] padsEnd,
      boolean countIncludePad) implements QNode {
    public Pool {
      padsEnd = padsEnd.clone();
    }

    @Override public int[] padsEnd() { return padsEnd.clone(); }
    @Override public List<String> inputs() { return List.of(input); }
    @Override public List<String> outputs() { return List.of(output); }
  }

  /** acc = Σ of x over {@code axes} (sum or mean; the mean's 1/count is in the requant). */
  record Reduce(String name, String input, String output, int[] inShape, int[] axes, Requant requant)
      implements QNode {
    public Reduce {
      inShape = inShape.clone();
      axes = axes.clone();
    }

    @Override public int[] inShape() { return inShape.clone(); }
    @Override public int[] axes() { return axes.clone(); }
    @Override public List<String> inputs() { return List.of(input); }
    @Override public List<String> outputs() { return List.of(output); }
  }

  /** Elementwise max (or min) of inputs already on the output scale, numpy broadcasting. */
  record MaxMin(String name, List<String> terms, String output, boolean max, int[] outShape) implements QNode {
    public MaxMin {
      terms = List.copyOf(terms);
      outShape = outShape.clone();
    }

    @Override public int[] outShape() { return outShape.clone(); }
    @Override public List<String> inputs() { return terms; }
    @Override public List<String> outputs() { return List.of(output); }
  }

  /**
   * Data movement on int8 values, scale unchanged: Reshape, Transpose, Concat, Split, Slice,
   * Gather, Pad (constant fill {@code padValue}), Identity, with the onnx-import semantics of
   * {@code op}.
   */
  record Structural(String name, Op op, List<String> inputs, List<String> outputs, List<int[]> inShapes,
      List<int[]> outShapes, long padValue) implements QNode {
    public Structural {
      inputs = List.copyOf(inputs);
      outputs = List.copyOf(outputs);
      inShapes = inShapes.stream().map(int[]::clone).toList();
      outShapes = outShapes.stream().map(int[]::clone).toList();
    }

    @Override public List<int[]> inShapes() { return inShapes.stream().map(int[]::clone).toList(); }
    @Override public List<int[]> outShapes() { return outShapes.stream().map(int[]::clone).toList(); }
  }

  private static List<String> names(String... n) {
    List<String> l = new ArrayList<>();
    for (String s : n) {
      if (s != null) {
        l.add(s);
      }
    }
    return List.copyOf(l);
  }
}
