package io.deepprove.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepprove.core.codec.BinaryReader;
import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.onnx.proto.Onnx.AttributeProto;
import io.deepprove.onnx.proto.Onnx.GraphProto;
import io.deepprove.onnx.proto.Onnx.ModelProto;
import io.deepprove.onnx.proto.Onnx.NodeProto;
import io.deepprove.onnx.proto.Onnx.OperatorSetIdProto;
import io.deepprove.onnx.proto.Onnx.TensorProto;
import io.deepprove.onnx.proto.Onnx.TensorShapeProto;
import io.deepprove.onnx.proto.Onnx.TypeProto;
import io.deepprove.onnx.proto.Onnx.ValueInfoProto;
import io.deepprove.quantizer.QuantizedGraph;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Softmax and LogSoftmax models built in Java → quantizer → circuit → proof: the proved output is
 * the integer engine's on every axis (direct [outer, n, inner] inputs and reshaped ones), after a
 * dense layer (a committed input) and on the public input itself.
 */
class SoftmaxProofTest {

  @ParameterizedTest(name = "{0} axis {1}")
  @CsvSource({"Softmax,0", "Softmax,1", "Softmax,2", "Softmax,-1", "LogSoftmax,1", "LogSoftmax,-1",
      "LogSoftmax,0"})
  void softmaxOfTheInputOnEveryAxis(String op, int axis) throws Exception {
    ModelProto m = model(op, axis, new int[] {2, 3, 5}, false, 21);
    QuantizedGraph q = CompiledModelTest.quantize(m, new int[] {2, 3, 5}, 21 + axis);
    Circuit c = CircuitCompiler.compile(q).circuit();
    Circuit.Softmax sm = (Circuit.Softmax) c.steps().stream().filter(s -> s instanceof Circuit.Softmax).findFirst()
        .orElseThrow();
    int a = axis < 0 ? axis + 3 : axis;
    assertEquals(op.equals("LogSoftmax"), sm.log());
    assertEquals(new int[] {2, 3, 5}[a], sm.n());
    // rows [outer, n, inner] equal the input's shape only along axis 1: elsewhere in and out are reshaped
    assertEquals(a == 1 ? 1 : 3, c.steps().size());
    // only softmax reads the input: it is int16, and the exp table covers every int16 difference
    assertEquals(Circuit.Kind.INPUT16, c.tensor(c.inputs().get(0)).kind());
    assertEquals(1 << 16, sm.expTable().length);
    CompiledModelTest.proveAndCompare(q, 31 + axis);
  }

  @ParameterizedTest(name = "{0} after a dense layer")
  @CsvSource({"Softmax", "LogSoftmax"})
  void softmaxAfterADenseLayer(String op) throws Exception {
    ModelProto m = model(op, -1, new int[] {3, 6}, true, 5);
    CompiledModelTest.proveAndCompare(CompiledModelTest.quantize(m, new int[] {3, 6}, 5), 6);
  }

  @ParameterizedTest(name = "{0} of {1} elements per row, axis {2} of a rank-{3} input")
  @CsvSource({"Softmax,40,-1,2", "LogSoftmax,40,-1,2", "Softmax,4,2,4", "LogSoftmax,4,2,4"})
  void longRowsAndHigherRanks(String op, int n, int axis, int rank) throws Exception {
    int[] shape = rank == 2 ? new int[] {2, n} : new int[] {2, 3, n, 5};
    ModelProto m = model(op, axis, shape, false, n);
    QuantizedGraph q = CompiledModelTest.quantize(m, shape, n);
    Circuit.Softmax sm = (Circuit.Softmax) CircuitCompiler.compile(q).circuit().steps().stream()
        .filter(s -> s instanceof Circuit.Softmax).findFirst().orElseThrow();
    assertEquals(n, sm.n());
    if (!sm.log() && n == 40) {
      assertTrue(sm.quotientBits() > 8, "long rows need a finer output scale than 1/127");
    }
    CompiledModelTest.proveAndCompare(q, n + rank);
  }

  @Test
  void aSoftmaxCircuitSurvivesSerialization() throws Exception {
    for (boolean log : new boolean[] {false, true}) {
      Circuit c = AggregateFixtures.softmax(3, log).circuit();
      BinaryWriter w = new BinaryWriter();
      c.write(w);
      Circuit back = Circuit.read(new BinaryReader(w.toByteArray(), "circuit"));
      BinaryWriter w2 = new BinaryWriter();
      back.write(w2);
      assertArrayEquals(w.toByteArray(), w2.toByteArray());
      assertEquals(c.steps().size(), back.steps().size());
      assertTrue(back.steps().get(0) instanceof Circuit.Softmax s && s.log() == log);
    }
  }

  @Test
  void fixturesProveAndVerify() throws Exception {
    for (boolean log : new boolean[] {false, true}) {
      AggregateFixtures.Model m = AggregateFixtures.softmax(7, log);
      long[] x = AggregateFixtures.int8(new SplittableRandom(8), 30);
      Proof p = m.prover().prove(x);
      m.verifier().verify(Proof.read(p.toBytes(), "proof", AggregateFixtures.PCS));
    }
  }

  /** x [shape] (→ Gemm to shape[1] columns when dense) → op(axis) → output. */
  static ModelProto model(String op, int axis, int[] shape, boolean dense, long seed) {
    GraphProto.Builder g = GraphProto.newBuilder().setName(op.toLowerCase());
    g.addInput(info("input", shape));
    String x = "input";
    if (dense) {
      SplittableRandom rng = new SplittableRandom(seed);
      int k = shape[1];
      TensorProto.Builder w = TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT_VALUE)
          .addDims(k).addDims(k);
      for (int i = 0; i < k * k; i++) {
        w.addFloatData((float) (4 * rng.nextDouble() - 2));
      }
      g.addInitializer(w);
      g.addNode(NodeProto.newBuilder().setOpType("MatMul").setName("mm").addInput(x).addInput("w").addOutput("h"));
      x = "h";
    }
    g.addNode(NodeProto.newBuilder().setOpType(op).setName("sm").addInput(x).addOutput("output")
        .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(axis)));
    g.addOutput(info("output", shape));
    return ModelProto.newBuilder().setIrVersion(7).setProducerName("deepprove-test")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).setGraph(g).build();
  }

  private static ValueInfoProto info(String n, int[] shape) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    for (int d : shape) {
      s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder().setName(n).setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
  }
}
