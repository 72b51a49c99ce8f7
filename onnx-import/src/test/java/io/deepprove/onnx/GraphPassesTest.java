package io.deepprove.onnx;

import static io.deepprove.onnx.ModelBuilder.in;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GraphPassesTest {

  static void assertSameOutputs(Graph a, Graph b, List<float[]> inputs) {
    List<float[]> x = new FloatInterpreter(a).run(inputs);
    List<float[]> y = new FloatInterpreter(b).run(inputs);
    for (int k = 0; k < x.size(); k++) {
      assertTrue(ConformanceTest.relL2(y.get(k), x.get(k)) < 1e-6);
    }
  }

  static String bn(ModelBuilder m, String x, String y, int c) {
    m.node("BatchNormalization", in(x, m.weight(y + "s", c), m.weight(y + "b", c), m.weight(y + "m", c),
        m.init(y + "v", new int[] {c}, new float[] {0.5f, 1.5f, 2.5f, 3.5f}.length == c
            ? new float[] {0.5f, 1.5f, 2.5f, 3.5f} : new float[c])), in(y));
    return y;
  }

  @Test
  void batchNormFoldsIntoConvAndGemm() throws Exception {
    ModelBuilder m = new ModelBuilder(15, 3).input("X", 2, 3, 6, 6).output("Y");
    m.node("Conv", in("X", m.weight("W", 4, 3, 3, 3), m.weight("B", 4)), in("c"), "group", 1);
    bn(m, "c", "bn1", 4);
    m.node("Relu", in("bn1"), in("r"));
    m.node("Flatten", in("r"), in("f"));
    m.node("Gemm", in("f", m.weight("G", 4, 64), m.weight("C", 4)), in("g"), "transB", 1, "beta", 0.5f);
    bn(m, "g", "Y", 4);
    Graph g = OnnxImporter.importModel(m.bytes(), "m", ImportOptions.defaults());
    Graph f = GraphPasses.foldChannelAffine(g);
    assertEquals(List.of("Conv", "Relu", "Flatten", "Gemm"), f.nodes().stream().map(Node::onnxOpType).toList());
    assertEquals(g.parameterCount() - 4 * 4, f.parameterCount());
    assertSameOutputs(g, f, m.randomInputs());
  }
}
