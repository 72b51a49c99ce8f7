package io.deepprove.quantizer;

import com.google.protobuf.ByteString;
import io.deepprove.onnx.proto.Onnx.AttributeProto;
import io.deepprove.onnx.proto.Onnx.GraphProto;
import io.deepprove.onnx.proto.Onnx.ModelProto;
import io.deepprove.onnx.proto.Onnx.NodeProto;
import io.deepprove.onnx.proto.Onnx.OperatorSetIdProto;
import io.deepprove.onnx.proto.Onnx.TensorProto;
import io.deepprove.onnx.proto.Onnx.TensorShapeProto;
import io.deepprove.onnx.proto.Onnx.TypeProto;
import io.deepprove.onnx.proto.Onnx.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic ONNX test models written with the generated protobuf classes. */
final class TestModels {
  private static final int FLOAT = 1;

  final GraphProto.Builder graph = GraphProto.newBuilder().setName("test");
  final List<int[]> inputShapes = new ArrayList<>();
  final Random random;
  final int opset;
  int counter;

  TestModels(int opset, long seed) {
    this.opset = opset;
    this.random = new Random(seed);
  }

  private static ValueInfoProto info(String name, int[] dims) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    if (dims != null) {
      for (int d : dims) {
        s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
      }
    }
    TypeProto.Tensor.Builder t = TypeProto.Tensor.newBuilder().setElemType(FLOAT);
    if (dims != null) {
      t.setShape(s);
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(t)).build();
  }

  TestModels input(String name, int... shape) {
    graph.addInput(info(name, shape));
    inputShapes.add(shape);
    return this;
  }

  TestModels output(String name) {
    graph.addOutput(info(name, null));
    return this;
  }

  String init(String name, int[] shape, float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(FLOAT)
        .setRawData(ByteString.copyFrom(b.array()));
    for (int d : shape) {
      t.addDims(d);
    }
    graph.addInitializer(t);
    return name;
  }

  /** An int64 initializer (shapes, axes, pads). */
  String ints(String name, long... values) {
    graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(7).addDims(values.length)
        .addAllInt64Data(java.util.Arrays.stream(values).boxed().toList()));
    return name;
  }

  /** Seeded uniform weights in [-scale, scale). */
  String weight(String name, double scale, int... shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
    }
    return init(name, shape, v);
  }

  /**
   * Seeded weights whose output channels (first axis) have uneven ranges, as in trained networks:
   * row r is uniform in ±scale·e^u with u uniform in [−1.5, 1.5).
   */
  String channelWeight(String name, double scale, int... shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    int per = n / shape[0];
    float[] v = new float[n];
    for (int r = 0; r < shape[0]; r++) {
      double rs = scale * Math.exp(random.nextDouble() * 3 - 1.5);
      for (int i = 0; i < per; i++) {
        v[r * per + i] = (float) ((random.nextDouble() * 2 - 1) * rs);
      }
    }
    return init(name, shape, v);
  }

  TestModels node(String op, String[] inputs, String[] outputs, Object... attrs) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(op + "_" + counter++);
    for (String i : inputs) {
      n.addInput(i);
    }
    for (String o : outputs) {
      n.addOutput(o);
    }
    for (int k = 0; k < attrs.length; k += 2) {
      AttributeProto.Builder a = AttributeProto.newBuilder().setName((String) attrs[k]);
      Object v = attrs[k + 1];
      if (v instanceof Integer i) {
        a.setType(AttributeProto.AttributeType.INT).setI(i);
      } else if (v instanceof Double d) {
        a.setType(AttributeProto.AttributeType.FLOAT).setF(d.floatValue());
      } else if (v instanceof String s) {
        a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
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
    return this;
  }

  static String[] in(String... s) {
    return s;
  }

  byte[] bytes() {
    return ModelProto.newBuilder().setIrVersion(8).setProducerName("deepprove-quantizer-test")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
        .setGraph(graph).build().toByteArray();
  }

  /** Seeded inputs for the declared shapes, uniform in [lo, hi). */
  List<float[]> inputs(Random r, double lo, double hi) {
    List<float[]> l = new ArrayList<>();
    for (int[] s : inputShapes) {
      int n = 1;
      for (int d : s) {
        n *= d;
      }
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        v[i] = (float) (lo + r.nextDouble() * (hi - lo));
      }
      l.add(v);
    }
    return l;
  }

  /** MNIST-shaped MLP 784-56-10 with ReLU (Gemm, transB weights like PyTorch exports). */
  static TestModels mlp(long seed) {
    TestModels m = new TestModels(13, seed).input("x", 1, 784);
    m.node("Gemm", in("x", m.channelWeight("w1", 0.08, 56, 784), m.weight("b1", 0.1, 56)), in("h"), "transB", 1);
    m.node("Relu", in("h"), in("hr"));
    m.node("Gemm", in("hr", m.channelWeight("w2", 0.3, 10, 56), m.weight("b2", 0.1, 10)), in("y"), "transB", 1);
    return m.output("y");
  }

  /** Small CNN: (Conv 3x3 pad 1, ReLU, MaxPool 2) ×2 on 1x28x28, Flatten, Gemm to 10. */
  static TestModels cnn(long seed) {
    TestModels m = new TestModels(13, seed).input("x", 1, 1, 28, 28);
    m.node("Conv", in("x", m.channelWeight("c1w", 0.4, 8, 1, 3, 3), m.weight("c1b", 0.1, 8)), in("c1"),
        "kernel_shape", new int[] {3, 3}, "pads", new int[] {1, 1, 1, 1});
    m.node("Relu", in("c1"), in("r1"));
    m.node("MaxPool", in("r1"), in("p1"), "kernel_shape", new int[] {2, 2}, "strides", new int[] {2, 2});
    m.node("Conv", in("p1", m.channelWeight("c2w", 0.15, 16, 8, 3, 3), m.weight("c2b", 0.1, 16)), in("c2"),
        "kernel_shape", new int[] {3, 3}, "pads", new int[] {1, 1, 1, 1});
    m.node("Relu", in("c2"), in("r2"));
    m.node("MaxPool", in("r2"), in("p2"), "kernel_shape", new int[] {2, 2}, "strides", new int[] {2, 2});
    m.node("Flatten", in("p2"), in("f"), "axis", 1);
    m.node("Gemm", in("f", m.channelWeight("fw", 0.05, 10, 784), m.weight("fb", 0.1, 10)), in("y"), "transB", 1);
    return m.output("y");
  }
}
