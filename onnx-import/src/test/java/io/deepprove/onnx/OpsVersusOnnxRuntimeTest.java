package io.deepprove.onnx;

import static io.deepprove.onnx.ModelBuilder.in;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepprove.onnx.proto.Onnx.TensorProto;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Per-op tests: models generated in Java (seeded), imported and run by the Java float interpreter,
 * compared with onnxruntime on the same file and inputs.
 */
class OpsVersusOnnxRuntimeTest {
  static final double TOL = 1e-5;

  static Graph check(ModelBuilder m) throws Exception {
    return check(m, TOL);
  }

  static Graph check(ModelBuilder m, double tol) throws Exception {
    byte[] bytes = m.bytes();
    Graph g = OnnxImporter.importModel(bytes, "test.onnx", ImportOptions.defaults());
    List<float[]> inputs = m.randomInputs();
    List<float[]> java = new FloatInterpreter(g).run(inputs);
    List<OnnxRuntimeReference.Input> feed = new ArrayList<>();
    for (int k = 0; k < inputs.size(); k++) {
      int[] s = m.inputShapes.get(k);
      long[] ls = new long[s.length];
      for (int i = 0; i < s.length; i++) {
        ls[i] = s[i];
      }
      feed.add(new OnnxRuntimeReference.Input(m.inputNames.get(k), ls, inputs.get(k)));
    }
    List<float[]> ort = OnnxRuntimeReference.run(bytes, "test.onnx", feed);
    assertEquals(ort.size(), java.size());
    for (int k = 0; k < ort.size(); k++) {
      assertEquals(ort.get(k).length, g.outputs().get(k).size(), "output size vs inferred shape");
      double err = ConformanceTest.relL2(java.get(k), ort.get(k));
      assertTrue(err <= tol, "output " + k + " rel L2 " + err + "\n" + g);
    }
    return g;
  }

  static ModelBuilder one(int opset, String op, int[] shape, Object... attrs) {
    return new ModelBuilder(opset, 1).input("X", shape).output("Y").unary(op, attrs);
  }

  // --- linear ------------------------------------------------------------------------------------

  @Test
  void gemmAttributeCombinations() throws Exception {
    int seed = 0;
    for (int ta = 0; ta < 2; ta++) {
      for (int tb = 0; tb < 2; tb++) {
        ModelBuilder m = new ModelBuilder(13, seed++).input("A", ta == 1 ? new int[] {5, 3} : new int[] {3, 5});
        String b = m.weight("B", tb == 1 ? new int[] {4, 5} : new int[] {5, 4});
        String c = m.weight("C", 4);
        m.output("Y").node("Gemm", in("A", b, c), in("Y"), "alpha", 0.5f, "beta", 1.5f, "transA", ta, "transB", tb);
        Graph g = check(m);
        assertEquals(new Op.Gemm(0.5f, 1.5f, ta == 1, tb == 1), g.nodes().get(0).op());
      }
    }
    ModelBuilder noBias = new ModelBuilder(13, 9).input("A", 2, 6);
    noBias.output("Y").node("Gemm", in("A", noBias.weight("B", 6, 3)), in("Y"));
    check(noBias);
  }

  @Test
  void matmulShapes() throws Exception {
    int[][][] cases = {{{3, 4}, {4, 5}}, {{2, 3, 4}, {4, 2}}, {{2, 1, 3, 4}, {3, 4, 2}}, {{4}, {4, 3}}, {{2, 3, 4}, {4}}};
    int seed = 0;
    for (int[][] c : cases) {
      ModelBuilder m = new ModelBuilder(13, seed++).input("A", c[0]).input("B", c[1]).output("Y");
      m.node("MatMul", in("A", "B"), in("Y"));
      check(m);
    }
  }

  @Test
  void elementwiseBroadcasting() throws Exception {
    int seed = 0;
    for (String op : new String[] {"Add", "Sub", "Mul", "Div", "Max", "Min"}) {
      ModelBuilder m = new ModelBuilder(13, seed++).input("X", 2, 3, 4);
      String w = m.weight("W", 3, 1);
      m.output("Y").node(op, in("X", w), in("Y"));
      check(m);
      ModelBuilder d = new ModelBuilder(13, seed++).input("X", 2, 1, 4).input("Z", 3, 1).output("Y");
      d.node(op, in("X", "Z"), in("Y"));
      check(d);
    }
    ModelBuilder sum = new ModelBuilder(13, 7).input("X", 2, 3).input("Z", 3).output("Y");
    sum.node("Sum", in("X", "Z", sum.weight("W", 2, 1)), in("Y"));
    check(sum);
    ModelBuilder max3 = new ModelBuilder(13, 8).input("X", 2, 3).input("Z", 2, 3).output("Y");
    max3.node("Max", in("X", "Z", max3.weight("W", 3)), in("Y"));
    check(max3);
  }

  // --- unary functions ---------------------------------------------------------------------------

  @Test
  void everyUnaryFunction() throws Exception {
    Object[][] cases = {
      {"Relu", 14}, {"LeakyRelu", 16}, {"LeakyRelu", 16, "alpha", 0.3f}, {"Elu", 6}, {"Elu", 22, "alpha", 2.0f},
      {"Selu", 6}, {"Selu", 22, "alpha", 2.0f, "gamma", 3.0f}, {"Sigmoid", 13}, {"HardSigmoid", 22},
      {"HardSigmoid", 6, "alpha", 0.5f, "beta", 0.6f}, {"Tanh", 13}, {"Softplus", 22}, {"Softsign", 22},
      {"Gelu", 20}, {"Gelu", 20, "approximate", "tanh"}, {"Erf", 13}, {"Exp", 13}, {"Abs", 13}, {"Neg", 13},
      {"Sqrt", 13}, {"Clip", 6, "min", -0.3f, "max", 0.4f}, {"Identity", 16}, {"Dropout", 13},
    };
    for (Object[] c : cases) {
      Object[] attrs = java.util.Arrays.copyOfRange(c, 2, c.length);
      ModelBuilder m = one((Integer) c[1], (String) c[0], new int[] {2, 3, 5}, attrs);
      if (c[0].equals("Sqrt")) {
        m = new ModelBuilder(13, 1).input("X", 2, 3, 5).output("Y");
        m.node("Abs", in("X"), in("A")).node("Sqrt", in("A"), in("Y"));
      }
      Graph g = check(m);
      if (!c[0].equals("Identity") && !c[0].equals("Dropout")) {
        assertTrue(g.nodes().get(g.nodes().size() - 1).op() instanceof Op.Unary, c[0] + ": " + g);
      }
    }
    // Clip opset 13 with min/max as constant inputs, and with only a max
    ModelBuilder clip = new ModelBuilder(13, 2).input("X", 4, 5).output("Y");
    clip.init("lo", new int[0], new float[] {-0.2f});
    clip.init("hi", new int[0], new float[] {0.5f});
    clip.node("Clip", in("X", "lo", "hi"), in("Y"));
    assertEquals(UnaryFunction.of(UnaryFunction.Kind.CLIP, -0.2f, 0.5f), ((Op.Unary) check(clip).nodes().get(0).op()).fn());
    ModelBuilder clipMax = new ModelBuilder(13, 3).input("X", 4, 5).output("Y");
    clipMax.init("hi", new int[0], new float[] {0.5f});
    clipMax.node("Clip", in("X", "", "hi"), in("Y"));
    check(clipMax);
    // bounds given at run time: lowered to min(max(x, lo), hi), ONNX's own definition
    ModelBuilder clipInputs = new ModelBuilder(13, 4).input("X", 4, 5).input("lo").input("hi").output("Y");
    clipInputs.node("Clip", in("X", "lo", "hi"), in("Y"));
    Graph g = check(clipInputs);
    assertEquals(2, g.nodes().size(), g.toString());
    assertEquals(new Op.Elementwise(BinaryFunction.MAX), g.nodes().get(0).op());
    assertEquals(new Op.Elementwise(BinaryFunction.MIN), g.nodes().get(1).op());
    ModelBuilder clipMinInput = new ModelBuilder(13, 5).input("X", 4, 5).input("lo").output("Y");
    clipMinInput.node("Clip", in("X", "lo"), in("Y"));
    check(clipMinInput);
    // a bound of several values is not a Clip bound
    ModelBuilder clipVector = new ModelBuilder(13, 6).input("X", 4, 5).input("lo", 5).output("Y");
    clipVector.node("Clip", in("X", "lo"), in("Y"));
    ModelImportException e = org.junit.jupiter.api.Assertions.assertThrows(ModelImportException.class,
        () -> OnnxImporter.importModel(clipVector.bytes(), "clip.onnx", ImportOptions.defaults()));
    assertTrue(e.getMessage().contains("(Clip)"), e.getMessage());
  }

  @Test
  void preluSlopes() throws Exception {
    ModelBuilder per = new ModelBuilder(16, 1).input("X", 2, 3, 4, 4).output("Y");
    per.node("PRelu", in("X", per.weight("S", 3, 1, 1)), in("Y"));
    check(per);
    ModelBuilder last = new ModelBuilder(16, 2).input("X", 2, 3, 5).output("Y");
    last.node("PRelu", in("X", last.weight("S", 5)), in("Y"));
    check(last);
    ModelBuilder single = new ModelBuilder(16, 3).input("X", 2, 3).output("Y");
    single.node("PRelu", in("X", single.weight("S", 1)), in("Y"));
    assertTrue(check(single).nodes().get(0).op() instanceof Op.Unary);
  }

  // --- convolutions and pooling ------------------------------------------------------------------

  @Test
  void conv2dAttributeCombinations() throws Exception {
    Object[][] attrs = {
      {},
      {"strides", new int[] {2, 2}, "pads", new int[] {1, 0, 2, 1}},
      {"dilations", new int[] {2, 1}, "pads", new int[] {1, 1, 1, 1}},
      {"auto_pad", "SAME_UPPER", "strides", new int[] {2, 2}},
      {"auto_pad", "SAME_LOWER", "strides", new int[] {2, 1}},
      {"auto_pad", "VALID", "strides", new int[] {1, 2}},
    };
    int seed = 0;
    for (Object[] a : attrs) {
      ModelBuilder m = new ModelBuilder(22, seed++).input("X", 2, 4, 7, 6).output("Y");
      m.node("Conv", in("X", m.weight("W", 6, 4, 3, 3), m.weight("B", 6)), in("Y"), a);
      check(m);
    }
    ModelBuilder grouped = new ModelBuilder(11, 10).input("X", 1, 4, 6, 6).output("Y");
    grouped.node("Conv", in("X", grouped.weight("W", 6, 2, 3, 2)), in("Y"), "group", 2, "pads", new int[] {1, 1, 1, 1});
    check(grouped);
    ModelBuilder depthwise = new ModelBuilder(11, 11).input("X", 1, 4, 6, 6).output("Y");
    depthwise.node("Conv", in("X", depthwise.weight("W", 8, 1, 3, 3), depthwise.weight("B", 8)), in("Y"),
        "group", 4, "strides", new int[] {2, 2});
    check(depthwise);
  }

  @Test
  void conv1d() throws Exception {
    ModelBuilder m = new ModelBuilder(13, 3).input("X", 2, 3, 11).output("Y");
    m.node("Conv", in("X", m.weight("W", 5, 3, 3), m.weight("B", 5)), in("Y"),
        "strides", new int[] {2}, "pads", new int[] {2, 1}, "dilations", new int[] {2});
    Graph g = check(m);
    assertArrayEquals(new int[] {2, 5, 5}, g.outputs().get(0).shape());
  }

  @Test
  void convTransposeAttributeCombinations() throws Exception {
    Object[][] attrs = {
      {},
      {"strides", new int[] {2, 2}},
      {"strides", new int[] {3, 2}, "pads", new int[] {1, 1, 1, 1}, "output_padding", new int[] {1, 1}},
      {"strides", new int[] {2, 2}, "dilations", new int[] {2, 1}},
      {"strides", new int[] {2, 2}, "output_shape", new int[] {10, 9}},
      {"strides", new int[] {2, 2}, "auto_pad", "SAME_UPPER"},
    };
    int seed = 0;
    for (Object[] a : attrs) {
      ModelBuilder m = new ModelBuilder(13, seed++).input("X", 1, 4, 4, 4).output("Y");
      m.node("ConvTranspose", in("X", m.weight("W", 4, 3, 3, 3), m.weight("B", 3)), in("Y"), a);
      check(m);
    }
    ModelBuilder grouped = new ModelBuilder(13, 20).input("X", 2, 4, 3, 3).output("Y");
    grouped.node("ConvTranspose", in("X", grouped.weight("W", 4, 2, 2, 2)), in("Y"), "group", 2,
        "strides", new int[] {2, 2});
    check(grouped);
    ModelBuilder oneD = new ModelBuilder(13, 21).input("X", 1, 2, 5).output("Y");
    oneD.node("ConvTranspose", in("X", oneD.weight("W", 2, 3, 3)), in("Y"), "strides", new int[] {2},
        "output_padding", new int[] {1});
    check(oneD);
  }

  @Test
  void poolingAttributeCombinations() throws Exception {
    Object[][] attrs = {
      {"kernel_shape", new int[] {2, 2}},
      {"kernel_shape", new int[] {3, 3}, "strides", new int[] {2, 2}, "pads", new int[] {1, 1, 1, 1}},
      {"kernel_shape", new int[] {3, 3}, "strides", new int[] {2, 2}, "ceil_mode", 1},
      {"kernel_shape", new int[] {3, 2}, "strides", new int[] {2, 2}, "pads", new int[] {1, 0, 1, 1}, "ceil_mode", 1},
      {"kernel_shape", new int[] {3, 3}, "strides", new int[] {2, 2}, "auto_pad", "SAME_UPPER"},
      {"kernel_shape", new int[] {2, 2}, "auto_pad", "SAME_LOWER"},
    };
    int seed = 0;
    for (String op : new String[] {"MaxPool", "AveragePool"}) {
      for (Object[] a : attrs) {
        check(one(13, op, new int[] {2, 3, 7, 6}, a));
        if (op.equals("AveragePool") && !java.util.Arrays.asList(a).contains("auto_pad")) {
          Object[] b = java.util.Arrays.copyOf(a, a.length + 2);
          b[a.length] = "count_include_pad";
          b[a.length + 1] = 1;
          check(one(13, op, new int[] {2, 3, 7, 6}, b));
        }
        seed++;
      }
      check(one(13, op, new int[] {2, 3, 9}, "kernel_shape", new int[] {3}, "strides", new int[] {2}));
    }
    check(one(13, "MaxPool", new int[] {1, 2, 7, 7}, "kernel_shape", new int[] {2, 2}, "dilations", new int[] {2, 2}));
    check(one(13, "GlobalAveragePool", new int[] {2, 3, 5, 4}));
    check(one(13, "GlobalMaxPool", new int[] {2, 3, 5, 4}));
    check(one(13, "GlobalAveragePool", new int[] {2, 3, 5}));
  }

  @Test
  void batchNormalizationBecomesChannelAffine() throws Exception {
    ModelBuilder m = new ModelBuilder(15, 4).input("X", 2, 3, 4, 4).output("Y");
    float[] var = {0.5f, 1.5f, 2.0f};
    m.node("BatchNormalization", in("X", m.weight("s", 3), m.weight("b", 3), m.weight("mean", 3),
        m.init("var", new int[] {3}, var)), in("Y"), "epsilon", 1e-3f);
    Graph g = check(m);
    assertTrue(g.nodes().get(0).op() instanceof Op.ChannelAffine);
  }

  // --- reductions, softmax ------------------------------------------------------------------------

  @Test
  void reductions() throws Exception {
    check(one(11, "ReduceMean", new int[] {2, 3, 4}, "axes", new int[] {1}, "keepdims", 0));
    check(one(11, "ReduceSum", new int[] {2, 3, 4}, "axes", new int[] {-1, 0}));
    check(one(11, "ReduceMean", new int[] {2, 3, 4}));
    ModelBuilder m = new ModelBuilder(13, 1).input("X", 2, 3, 4).output("Y");
    m.node("ReduceSum", in("X", m.ints("axes", 2)), in("Y"), "keepdims", 0);
    check(m);
    ModelBuilder m18 = new ModelBuilder(18, 1).input("X", 2, 3, 4).output("Y");
    m18.node("ReduceMean", in("X", m18.ints("axes", 0, 2)), in("Y"));
    check(m18);
  }

  @Test
  void softmaxAxesAcrossOpsets() throws Exception {
    for (String op : new String[] {"Softmax", "LogSoftmax"}) {
      check(one(11, op, new int[] {2, 3, 4}, "axis", 1)); // 2-D coercion: normalises over axes 1 and 2
      check(one(13, op, new int[] {2, 3, 4}, "axis", 1));
      check(one(13, op, new int[] {2, 3, 4}));
      check(one(11, op, new int[] {3, 5}));
    }
    Op.Softmax legacy = (Op.Softmax) OnnxImporter.importModel(one(11, "Softmax", new int[] {2, 3, 4}, "axis", 1).bytes(),
        "m", ImportOptions.defaults()).nodes().get(0).op();
    assertEquals(new Op.Softmax(1, 3, false), legacy);
  }

  // --- shape manipulation ------------------------------------------------------------------------

  @Test
  void shapeOps() throws Exception {
    check(one(13, "Flatten", new int[] {2, 3, 4, 5}, "axis", 2));
    check(one(13, "Flatten", new int[] {2, 3, 4, 5}, "axis", -1));
    check(one(13, "Transpose", new int[] {2, 3, 4}, "perm", new int[] {1, 2, 0}));
    check(one(11, "Squeeze", new int[] {2, 1, 3, 1}, "axes", new int[] {1}));
    check(one(11, "Unsqueeze", new int[] {2, 3}, "axes", new int[] {0, 3}));
    ModelBuilder r = new ModelBuilder(14, 1).input("X", 2, 3, 4).output("Y");
    r.node("Reshape", in("X", r.ints("shape", 0, -1, 2)), in("Y"));
    assertArrayEquals(new int[] {2, 6, 2}, check(r).outputs().get(0).shape());
    ModelBuilder sq = new ModelBuilder(13, 1).input("X", 1, 3, 1).output("Y");
    sq.node("Squeeze", in("X"), in("Y"));
    check(sq);
    ModelBuilder us = new ModelBuilder(13, 1).input("X", 3, 2).output("Y");
    us.node("Unsqueeze", in("X", us.ints("axes", -1)), in("Y"));
    check(us);
  }

  @Test
  void concatSplitSliceGather() throws Exception {
    ModelBuilder c = new ModelBuilder(13, 1).input("X", 2, 3).input("Z", 2, 2).output("Y");
    c.node("Concat", in("X", "Z", c.weight("W", 2, 1)), in("Y"), "axis", -1);
    check(c);
    ModelBuilder s = new ModelBuilder(13, 2).input("X", 2, 7).output("A").output("B");
    s.node("Split", in("X", s.ints("split", 3, 4)), in("A", "B"), "axis", 1);
    check(s);
    ModelBuilder s18 = new ModelBuilder(18, 2).input("X", 7, 2).output("A").output("B").output("C");
    s18.node("Split", in("X"), in("A", "B", "C"), "num_outputs", 3);
    check(s18);
    ModelBuilder sl = new ModelBuilder(13, 3).input("X", 4, 6, 5).output("Y");
    sl.node("Slice", in("X", sl.ints("st", 1, -1, 0), sl.ints("en", 100, 0, 5), sl.ints("ax", 0, 1, 2),
        sl.ints("sp", 2, -2, 1)), in("Y"));
    check(sl);
    ModelBuilder sl9 = new ModelBuilder(9, 3).input("X", 4, 6).output("Y");
    sl9.node("Slice", in("X"), in("Y"), "starts", new int[] {1}, "ends", new int[] {-1}, "axes", new int[] {1});
    check(sl9);
    ModelBuilder ga = new ModelBuilder(13, 4).input("X", 3, 5, 2).output("Y");
    ga.graph.addInitializer(TensorProtos.longTensor("idx", new int[] {2, 2}, new long[] {0, 4, -1, 2}));
    ga.node("Gather", in("X", "idx"), in("Y"), "axis", 1);
    check(ga);
  }

  @Test
  void padModes() throws Exception {
    for (String mode : new String[] {"constant", "reflect", "edge"}) {
      ModelBuilder m = new ModelBuilder(13, 5).input("X", 1, 2, 4, 5).output("Y");
      String[] ins = mode.equals("constant")
          ? in("X", m.ints("pads", 0, 0, 2, 1, 0, 1, 1, 3), m.init("v", new int[0], new float[] {1.5f}))
          : in("X", m.ints("pads", 0, 0, 2, 1, 0, 1, 1, 3));
      m.node("Pad", ins, in("Y"), "mode", mode);
      check(m);
    }
    ModelBuilder crop = new ModelBuilder(13, 5).input("X", 2, 6).output("Y");
    crop.node("Pad", in("X", crop.ints("pads", 0, -1, 1, 2)), in("Y"));
    check(crop);
  }

  // --- folding -----------------------------------------------------------------------------------

  @Test
  void constantsAndShapeSubgraphsAreFolded() throws Exception {
    ModelBuilder m = new ModelBuilder(13, 6).input("X", 2, 3, 4).output("Y");
    m.node("Shape", in("X"), in("s"));
    m.node("Constant", in(), in("i0"), "value", TensorProtos.longTensor("", new int[0], new long[] {0}));
    m.node("Gather", in("s", "i0"), in("n"), "axis", 0);
    m.node("Unsqueeze", in("n", m.ints("ax0", 0)), in("n1"));
    m.node("Constant", in(), in("rest"), "value", TensorProtos.longTensor("", new int[] {1}, new long[] {-1}));
    m.node("Concat", in("n1", "rest"), in("shape"), "axis", 0);
    m.node("Reshape", in("X", "shape"), in("flat"));
    m.node("ConstantOfShape", in(m.ints("wshape", 12, 5)), in("W"),
        "value", TensorProtos.floatTensor("", new int[] {1}, new float[] {0.25f}));
    m.node("MatMul", in("flat", "W"), in("Y"));
    Graph g = check(m);
    assertEquals(List.of("Reshape", "MatMul"), g.nodes().stream().map(Node::onnxOpType).toList());
    assertArrayEquals(new int[] {2, 12}, g.shape("flat"));
    assertEquals(60, g.parameterCount());
  }
}
