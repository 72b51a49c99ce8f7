package io.deepprove.onnx.examples;

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
import java.util.SplittableRandom;

/**
 * The example models, generated deterministically (opset 13, float32, weights drawn uniformly in
 * ±sqrt(6 / fan_in) from a fixed seed):
 *
 * <ul>
 *   <li>{@code mlp-mnist}: 784 → Gemm 56 + Relu → Gemm 10 (EZKL's MNIST MLP shape);
 *   <li>{@code cnn-264k}: 1×3×32×32 → Conv 3→12 5×5 + Relu → MaxPool 2×2 → Conv 12→33 5×5 + Relu →
 *       MaxPool 2×2 → Flatten (825) → Gemm 247 + Relu → Gemm 173 + Relu → Gemm 10 (259,511
 *       parameters, the CIFAR LeNet of DeepProve's benchmark);
 *   <li>{@code dense-4m}: 4 → Gemm 1024 + Relu → 4 × (Gemm 1024 + Relu) → Gemm 3 (4,206,595
 *       parameters, DeepProve's "Dense 4M");
 * </ul>
 *
 * plus {@link #mlp} and {@link #cnn} for any sizes (tests use small ones).
 */
public final class ExampleModels {

  /** The named benchmark models. */
  public static final List<String> NAMES = List.of("mlp-mnist", "cnn-264k", "dense-4m");

  private ExampleModels() {}

  /** One of {@link #NAMES}. */
  public static ModelProto byName(String name) {
    return switch (name) {
      case "mlp-mnist" -> mlp(name, new int[] {784, 56, 10}, 1);
      case "cnn-264k" -> cnn(name, 3, 32, new int[] {12, 33}, 5, new int[] {247, 173, 10}, 2);
      case "dense-4m" -> mlp(name, new int[] {4, 1024, 1024, 1024, 1024, 1024, 3}, 3);
      default -> throw new IllegalArgumentException("no example model '" + name + "'; known: " + NAMES);
    };
  }

  /** The input shape of a named model. */
  public static int[] inputShape(String name) {
    return switch (name) {
      case "mlp-mnist" -> new int[] {1, 784};
      case "cnn-264k" -> new int[] {1, 3, 32, 32};
      case "dense-4m" -> new int[] {1, 4};
      default -> throw new IllegalArgumentException("no example model '" + name + "'; known: " + NAMES);
    };
  }

  /**
   * A deterministic sample input for a named model: pixel-like values in [0, 1) for the image
   * models, Iris-like measurements in [0.1, 8) for dense-4m.
   */
  public static float[] sampleInput(String name, long seed) {
    int n = 1;
    for (int d : inputShape(name)) {
      n *= d;
    }
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = name.equals("dense-4m") ? (float) (0.1 + 7.9 * rng.nextDouble()) : (float) rng.nextDouble();
    }
    return x;
  }

  /** widths[0] inputs → Gemm widths[i] (+ Relu except after the last). Input name "input", output "output". */
  public static ModelProto mlp(String name, int[] widths, long seed) {
    Builder b = new Builder(name, seed);
    String x = b.input("input", 1, widths[0]);
    for (int i = 1; i < widths.length; i++) {
      x = b.gemm(x, widths[i - 1], widths[i]);
      if (i < widths.length - 1) {
        x = b.node("Relu", x);
      }
    }
    return b.build(x, 1, widths[widths.length - 1]);
  }

  /**
   * channels×size×size → for each entry of convChannels: Conv k×k (no padding) + Relu + MaxPool 2×2 →
   * Flatten → Gemm per entry of dense (+ Relu except after the last).
   */
  public static ModelProto cnn(String name, int channels, int size, int[] convChannels, int k, int[] dense, long seed) {
    Builder b = new Builder(name, seed);
    String x = b.input("input", 1, channels, size, size);
    int c = channels;
    int s = size;
    for (int out : convChannels) {
      x = b.conv(x, c, out, k);
      x = b.node("Relu", x);
      x = b.maxPool(x);
      c = out;
      s = (s - k + 1) / 2;
    }
    x = b.flatten(x);
    int width = c * s * s;
    for (int i = 0; i < dense.length; i++) {
      x = b.gemm(x, width, dense[i]);
      if (i < dense.length - 1) {
        x = b.node("Relu", x);
      }
      width = dense[i];
    }
    return b.build(x, 1, width);
  }

  /** The number of weights and biases of a model. */
  public static long parameters(ModelProto m) {
    long n = 0;
    for (TensorProto t : m.getGraph().getInitializerList()) {
      long s = 1;
      for (long d : t.getDimsList()) {
        s *= d;
      }
      n += s;
    }
    return n;
  }

  /** Writes nodes and initializers with fresh names. */
  private static final class Builder {
    private final GraphProto.Builder graph;
    private final SplittableRandom rng;
    private final String name;
    private int counter;

    Builder(String name, long seed) {
      this.name = name;
      this.graph = GraphProto.newBuilder().setName(name);
      this.rng = new SplittableRandom(seed);
    }

    String input(String n, int... shape) {
      graph.addInput(info(n, shape));
      return n;
    }

    String fresh(String prefix) {
      return prefix + "_" + (counter++);
    }

    String node(String op, String... inputs) {
      String out = fresh(op.toLowerCase());
      NodeProto.Builder nb = NodeProto.newBuilder().setOpType(op).setName(out).addOutput(out);
      for (String i : inputs) {
        nb.addInput(i);
      }
      graph.addNode(nb);
      return out;
    }

    String weight(String prefix, int fanIn, int... dims) {
      String n = fresh(prefix);
      int size = 1;
      TensorProto.Builder t = TensorProto.newBuilder().setName(n).setDataType(TensorProto.DataType.FLOAT_VALUE);
      for (int d : dims) {
        t.addDims(d);
        size *= d;
      }
      double bound = Math.sqrt(6.0 / fanIn);
      for (int i = 0; i < size; i++) {
        t.addFloatData((float) ((2 * rng.nextDouble() - 1) * bound));
      }
      graph.addInitializer(t);
      return n;
    }

    String gemm(String x, int in, int out) {
      String w = weight("fc_weight", in, out, in);
      String bias = weight("fc_bias", in, out);
      String y = fresh("gemm");
      graph.addNode(NodeProto.newBuilder().setOpType("Gemm").setName(y).addInput(x).addInput(w).addInput(bias)
          .addOutput(y).addAttribute(AttributeProto.newBuilder().setName("transB").setType(AttributeProto.AttributeType.INT).setI(1)));
      return y;
    }

    String conv(String x, int in, int out, int k) {
      String w = weight("conv_weight", in * k * k, out, in, k, k);
      String bias = weight("conv_bias", in * k * k, out);
      String y = fresh("conv");
      graph.addNode(NodeProto.newBuilder().setOpType("Conv").setName(y).addInput(x).addInput(w).addInput(bias)
          .addOutput(y).addAttribute(ints("kernel_shape", k, k)));
      return y;
    }

    String maxPool(String x) {
      String y = fresh("maxpool");
      graph.addNode(NodeProto.newBuilder().setOpType("MaxPool").setName(y).addInput(x).addOutput(y)
          .addAttribute(ints("kernel_shape", 2, 2)).addAttribute(ints("strides", 2, 2)));
      return y;
    }

    String flatten(String x) {
      String y = fresh("flatten");
      graph.addNode(NodeProto.newBuilder().setOpType("Flatten").setName(y).addInput(x).addOutput(y)
          .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(1)));
      return y;
    }

    static AttributeProto ints(String n, long... v) {
      AttributeProto.Builder a = AttributeProto.newBuilder().setName(n).setType(AttributeProto.AttributeType.INTS);
      for (long x : v) {
        a.addInts(x);
      }
      return a.build();
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
      // name the output "output"
      graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName("output").addInput(last).addOutput("output"));
      graph.addOutput(info("output", outShape));
      return ModelProto.newBuilder().setIrVersion(7).setProducerName("deepprove-examples").setModelVersion(1)
          .setDocString(name).addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
          .setGraph(graph).build();
    }
  }

  /** The input shapes of a model's graph inputs. */
  static List<int[]> inputShapes(ModelProto m) {
    List<int[]> l = new ArrayList<>();
    for (ValueInfoProto v : m.getGraph().getInputList()) {
      int[] s = new int[v.getType().getTensorType().getShape().getDimCount()];
      for (int i = 0; i < s.length; i++) {
        s[i] = (int) v.getType().getTensorType().getShape().getDim(i).getDimValue();
      }
      l.add(s);
    }
    return l;
  }
}
