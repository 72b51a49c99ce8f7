package io.deepprove.aggregate;

import io.deepprove.aggregate.Circuit.ConvGeometry;
import io.deepprove.aggregate.Circuit.Requant;
import io.deepprove.commit.BasefoldPcs;
import io.deepprove.commit.ModelCommitment;
import io.deepprove.commit.PcsParams;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small deterministic circuits with random int8 weights for the aggregate tests. */
final class AggregateFixtures {
  private AggregateFixtures() {}

  static final BasefoldPcs PCS = new BasefoldPcs(PcsParams.DEFAULT);

  /** A circuit, its weights and the model commitment to them. */
  record Model(Circuit circuit, Map<String, long[]> weights, ModelCommitment commitment, byte[] vkDigest) {
    AggregateProver prover() {
      return new AggregateProver(circuit, PCS, commitment, weights, vkDigest);
    }

    AggregateVerifier verifier() {
      return new AggregateVerifier(circuit, PCS, commitment, vkDigest);
    }
  }

  static long[] int8(SplittableRandom rng, int n) {
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextInt(255) - 127;
    }
    return v;
  }

  static long[] small(SplittableRandom rng, int n, int bound) {
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextInt(2 * bound + 1) - bound;
    }
    return v;
  }

  static Requant perChannel(SplittableRandom rng, int channels, int channelDim, int shift, long lo) {
    long[] m = new long[channels];
    for (int c = 0; c < channels; c++) {
      m[c] = 300 + rng.nextInt(400);
    }
    return new Requant(m, shift, channelDim, lo, 127);
  }

  /** x [1, 20] → dense 20→12 + ReLU → dense 12→5 (no ReLU). */
  static Model mlp(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    CircuitBuilder b = new CircuitBuilder("mlp")
        .input("x", 1, 20)
        .weight("W1", 20, 12).weight("b1", 12)
        .weight("W2", 12, 5).weight("b2", 5);
    b.dense("fc1", "x", "W1", "b1", "h", perChannel(rng, 12, 1, 17, 0));
    b.dense("fc2", "h", "W2", "b2", "y", new Requant(new long[] {500}, 17, -1, -127, 127));
    Map<String, long[]> w = new HashMap<>();
    w.put("W1", int8(rng, 240));
    w.put("b1", small(rng, 12, 3000));
    w.put("W2", int8(rng, 60));
    w.put("b2", small(rng, 5, 3000));
    return commit(b.build("y"), w, seed);
  }

  /** x [1, 2, 1, 9, 9] → conv 3×3 (2→3, bias) + ReLU → maxpool 2×2/2 → flatten → dense 27→4 → sigmoid-like table. */
  static Model cnn(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    CircuitBuilder b = new CircuitBuilder("cnn")
        .input("x", 1, 2, 1, 9, 9) // a 2-D image with a leading spatial axis of size 1
        .weight("K", 3, 2, 1, 3, 3).weight("kb", 3)
        .weight("W", 27, 4).weight("wb", 4);
    ConvGeometry g = new ConvGeometry(new int[] {1, 3, 3}, new int[] {1, 1, 1}, new int[] {0, 0, 0}, new int[] {1, 1, 1});
    b.conv("conv", "x", "K", "kb", "c", g, perChannel(rng, 3, 1, 14, 0));
    ConvGeometry pool = new ConvGeometry(new int[] {1, 2, 2}, new int[] {1, 2, 2}, new int[] {0, 0, 0}, new int[] {1, 1, 1});
    b.maxPool("pool", "c", "p", pool);
    b.reshape("flatten", "p", "f", 1, 27);
    b.dense("fc", "f", "W", "wb", "z", new Requant(new long[] {400}, 16, -1, -127, 127));
    long[] table = new long[256];
    for (int i = 0; i < 256; i++) {
      table[i] = Math.round(127 / (1 + Math.exp(-(i - 128) / 32.0)));
    }
    b.unary("sigmoid", "z", "y", table);
    Map<String, long[]> w = new HashMap<>();
    w.put("K", int8(rng, 54));
    w.put("kb", small(rng, 3, 2000));
    w.put("W", int8(rng, 108));
    w.put("wb", small(rng, 4, 2000));
    return commit(b.build("y"), w, seed);
  }

  /**
   * x [2, 5, 3] → softmax (output factor 200) or log-softmax (output scale 0.05) along the middle
   * axis, input scale 1/40. Weightless.
   */
  static Model softmax(long seed, boolean log) {
    long[] exp = new long[256];
    for (int d = 0; d < 256; d++) {
      exp[d] = Math.round(Math.scalb(Math.exp(-d / 40.0), 16));
    }
    CircuitBuilder b = new CircuitBuilder(log ? "logsoftmax" : "softmax").input("x", 2, 5, 3);
    if (log) {
      double t = Math.scalb(0.05, -12);
      long[] ln = new long[256];
      for (int f = 0; f < 256; f++) {
        ln[f] = Math.round(Math.log(1 + (f + 0.5) / 256) / t);
      }
      b.softmax("sm", "x", "y", true, exp, 0, Math.round(1 / 40.0 / t), Math.round(Math.log(2) / t), ln,
          new Requant(new long[] {1}, 12, -1, -127, 127));
    } else {
      b.softmax("sm", "x", "y", false, exp, 200, 0, 0, null, null);
    }
    b.weight(Protocol.NO_WEIGHTS, 1);
    Map<String, long[]> w = new HashMap<>();
    w.put(Protocol.NO_WEIGHTS, new long[1]);
    return commit(b.build("y"), w, seed);
  }

  /**
   * x [2, 5, 3] of int16 values → softmax (output factor 200) along the middle axis, input scale
   * 1/4000, with the 2^16-entry exp table an int16 input needs. Weightless.
   */
  static Model softmax16(long seed) {
    long[] exp = new long[1 << 16];
    for (int d = 0; d < exp.length; d++) {
      exp[d] = Math.round(Math.scalb(Math.exp(-d / 4000.0), 16));
    }
    CircuitBuilder b = new CircuitBuilder("softmax16").input16("x", 2, 5, 3);
    b.softmax("sm", "x", "y", false, exp, 200, 0, 0, null, null);
    b.weight(Protocol.NO_WEIGHTS, 1);
    Map<String, long[]> w = new HashMap<>();
    w.put(Protocol.NO_WEIGHTS, new long[1]);
    return commit(b.build("y"), w, seed);
  }

  /**
   * x [1, 2, 7, 7] → average pool 3×3/2 with padding 1 (multiplier 2, counts 4, 6 or 9) → max pool
   * 2×3/2 with padding 1 (6 taps in 8 padded slices) → sum over the spatial axes requantized by ≈ 1/6:
   * no weights.
   */
  static Model pools(long seed) {
    CircuitBuilder b = new CircuitBuilder("pools").input("x", 1, 2, 7, 7);
    int[] perAxis = {2, 3, 3, 2};
    int[] counts = new int[16];
    for (int i = 0; i < 16; i++) {
      counts[i] = perAxis[i / 4] * perAxis[i % 4];
    }
    b.avgPool("avg", "x", "a", new ConvGeometry(new int[] {1, 3, 3}, new int[] {1, 2, 2}, new int[] {0, 1, 1},
        new int[] {1, 1, 1}), new int[] {1, 2, 4, 4}, 2, counts, -127, 127);
    b.maxPool("max", "a", "m", new ConvGeometry(new int[] {1, 2, 3}, new int[] {1, 2, 2}, new int[] {0, 1, 1},
        new int[] {1, 1, 1}), new int[] {1, 2, 3, 2});
    b.reduce("sum", "m", "r", new int[] {1, 2}, new int[] {2, 3}, new Requant(new long[] {10923}, 16, -1, -127, 127));
    b.weight(Protocol.NO_WEIGHTS, 1);
    Map<String, long[]> w = new HashMap<>();
    w.put(Protocol.NO_WEIGHTS, new long[1]);
    return commit(b.build("r"), w, seed);
  }

  /** x [1, 6] → pad to [1, 9] with three 5s in front (a relayout with a constant fill) → dense 9→2. */
  static Model constantPad(long seed) {
    CircuitBuilder b = new CircuitBuilder("pad").input("x", 1, 6).weight("W", 9, 2);
    b.relayout("pad", "x", "xp", new int[] {1, 9}, new int[] {-1, -1, -1, 0, 1, 2, 3, 4, 5}, 5);
    b.dense("fc", "xp", "W", null, "y", new Requant(new long[] {700}, 16, -1, -127, 127));
    Map<String, long[]> w = new HashMap<>();
    w.put("W", int8(new SplittableRandom(seed), 18));
    return commit(b.build("y"), w, seed);
  }

  /** x [1, 4, 5, 5] → depthwise 3×3 convolution with bias (4 groups) → [1, 4, 3, 3], one multiplier. */
  static Model depthwise(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    CircuitBuilder b = new CircuitBuilder("depthwise").input("x", 1, 4, 1, 5, 5)
        .weight("K", 4, 1, 1, 3, 3).weight("kb", 4);
    ConvGeometry g = new ConvGeometry(new int[] {1, 3, 3}, new int[] {1, 1, 1}, new int[] {0, 0, 0}, new int[] {1, 1, 1});
    b.groupedConv("dw", "x", "K", "kb", "y", g, 4, new Requant(new long[] {600}, 16, -1, -127, 127));
    Map<String, long[]> w = new HashMap<>();
    w.put("K", int8(rng, 36));
    w.put("kb", small(rng, 4, 2000));
    return commit(b.build("y"), w, seed);
  }

  /**
   * x [1, 4, 3, 4] → transposed convolution, 2 groups, W [4, 3, 3, 2] with bias → [1, 6, 7, 6]
   * (kernel 3×2, strides 2×1, dilations 1×2, leading pads {@code pads}, output padding 1 along
   * the first axis in the declared shape), per-channel requantization. With {@code runTimeWeight}
   * W is a second public input instead of a committed weight.
   */
  static Circuit convTransposeCircuit(int[] pads, boolean runTimeWeight) {
    CircuitBuilder b = new CircuitBuilder("convtranspose").input("x", 1, 4, 3, 4);
    if (runTimeWeight) {
      b.input("W", 4, 3, 3, 2);
    } else {
      b.weight("W", 4, 3, 3, 2);
    }
    b.weight("wb", 6);
    ConvGeometry g = new ConvGeometry(new int[] {1, 3, 2}, new int[] {1, 2, 1}, pads, new int[] {1, 1, 2});
    b.convTranspose("ct", "x", "W", "wb", "y", g, 2, new int[] {1, 6, 7, 6},
        perChannel(new SplittableRandom(11), 6, 1, 18, -127));
    return b.build("y");
  }

  /** The leading pads of the honest {@link #convTransposeCircuit}. */
  static final int[] CONV_T_PADS = {0, 1, 0};

  /** {@link #convTransposeCircuit} with committed weights. */
  static Model convTranspose(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Map<String, long[]> w = new HashMap<>();
    w.put("W", int8(rng, 72));
    w.put("wb", small(rng, 6, 2000));
    return commit(convTransposeCircuit(CONV_T_PADS, false), w, seed);
  }

  /** {@link #convTransposeCircuit} with W as a public input (its values come with each input, after x's 48). */
  static Model convTransposeRunTimeWeight(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Map<String, long[]> w = new HashMap<>();
    w.put("wb", small(rng, 6, 2000));
    return commit(convTransposeCircuit(CONV_T_PADS, true), w, seed);
  }

  /** Knobs of {@link #elementwise}: an honest circuit and variants a cheating prover computes instead. */
  record Variant(long reluCoef, long weightCoef, long productCoef, boolean max, boolean identityRelu) {
    static final Variant HONEST = new Variant(3, 5, 1, true, false);
  }

  /**
   * x [2, 3, 5] → r = relu(x), a = x/2 + 10 (tables) → s = requant(x + 3·r − 2) → p = requant(x·s + 5·c·a),
   * c [3, 1] broadcast → m = requant(p @ aᵀ (batched, inner 5 of 8 padded, a's padding is 10) + 2·e), e [3]
   * broadcast → y = max(m, g, −m), g [3] broadcast.
   */
  static Circuit elementwiseCircuit(Variant v) {
    CircuitBuilder b = new CircuitBuilder("elementwise")
        .input("x", 2, 3, 5)
        .weight("c", 3, 1).weight("e", 3).weight("g", 3);
    long[] relu = new long[256];
    long[] half = new long[256];
    long[] neg = new long[256];
    for (int i = 0; i < 256; i++) {
      relu[i] = v.identityRelu() ? i - 128 : Math.max(0, i - 128);
      half[i] = Math.floorDiv(i - 128, 2) + 10;
      neg[i] = Math.min(127, 128 - i);
    }
    b.unary("relu", "x", "r", relu);
    b.unary("half", "x", "a", half);
    b.elementwise("s", List.of(new Circuit.Term(1, List.of("x")), new Circuit.Term(v.reluCoef(), List.of("r")),
        new Circuit.Term(-2, List.of())), "s", new int[] {2, 3, 5}, new Requant(new long[] {1}, 2, -1, -127, 127));
    b.elementwise("p", List.of(new Circuit.Term(1, List.of("x", "s")), new Circuit.Term(v.weightCoef(),
        List.of("c", "a"))), "p", new int[] {2, 3, 5}, new Requant(new long[] {1}, 9, -1, -127, 127));
    b.matMul("m", "p", "a", "e", "m", false, true, v.productCoef(), 2, new Requant(new long[] {1}, 9, -1, -127, 127));
    b.unary("neg", "m", "n", neg);
    b.maxMin("y", List.of("m", "g", "n"), "y", new int[] {2, 3, 3}, v.max());
    return b.build("y");
  }

  static Model elementwise(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Map<String, long[]> w = new HashMap<>();
    w.put("c", small(rng, 3, 20));
    w.put("e", small(rng, 3, 100));
    w.put("g", small(rng, 3, 50));
    return commit(elementwiseCircuit(Variant.HONEST), w, seed);
  }

  static Model commit(Circuit c, Map<String, long[]> w, long seed) {
    List<ModelCommitment.Tensor> ts = new ArrayList<>();
    for (Circuit.Tensor t : c.tensors(Circuit.Kind.WEIGHT)) {
      ts.add(new ModelCommitment.Tensor(t.name(), w.get(t.name()), t.shape()));
    }
    ModelCommitment mc = ModelCommitment.commit(PCS, ts);
    byte[] digest = new byte[32];
    new SplittableRandom(c.name().hashCode() * 31L + seed).nextBytes(digest);
    return new Model(c, w, mc, digest);
  }
}
