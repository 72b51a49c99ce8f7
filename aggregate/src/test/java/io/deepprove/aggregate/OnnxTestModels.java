package io.deepprove.aggregate;

import io.deepprove.onnx.proto.Onnx.AttributeProto;
import io.deepprove.onnx.proto.Onnx.GraphProto;
import io.deepprove.onnx.proto.Onnx.ModelProto;
import io.deepprove.onnx.proto.Onnx.NodeProto;
import io.deepprove.onnx.proto.Onnx.OperatorSetIdProto;
import io.deepprove.onnx.proto.Onnx.TensorProto;
import io.deepprove.onnx.proto.Onnx.TensorShapeProto;
import io.deepprove.onnx.proto.Onnx.TypeProto;
import io.deepprove.onnx.proto.Onnx.ValueInfoProto;
import java.util.SplittableRandom;

/** One-input ONNX models written node by node for the compiled-operator tests (opset 13). */
final class OnnxTestModels {
  private final GraphProto.Builder graph = GraphProto.newBuilder().setName("t");
  private final SplittableRandom rng;
  private final int[] inputShape;
  private String last = "x";
  private int counter;

  OnnxTestModels(long seed, int... inputShape) {
    this.rng = new SplittableRandom(seed);
    this.inputShape = inputShape.clone();
    graph.addInput(info("x", inputShape));
  }

  int[] inputShape() {
    return inputShape.clone();
  }

  /**
   * Appends a node reading the previous output (and {@code extraInputs}); attributes are
   * name/value pairs with int, int[] values.
   */
  OnnxTestModels node(String op, String[] extraInputs, Object... attrs) {
    String out = op.toLowerCase() + "_" + counter++;
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(out).addInput(last).addOutput(out);
    for (String i : extraInputs) {
      n.addInput(i);
    }
    for (int k = 0; k < attrs.length; k += 2) {
      AttributeProto.Builder a = AttributeProto.newBuilder().setName((String) attrs[k]);
      Object v = attrs[k + 1];
      if (v instanceof Integer i) {
        a.setType(AttributeProto.AttributeType.INT).setI(i);
      } else if (v instanceof int[] is) {
        a.setType(AttributeProto.AttributeType.INTS);
        for (int i : is) {
          a.addInts(i);
        }
      } else {
        throw new IllegalArgumentException(String.valueOf(v));
      }
      n.addAttribute(a);
    }
    graph.addNode(n);
    last = out;
    return this;
  }

  OnnxTestModels node(String op, Object... attrs) {
    return node(op, new String[0], attrs);
  }

  /** A float initializer uniform in ±bound. */
  String weight(double bound, int... shape) {
    String name = "w_" + counter++;
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
    int n = 1;
    for (int d : shape) {
      t.addDims(d);
      n *= d;
    }
    for (int i = 0; i < n; i++) {
      t.addFloatData((float) ((2 * rng.nextDouble() - 1) * bound));
    }
    graph.addInitializer(t);
    return name;
  }

  /** An int64 initializer (axes). */
  String ints(long... values) {
    String name = "i_" + counter++;
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
        .addDims(values.length);
    for (long v : values) {
      t.addInt64Data(v);
    }
    graph.addInitializer(t);
    return name;
  }

  ModelProto build() {
    GraphProto.Builder g = graph.clone();
    g.addNode(NodeProto.newBuilder().setOpType("Identity").setName("output").addInput(last).addOutput("y"));
    g.addOutput(ValueInfoProto.newBuilder().setName("y").setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))));
    return ModelProto.newBuilder().setIrVersion(7).setProducerName("deepprove-aggregate-test")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).setGraph(g).build();
  }

  private static ValueInfoProto info(String n, int... shape) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    for (int d : shape) {
      s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder().setName(n).setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
  }
}
