package io.deepprove.quantizer;

import static io.deepprove.quantizer.TestModels.in;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepprove.onnx.FloatInterpreter;
import io.deepprove.onnx.Graph;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One small model per op form: the quantized integer output must stay within 3% rel-L2 of the
 * float reference (the independent double-precision interpreter), and every requantization in
 * the trace must satisfy its relation.
 */
class OpsTest {

  private static Arguments model(String name, int[][] inputs, Consumer<TestModels> body) {
    return Arguments.of(name, inputs, body);
  }

  static Stream<Arguments> models() {
    int[] v = {2, 3, 4, 5};
    return Stream.of(
        model("Add const", new int[][] {v}, m -> m.node("Add", in("x0", m.weight("c", 1, 4, 5)), in("y"))),
        model("Sub runtime", new int[][] {v, v}, m -> m.node("Sub", in("x0", "x1"), in("y"))),
        model("Sum of 3", new int[][] {v, v, v}, m -> m.node("Sum", in("x0", "x1", "x2"), in("y"))),
        model("Mul runtime bcast", new int[][] {v, {5}}, m -> m.node("Mul", in("x0", "x1"), in("y"))),
        model("Mul const", new int[][] {v}, m -> m.node("Mul", in("x0", m.weight("c", 2, 3, 1, 1)), in("y"))),
        model("Div const", new int[][] {v}, m -> m.node("Div", in("x0", m.init("c", new int[] {1}, new float[] {3}))
            , in("y"))),
        model("Div runtime", new int[][] {v, v}, m -> {
          m.node("Abs", in("x1"), in("a"));
          m.node("Add", in("a", m.init("one", new int[] {1}, new float[] {1})), in("d"));
          m.node("Div", in("x0", "d"), in("y"));
        }),
        model("Max/Min", new int[][] {v, v}, m -> {
          m.node("Max", in("x0", "x1"), in("a"));
          m.node("Min", in("a", m.weight("c", 0.5, 5)), in("y"));
        }),
        model("PRelu const slope", new int[][] {v}, m ->
            m.node("PRelu", in("x0", m.weight("s", 0.5, 3, 1, 1)), in("y"))),
        model("PRelu runtime slope", new int[][] {v, {5}}, m -> m.node("PRelu", in("x0", "x1"), in("y"))),
        model("Sigmoid", new int[][] {v}, m -> m.node("Sigmoid", in("x0"), in("y"))),
        model("Tanh", new int[][] {v}, m -> m.node("Tanh", in("x0"), in("y"))),
        model("LeakyRelu", new int[][] {v}, m -> m.node("LeakyRelu", in("x0"), in("y"), "alpha", 0.2)),
        model("Gelu", new int[][] {v}, m -> m.node("Gelu", in("x0"), in("y"))),
        model("Softmax", new int[][] {v}, m -> m.node("Softmax", in("x0"), in("y"), "axis", 1)),
        model("LogSoftmax", new int[][] {v}, m -> m.node("LogSoftmax", in("x0"), in("y"), "axis", -1)),
        model("Gemm alpha beta runtime C", new int[][] {{3, 4}, {4, 5}, {3, 5}}, m ->
            m.node("Gemm", in("x0", "x1", "x2"), in("y"), "alpha", 0.5, "beta", 2.0)),
        model("MatMul batched", new int[][] {{2, 3, 4}, {4, 6}}, m -> m.node("MatMul", in("x0", "x1"), in("y"))),
        model("MatMul const 3-D input", new int[][] {{2, 3, 4}}, m ->
            m.node("MatMul", in("x0", m.weight("w", 1, 4, 6)), in("y"))),
        model("Conv depthwise strided + Clip", new int[][] {{1, 4, 9, 9}}, m -> {
          m.node("Conv", in("x0", m.weight("w", 0.5, 4, 1, 3, 3), m.weight("b", 0.2, 4)), in("c"),
              "group", 4, "strides", new int[] {2, 2}, "pads", new int[] {1, 1, 1, 1});
          m.node("Clip", in("c", m.init("lo", new int[0], new float[] {-0.5f}),
              m.init("hi", new int[0], new float[] {1f})), in("y"));
        }),
        model("Conv1d dilated", new int[][] {{2, 3, 12}}, m -> m.node("Conv", in("x0", m.weight("w", 0.5, 4, 3, 3)),
            in("y"), "dilations", new int[] {2})),
        model("ConvTranspose", new int[][] {{1, 2, 4, 5}}, m -> m.node("ConvTranspose",
            in("x0", m.weight("w", 0.5, 2, 3, 3, 3), m.weight("b", 0.1, 3)), in("y"), "strides", new int[] {2, 2},
            "pads", new int[] {1, 1, 1, 1}, "output_padding", new int[] {1, 1})),
        model("AveragePool count_include_pad", new int[][] {{1, 2, 7, 7}}, m -> m.node("AveragePool", in("x0"),
            in("y"), "kernel_shape", new int[] {3, 3}, "pads", new int[] {1, 1, 1, 1}, "count_include_pad", 1)),
        model("MaxPool ceil", new int[][] {{1, 2, 7, 7}}, m -> m.node("MaxPool", in("x0"), in("y"),
            "kernel_shape", new int[] {2, 2}, "strides", new int[] {2, 2}, "ceil_mode", 1)),
        model("GlobalAveragePool", new int[][] {{1, 3, 5, 5}}, m -> m.node("GlobalAveragePool", in("x0"), in("y"))),
        model("GlobalMaxPool", new int[][] {{1, 3, 5, 5}}, m -> m.node("GlobalMaxPool", in("x0"), in("y"))),
        model("BatchNormalization unfolded", new int[][] {{2, 3, 4, 4}}, m -> m.node("BatchNormalization",
            in("x0", m.weight("g", 1, 3), m.weight("be", 1, 3), m.weight("mu", 0.5, 3),
                m.init("var", new int[] {3}, new float[] {0.5f, 1, 2})), in("y"))),
        model("ReduceMean", new int[][] {v}, m -> m.node("ReduceMean", in("x0", m.ints("ax", 1, 3)), in("y"),
            "keepdims", 0)),
        model("Transpose + Concat + Split", new int[][] {{2, 3, 4}, {4, 3, 2}}, m -> {
          m.node("Transpose", in("x0"), in("t"), "perm", new int[] {2, 1, 0});
          m.node("Concat", in("t", "x1"), in("c"), "axis", 2);
          m.node("Split", in("c"), in("y", "z"), "axis", 0);
        }),
        model("Pad reflect + Slice", new int[][] {{1, 2, 4, 4}}, m -> {
          m.node("Pad", in("x0", m.ints("p", 0, 0, 1, 2, 0, 0, 2, 1)), in("p0"), "mode", "reflect");
          m.node("Slice", in("p0", m.ints("st", 1, 0), m.ints("en", 6, 7), m.ints("ax", 2, 3),
              m.ints("sp", 2, 3)), in("y"));
        }),
        model("Pad constant beyond the input range", new int[][] {{1, 2, 3}}, m ->
            m.node("Pad", in("x0", m.ints("p", 0, 1, 1, 0, 0, 2), m.init("val", new int[0], new float[] {5f})),
                in("y"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void quantizedOutputFollowsTheFloatReference(String name, int[][] inputs, Consumer<TestModels> body)
      throws Exception {
    TestModels m = new TestModels(18, name.hashCode());
    for (int i = 0; i < inputs.length; i++) {
      m.input("x" + i, inputs[i]);
    }
    body.accept(m);
    String last = m.graph.getNode(m.graph.getNodeCount() - 1).getOutput(0);
    m.output(last);
    Graph g = QuantizerTest.load(m);
    List<List<float[]>> cal = new ArrayList<>();
    Random r = new Random(name.hashCode());
    for (int i = 0; i < 4; i++) {
      cal.add(m.inputs(r, -2, 2));
    }
    QuantizedGraph q = Quantizer.quantize(g, cal);
    List<float[]> x = cal.get(1);
    Trace t = new IntegerEngine(q).runFloat(x);
    QuantizerTest.checkRequantRelations(t);
    Accuracy a = Accuracy.of(t.dequantizedOutputs().get(0), new FloatInterpreter(g).run(x).get(0));
    System.out.printf(Locale.ROOT, "%-40s rel-L2 %.4f max-abs %.4g%n", name, a.relL2Error(), a.maxAbsError());
    assertTrue(a.relL2Error() < 0.03, name + ": " + a);
  }
}
