package io.deepprove.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepprove.core.verify.VerificationException;
import io.deepprove.onnx.Graph;
import io.deepprove.onnx.ImportOptions;
import io.deepprove.onnx.OnnxImporter;
import io.deepprove.onnx.proto.Onnx.AttributeProto;
import io.deepprove.onnx.proto.Onnx.GraphProto;
import io.deepprove.onnx.proto.Onnx.ModelProto;
import io.deepprove.onnx.proto.Onnx.NodeProto;
import io.deepprove.onnx.proto.Onnx.OperatorSetIdProto;
import io.deepprove.onnx.proto.Onnx.TensorProto;
import io.deepprove.onnx.proto.Onnx.TensorShapeProto;
import io.deepprove.onnx.proto.Onnx.TypeProto;
import io.deepprove.onnx.proto.Onnx.ValueInfoProto;
import io.deepprove.quantizer.IntegerEngine;
import io.deepprove.quantizer.QNode;
import io.deepprove.quantizer.QuantizedGraph;
import io.deepprove.quantizer.Quantizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Single-input ONNX models built here whose elementwise arithmetic (Add/Sub/Mul/Div, batch-norm,
 * PRelu, Max/Min, products and matrix products of two activations, convolutions with run-time
 * weights) goes through the quantizer's LinearCombination, Bilinear, MaxMin and Conv nodes: the
 * proved output is the integer engine's and the proof verifies.
 */
class ElementwiseModelTest {

  /** A tiny ONNX graph writer (one float input "x", opset 13). */
  static final class Onnx {
    final GraphProto.Builder graph = GraphProto.newBuilder().setName("t");
    final SplittableRandom rng;
    int counter;

    Onnx(long seed, int... inputShape) {
      rng = new SplittableRandom(seed);
      graph.addInput(info("x", inputShape));
    }

    String node(String op, List<AttributeProto> attrs, String... inputs) {
      String out = op.toLowerCase() + "_" + counter++;
      NodeProto.Builder nb = NodeProto.newBuilder().setOpType(op).setName(out).addOutput(out);
      for (String i : inputs) {
        nb.addInput(i);
      }
      nb.addAllAttribute(attrs);
      graph.addNode(nb);
      return out;
    }

    String node(String op, String... inputs) {
      return node(op, List.of(), inputs);
    }

    /** A float constant with values uniform in [lo, hi). */
    String constant(double lo, double hi, int... dims) {
      String n = "c_" + counter++;
      TensorProto.Builder t = TensorProto.newBuilder().setName(n).setDataType(TensorProto.DataType.FLOAT_VALUE);
      int size = 1;
      for (int d : dims) {
        t.addDims(d);
        size *= d;
      }
      for (int i = 0; i < size; i++) {
        t.addFloatData((float) (lo + (hi - lo) * rng.nextDouble()));
      }
      graph.addInitializer(t);
      return n;
    }

    String int64s(long... v) {
      String n = "i_" + counter++;
      TensorProto.Builder t = TensorProto.newBuilder().setName(n).setDataType(TensorProto.DataType.INT64_VALUE)
          .addDims(v.length);
      for (long x : v) {
        t.addInt64Data(x);
      }
      graph.addInitializer(t);
      return n;
    }

    String slice(String x, long axis, long start, long end) {
      return node("Slice", x, int64s(start), int64s(end), int64s(axis));
    }

    static AttributeProto ints(String n, long... v) {
      AttributeProto.Builder a = AttributeProto.newBuilder().setName(n).setType(AttributeProto.AttributeType.INTS);
      for (long x : v) {
        a.addInts(x);
      }
      return a.build();
    }

    static AttributeProto integer(String n, long v) {
      return AttributeProto.newBuilder().setName(n).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    static ValueInfoProto info(String n, int... shape) {
      TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
      for (int d : shape) {
        s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
      }
      return ValueInfoProto.newBuilder().setName(n).setType(TypeProto.newBuilder().setTensorType(
          TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
    }

    ModelProto build(String last, int... outShape) {
      graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName("output").addInput(last).addOutput("y"));
      graph.addOutput(info("y", outShape));
      return ModelProto.newBuilder().setIrVersion(7).setProducerName("test").setModelVersion(1)
          .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).setGraph(graph).build();
    }
  }

  static float[] signed(SplittableRandom rng, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (2 * rng.nextDouble() - 1);
    }
    return x;
  }

  /** Quantizes on signed samples, proves one more signed input, compares with the engine, verifies. */
  static QuantizedGraph proveAndCompare(ModelProto model, long seed) throws Exception {
    Graph g = OnnxImporter.importModel(model.toByteArray(), "model.onnx", ImportOptions.defaults());
    int n = 1;
    for (int d : g.inputs().get(0).shape()) {
      n *= d;
    }
    SplittableRandom rng = new SplittableRandom(seed);
    List<List<float[]>> samples = new ArrayList<>();
    for (int s = 0; s < 4; s++) {
      samples.add(List.of(signed(rng, n)));
    }
    QuantizedGraph q = Quantizer.quantize(g, samples);
    CircuitCompiler.Compiled c = CircuitCompiler.compile(q);
    AggregateFixtures.Model m = AggregateFixtures.commit(c.circuit(), c.weights(), seed);
    long[] xq = q.quantizeInputs(List.of(signed(rng, n))).get(0);
    long[] engine = new IntegerEngine(q).run(List.of(xq)).outputs().get(0);
    Proof p = m.prover().prove(xq);
    assertArrayEquals(engine, p.output(), "the proved output is the integer engine's");
    m.verifier().verify(Proof.read(p.toBytes(), "proof", AggregateFixtures.PCS));
    // the circuit survives its serialization (it is part of the verifying key)
    io.deepprove.core.codec.BinaryWriter w = new io.deepprove.core.codec.BinaryWriter();
    c.circuit().write(w);
    io.deepprove.core.codec.BinaryWriter w2 = new io.deepprove.core.codec.BinaryWriter();
    Circuit.read(new io.deepprove.core.codec.BinaryReader(w.toByteArray(), "circuit")).write(w2);
    assertArrayEquals(w.toByteArray(), w2.toByteArray());
    long[] other = p.output();
    other[0] = other[0] == 127 ? 126 : other[0] + 1;
    Proof forged = new Proof(p.vkDigest(), p.input(), other, p.traceCommitment(), p.lookupProof(), p.steps(),
        p.traceOpening(), p.modelOpening());
    assertThrows(VerificationException.class, () -> m.verifier().verify(forged));
    return q;
  }

  static void assertHas(QuantizedGraph q, Predicate<QNode> p, String what) {
    assertTrue(q.nodes().stream().anyMatch(p), "the quantized graph has " + what + ": " + q.nodes());
  }

  @Test
  void addOfTwoActivations() throws Exception {
    Onnx o = new Onnx(1, 2, 3, 5);
    String r = o.node("Relu", "x");
    String y = o.node("Sub", o.node("Add", "x", r), o.node("Sigmoid", "x"));
    QuantizedGraph q = proveAndCompare(o.build(y, 2, 3, 5), 1);
    assertHas(q, n -> n instanceof QNode.LinearCombination l && l.terms().size() >= 2, "a sum of activations");
  }

  @Test
  void batchNormAndConstantArithmetic() throws Exception {
    Onnx o = new Onnx(2, 1, 3, 4, 5);
    String y = o.node("BatchNormalization", "x", o.constant(0.5, 1.5, 3), o.constant(-0.5, 0.5, 3),
        o.constant(-0.2, 0.2, 3), o.constant(0.5, 1.5, 3));
    y = o.node("Mul", y, o.constant(-2, 2, 1, 4, 1));
    y = o.node("Add", y, o.constant(-1, 1, 5));
    y = o.node("Div", y, o.constant(1.5, 2, 1));
    QuantizedGraph q = proveAndCompare(o.build(y, 1, 3, 4, 5), 2);
    assertHas(q, n -> n instanceof QNode.LinearCombination l && l.bias() != null, "an affine map with a bias");
  }

  @Test
  void preluWithConstantSlopes() throws Exception {
    Onnx o = new Onnx(3, 1, 4, 3, 3);
    String y = o.node("PRelu", "x", o.constant(-0.5, 0.5, 4, 1, 1));
    y = o.node("LeakyRelu", y);
    QuantizedGraph q = proveAndCompare(o.build(y, 1, 4, 3, 3), 3);
    assertHas(q, n -> n instanceof QNode.LinearCombination l && l.negCoefs().get(0) != null, "a sign-dependent term");
  }

  @Test
  void productsOfActivations() throws Exception {
    // x·x, GLU (a·sigmoid(b) of the two halves), a·b broadcast, PRelu with a run-time slope
    Onnx o = new Onnx(4, 2, 6, 3);
    String sq = o.node("Mul", "x", "x");
    String a = o.slice(sq, 1, 0, 3);
    String b = o.slice("x", 1, 3, 6);
    String glu = o.node("Mul", a, o.node("Sigmoid", b));
    String row = o.slice(glu, 2, 1, 2);
    String bc = o.node("Mul", glu, row);
    String y = o.node("PRelu", bc, o.node("Sigmoid", glu));
    QuantizedGraph q = proveAndCompare(o.build(y, 2, 3, 3), 4);
    assertHas(q, n -> n instanceof QNode.Bilinear bl && bl.mode() == QNode.BilinearMode.PRELU, "a run-time PRelu");
    assertHas(q, n -> n instanceof QNode.Bilinear bl && bl.mode() == QNode.BilinearMode.ELEMENTWISE, "a product");
  }

  @Test
  void maxAndMinOfSeveralInputs() throws Exception {
    Onnx o = new Onnx(5, 3, 4);
    String r = o.node("Relu", "x");
    String y = o.node("Max", "x", o.node("Neg", r), o.constant(-0.3, -0.2, 4));
    y = o.node("Min", y, o.node("Sigmoid", "x"));
    y = o.node("Min", y);
    QuantizedGraph q = proveAndCompare(o.build(y, 3, 4), 5);
    assertHas(q, n -> n instanceof QNode.MaxMin mm && mm.terms().size() == 3, "a max of three");
  }

  @Test
  void matrixProductsOfActivations() throws Exception {
    // batched x @ xᵀ (transposed through the Transpose node), Gemm of two activations with transB and a
    // constant bias, a broadcast batch and a 1-D right operand
    Onnx o = new Onnx(6, 2, 3, 5);
    String xt = o.node("Transpose", List.of(Onnx.ints("perm", 0, 2, 1)), "x");
    String mm = o.node("MatMul", "x", xt); // [2, 3, 3]
    String first = o.node("Reshape", o.slice("x", 0, 0, 1), o.int64s(3, 5)); // [3, 5]
    // sigmoid(0) ≠ 0 sits in the padding of the inner axis (5 of 8): the proof's mask must leave it out
    String sig = o.node("Sigmoid", first);
    String gemm = o.node("Gemm", List.of(Onnx.integer("transB", 1)), sig, sig, o.constant(-1, 1, 3));
    String bcast = o.node("MatMul", mm, gemm); // [2, 3, 3] @ [3, 3]
    String v = o.node("Reshape", o.slice(first, 0, 0, 1), o.int64s(5)); // [5]
    String mv = o.node("MatMul", "x", v); // [2, 3]
    String y = o.node("Add", bcast, o.node("Reshape", mv, o.int64s(2, 3, 1)));
    QuantizedGraph q = proveAndCompare(o.build(y, 2, 3, 3), 6);
    assertHas(q, n -> n instanceof QNode.Bilinear bl && bl.mode() == QNode.BilinearMode.MATMUL && bl.transB(),
        "a Gemm of two activations");
  }

  @Test
  void matrixProductsWithTransposedAndVectorOperands() throws Exception {
    // Gemm with transA, a 1-D left operand, 1-D · 1-D (a scalar) broadcast into a sum
    Onnx o = new Onnx(8, 3, 5);
    String g1 = o.node("Gemm", List.of(Onnx.integer("transA", 1)), "x", "x"); // [5, 5]
    String v = o.node("Reshape", o.slice("x", 0, 1, 2), o.int64s(5)); // [5]
    String dot = o.node("MatMul", v, o.node("Sigmoid", v)); // []
    String lv = o.node("MatMul", v, g1); // [5]
    String y = o.node("Add", lv, dot);
    QuantizedGraph q = proveAndCompare(o.build(y, 5), 8);
    assertHas(q, n -> n instanceof QNode.Bilinear bl && bl.transA(), "a Gemm with transA");
    assertHas(q, n -> n instanceof QNode.Bilinear bl && bl.outShape().length == 0, "a dot product");
  }

  @Test
  void convolutionWithRunTimeWeights() throws Exception {
    Onnx o = new Onnx(7, 1, 2, 5, 5);
    String flat = o.node("Reshape", "x", o.int64s(50));
    String w = o.node("Reshape", o.slice(flat, 0, 0, 24), o.int64s(3, 2, 2, 2));
    String y = o.node("Conv", List.of(Onnx.ints("kernel_shape", 2, 2)), "x", w);
    QuantizedGraph q = proveAndCompare(o.build(y, 1, 3, 4, 4), 7);
    assertHas(q, n -> n instanceof QNode.Conv c && !q.constants().containsKey(c.weight()), "a run-time weight");
  }
}
