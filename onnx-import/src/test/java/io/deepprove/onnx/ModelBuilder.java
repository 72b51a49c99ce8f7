package io.deepprove.onnx;

import io.deepprove.onnx.proto.Onnx.AttributeProto;
import io.deepprove.onnx.proto.Onnx.GraphProto;
import io.deepprove.onnx.proto.Onnx.ModelProto;
import io.deepprove.onnx.proto.Onnx.NodeProto;
import io.deepprove.onnx.proto.Onnx.OperatorSetIdProto;
import io.deepprove.onnx.proto.Onnx.TensorProto;
import io.deepprove.onnx.proto.Onnx.TensorShapeProto;
import io.deepprove.onnx.proto.Onnx.TypeProto;
import io.deepprove.onnx.proto.Onnx.ValueInfoProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test support: writes ONNX models with the generated protobuf classes (deterministic values). */
final class ModelBuilder {
  final int opset;
  long irVersion;
  final GraphProto.Builder graph = GraphProto.newBuilder().setName("test");
  final List<String> inputNames = new ArrayList<>();
  final List<int[]> inputShapes = new ArrayList<>();
  final Random random;
  int counter;

  ModelBuilder(int opset, long seed) {
    this.opset = opset;
    this.irVersion = opset <= 6 ? 3 : opset <= 12 ? 7 : opset <= 18 ? 8 : opset <= 20 ? 9 : 10;
    this.random = new Random(seed);
  }

  static ValueInfoProto valueInfo(String name, Object... dims) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      if (d instanceof Integer i) {
        s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(i));
      } else {
        s.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(d.toString()));
      }
    }
    return ValueInfoProto.newBuilder().setName(name)
        .setType(TypeProto.newBuilder().setTensorType(
            TypeProto.Tensor.newBuilder().setElemType(DataType.FLOAT.code()).setShape(s))).build();
  }

  /** A float graph input of a static shape. */
  ModelBuilder input(String name, int... shape) {
    Object[] d = new Object[shape.length];
    for (int i = 0; i < shape.length; i++) {
      d[i] = shape[i];
    }
    graph.addInput(valueInfo(name, d));
    inputNames.add(name);
    inputShapes.add(shape);
    return this;
  }

  /** A float graph input whose dims may be symbolic strings. */
  ModelBuilder inputDims(String name, Object... dims) {
    graph.addInput(valueInfo(name, dims));
    inputNames.add(name);
    return this;
  }

  ModelBuilder output(String name) {
    graph.addOutput(ValueInfoProto.newBuilder().setName(name)
        .setType(TypeProto.newBuilder().setTensorType(
            TypeProto.Tensor.newBuilder().setElemType(DataType.FLOAT.code()))).build());
    return this;
  }

  /** A float initializer with the given values. */
  String init(String name, int[] shape, float[] values) {
    graph.addInitializer(TensorProtos.floatTensor(name, shape, values));
    return name;
  }

  /** A float initializer with seeded uniform values in [-1, 1). */
  String weight(String name, int... shape) {
    return init(name, shape, randomValues(Shapes.size(shape)));
  }

  /** The {@code count} seeded values a fresh builder's random would give after skipping {@code skip}. */
  float[] randomValuesAfter(int skip, int count) {
    randomValues(skip);
    return randomValues(count);
  }

  String ints(String name, long... values) {
    graph.addInitializer(TensorProtos.longTensor(name, new int[] {values.length}, values));
    return name;
  }

  float[] randomValues(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextFloat() * 2 - 1;
    }
    return v;
  }

  /** Adds a node; attributes follow as name, value pairs (Integer/Long, Float/Double, String, int[]/long[], float[], TensorProto). */
  ModelBuilder node(String op, String[] inputs, String[] outputs, Object... attrs) {
    return nodeNamed(op + "_" + counter++, op, inputs, outputs, attrs);
  }

  ModelBuilder nodeNamed(String name, String op, String[] inputs, String[] outputs, Object... attrs) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name);
    for (String i : inputs) {
      n.addInput(i);
    }
    for (String o : outputs) {
      n.addOutput(o);
    }
    for (int k = 0; k < attrs.length; k += 2) {
      n.addAttribute(attr((String) attrs[k], attrs[k + 1]));
    }
    graph.addNode(n);
    return this;
  }

  static AttributeProto attr(String name, Object v) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
    if (v instanceof Integer i) {
      a.setType(AttributeProto.AttributeType.INT).setI(i);
    } else if (v instanceof Long l) {
      a.setType(AttributeProto.AttributeType.INT).setI(l);
    } else if (v instanceof Float f) {
      a.setType(AttributeProto.AttributeType.FLOAT).setF(f);
    } else if (v instanceof Double d) {
      a.setType(AttributeProto.AttributeType.FLOAT).setF(d.floatValue());
    } else if (v instanceof String s) {
      a.setType(AttributeProto.AttributeType.STRING).setS(com.google.protobuf.ByteString.copyFromUtf8(s));
    } else if (v instanceof int[] is) {
      a.setType(AttributeProto.AttributeType.INTS);
      for (int i : is) {
        a.addInts(i);
      }
    } else if (v instanceof long[] ls) {
      a.setType(AttributeProto.AttributeType.INTS);
      for (long l : ls) {
        a.addInts(l);
      }
    } else if (v instanceof float[] fs) {
      a.setType(AttributeProto.AttributeType.FLOATS);
      for (float f : fs) {
        a.addFloats(f);
      }
    } else if (v instanceof TensorProto t) {
      a.setType(AttributeProto.AttributeType.TENSOR).setT(t);
    } else {
      throw new IllegalArgumentException("attribute " + name + ": " + v);
    }
    return a.build();
  }

  /** Shorthand for a one-input, one-output node X -> Y. */
  ModelBuilder unary(String op, Object... attrs) {
    return node(op, new String[] {"X"}, new String[] {"Y"}, attrs);
  }

  ModelProto model() {
    return ModelProto.newBuilder().setIrVersion(irVersion).setProducerName("deepprove-test")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
        .setGraph(graph).build();
  }

  byte[] bytes() {
    return model().toByteArray();
  }

  /** Seeded inputs for the declared static input shapes. */
  List<float[]> randomInputs() {
    List<float[]> l = new ArrayList<>();
    for (int[] s : inputShapes) {
      l.add(randomValues(Shapes.size(s)));
    }
    return l;
  }

  static String[] in(String... s) {
    return s;
  }
}
