package io.deepprove.onnx;

import static io.deepprove.onnx.ModelBuilder.in;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shape inference, batch resolution, old opsets, IR-3 inputs, error reporting, inspect. */
class OnnxImporterTest {

  static Graph load(ModelBuilder m) throws ModelImportException {
    return OnnxImporter.importModel(m.bytes(), "model.onnx", ImportOptions.defaults());
  }

  /** Interprets {@code old} in Java and runs the equivalent {@code modern} model in onnxruntime. */
  static void sameAs(ModelBuilder old, ModelBuilder modern) throws Exception {
    Graph g = load(old);
    List<float[]> inputs = old.randomInputs();
    List<float[]> java = new FloatInterpreter(g).run(inputs);
    List<OnnxRuntimeReference.Input> feed = new ArrayList<>();
    for (int k = 0; k < inputs.size(); k++) {
      feed.add(new OnnxRuntimeReference.Input(modern.inputNames.get(k),
          Arrays.stream(modern.inputShapes.get(k)).asLongStream().toArray(), inputs.get(k)));
    }
    List<float[]> ort = OnnxRuntimeReference.run(modern.bytes(), "modern.onnx", feed);
    for (int k = 0; k < ort.size(); k++) {
      assertTrue(ConformanceTest.relL2(java.get(k), ort.get(k)) < 1e-5, g.toString());
    }
  }

  // --- shapes and batch --------------------------------------------------------------------------

  @Test
  void dynamicBatchIsResolvedToTheGivenSize() throws Exception {
    for (Object batch : new Object[] {"N", -1, 0}) {
      ModelBuilder m = new ModelBuilder(13, 1).inputDims("X", batch, 3, 8, 8).output("Y");
      m.node("Conv", in("X", m.weight("W", 4, 3, 3, 3)), in("c"), "pads", new int[] {1, 1, 1, 1});
      m.node("MaxPool", in("c"), in("p"), "kernel_shape", new int[] {2, 2}, "strides", new int[] {2, 2});
      m.node("Flatten", in("p"), in("Y"));
      Graph g1 = load(m);
      assertArrayEquals(new int[] {1, 3, 8, 8}, g1.inputs().get(0).shape());
      assertArrayEquals(new int[] {1, 64}, g1.outputs().get(0).shape());
      Graph g5 = OnnxImporter.importModel(m.bytes(), "m", ImportOptions.defaults().withBatchSize(5));
      assertArrayEquals(new int[] {5, 3, 8, 8}, g5.inputs().get(0).shape());
      assertArrayEquals(new int[] {5, 4, 8, 8}, g5.shape("c"));
      assertArrayEquals(new int[] {5, 4, 4, 4}, g5.shape("p"));
      assertArrayEquals(new int[] {5, 64}, g5.outputs().get(0).shape());
    }
  }

  @Test
  void aDynamicNonBatchDimensionIsReported() {
    ModelBuilder m = new ModelBuilder(13, 1).inputDims("X", "N", "seq", 8).output("Y");
    m.node("Relu", in("X"), in("Y"));
    ModelImportException e = assertThrows(ModelImportException.class, () -> load(m));
    assertTrue(e.getMessage().startsWith("model.onnx: "), e.getMessage());
    assertTrue(e.unsupported().get(0).reason().contains("'seq'"), e.unsupported().toString());
  }

  @Test
  void shapesInferredThroughAChain() throws Exception {
    ModelBuilder m = new ModelBuilder(13, 2).input("X", 2, 3, 10, 9).output("Y");
    m.node("Conv", in("X", m.weight("W", 8, 3, 3, 3)), in("a"), "strides", new int[] {2, 2},
        "auto_pad", "SAME_UPPER");
    m.node("AveragePool", in("a"), in("b"), "kernel_shape", new int[] {2, 2}, "strides", new int[] {2, 2}, "ceil_mode", 1);
    m.node("ConvTranspose", in("b", m.weight("T", 8, 2, 3, 3)), in("c"), "strides", new int[] {2, 2},
        "output_padding", new int[] {1, 0});
    m.node("Transpose", in("c"), in("d"), "perm", new int[] {0, 2, 3, 1});
    m.node("ReduceSum", in("d", m.ints("ax", 1)), in("e"), "keepdims", 0);
    m.node("Gemm", in("e2", m.weight("G", 2, 6)), in("Y"), "transA", 0);
    m.node("Reshape", in("e", m.ints("sh", -1, 2)), in("e2"));
    Graph g = load(m); // also checks topological re-ordering (Reshape listed after its consumer)
    assertArrayEquals(new int[] {2, 8, 5, 5}, g.shape("a"));
    assertArrayEquals(new int[] {2, 8, 3, 3}, g.shape("b"));
    assertArrayEquals(new int[] {2, 2, 8, 7}, g.shape("c"));
    assertArrayEquals(new int[] {2, 8, 7, 2}, g.shape("d"));
    assertArrayEquals(new int[] {2, 7, 2}, g.shape("e"));
    assertArrayEquals(new int[] {14, 2}, g.shape("e2"));
    assertArrayEquals(new int[] {14, 6}, g.outputs().get(0).shape());
    assertEquals("Gemm", g.nodes().get(g.nodes().size() - 1).onnxOpType());
  }

  @Test
  void mismatchedShapesAreUnsupportedWithAReason() {
    ModelBuilder m = new ModelBuilder(13, 1).input("X", 2, 3).output("Y");
    m.node("MatMul", in("X", m.weight("W", 4, 5)), in("Y"));
    ModelImportException e = assertThrows(ModelImportException.class, () -> load(m));
    assertTrue(e.unsupported().get(0).reason().contains("inner dimensions"), e.unsupported().toString());
  }

  // --- old opsets, IR 3 --------------------------------------------------------------------------

  @Test
  void opset6GemmAndAddBroadcastAttributes() throws Exception {
    ModelBuilder old = new ModelBuilder(6, 3).input("X", 4, 5).output("Y");
    old.node("Gemm", in("X", old.weight("W", 3, 5), old.weight("b", 3)), in("g"), "transB", 1, "broadcast", 1);
    old.node("Add", in("g", old.weight("c", 4)), in("Y"), "broadcast", 1, "axis", 0);
    ModelBuilder modern = new ModelBuilder(13, 3).input("X", 4, 5).output("Y");
    modern.node("Gemm", in("X", modern.weight("W", 3, 5), modern.weight("b", 3)), in("g"), "transB", 1);
    modern.node("Add", in("g", modern.init("c", new int[] {4, 1}, new ModelBuilder(6, 3).randomValuesAfter(15 + 3, 4))),
        in("Y"));
    sameAs(old, modern);
  }

  @Test
  void opset6BatchNormAndPerChannelPRelu() throws Exception {
    ModelBuilder old = new ModelBuilder(6, 4).input("X", 2, 3, 4, 4).output("Y");
    old.node("BatchNormalization", in("X", old.weight("s", 3), old.weight("b", 3), old.weight("m", 3),
        old.init("v", new int[] {3}, new float[] {1, 2, 3})), in("bn"), "is_test", 1, "spatial", 1,
        "epsilon", 1e-5f, "consumed_inputs", new int[] {0, 0, 0, 1, 1});
    old.node("PRelu", in("bn", old.weight("slope", 3)), in("Y"));
    Graph g = load(old);
    assertTrue(g.nodes().get(0).op() instanceof Op.ChannelAffine);
    assertEquals(new Op.Elementwise(BinaryFunction.PRELU), g.nodes().get(1).op());
    assertArrayEquals(new int[] {3, 1, 1}, g.shape(g.nodes().get(1).input(1)));
    ModelBuilder modern = new ModelBuilder(15, 4).input("X", 2, 3, 4, 4).output("Y");
    modern.node("BatchNormalization", in("X", modern.weight("s", 3), modern.weight("b", 3), modern.weight("m", 3),
        modern.init("v", new int[] {3}, new float[] {1, 2, 3})), in("bn"), "epsilon", 1e-5f);
    modern.node("PRelu", in("bn", modern.init("slope", new int[] {3, 1, 1},
        new ModelBuilder(6, 4).randomValuesAfter(9, 3))), in("Y"));
    sameAs(old, modern);
  }

  @Test
  void ir3WeightsListedAmongInputsAreNotRealInputs() throws Exception {
    ModelBuilder m = new ModelBuilder(6, 5).input("X", 2, 4).output("Y");
    String w = m.weight("W", 3, 4);
    m.graph.addInput(ModelBuilder.valueInfo(w, 3, 4));
    m.node("Gemm", in("X", w, m.weight("b", 3)), in("Y"), "transB", 1, "broadcast", 1);
    m.graph.addInput(ModelBuilder.valueInfo("b", 3));
    Graph g = load(m);
    assertEquals(List.of("X"), g.inputs().stream().map(TensorInfo::name).toList());
    assertTrue(g.isConstant("W") && g.isConstant("b"));
    assertEquals(15, g.parameterCount());
  }

  @Test
  void boundInputsBecomeConstants() throws Exception {
    ModelBuilder m = new ModelBuilder(13, 6).input("X", 2, 4).input("W", 4, 3).output("Y");
    m.node("MatMul", in("X", "W"), in("Y"));
    Tensor w = Tensor.ofFloats(new int[] {4, 3}, new float[12]);
    Graph g = OnnxImporter.importModel(m.bytes(), "m", ImportOptions.defaults().withBoundInput("W", w));
    assertEquals(1, g.inputs().size());
    assertTrue(g.isConstant("W"));
  }

  // --- errors ------------------------------------------------------------------------------------

  @Test
  void everyUnsupportedNodeIsReportedAtOnce() {
    ModelBuilder m = new ModelBuilder(13, 7).input("X", 2, 4).output("Y");
    m.nodeNamed("attn/Einsum", "Einsum", in("X", "X"), in("e"), "equation", "ij,ij->ij");
    m.node("Relu", in("e"), in("r"));
    m.nodeNamed("TopK_3", "TopK", in("r", m.ints("k", 2)), in("Y", "idx"));
    ModelImportException e = assertThrows(ModelImportException.class, () -> load(m));
    assertEquals("model.onnx: 2 nodes are not supported: node 'attn/Einsum' (Einsum), node 'TopK_3' (TopK)",
        e.getMessage());
    assertEquals(2, e.unsupported().size());
    assertEquals("operator Einsum is not supported", e.unsupported().get(0).reason());
  }

  @Test
  void unsupportedAttributeValuesAreReported() {
    ModelBuilder m = new ModelBuilder(13, 8).input("X", 1, 2, 5).output("Y");
    m.node("Pad", in("X", m.ints("p", 0, 0, 1, 0, 0, 1)), in("Y"), "mode", "wrap");
    ModelImportException e = assertThrows(ModelImportException.class, () -> load(m));
    assertTrue(e.unsupported().get(0).reason().contains("'wrap'"), e.getMessage());
  }

  @Test
  void malformedFilesAreCheckedErrorsNamingTheFile(@TempDir Path dir) throws Exception {
    byte[] good = new ModelBuilder(13, 9).input("X", 2, 2).output("Y").unary("Relu").bytes();
    byte[][] bad = {
      new byte[0],
      "this is not an onnx file at all, just text".getBytes(java.nio.charset.StandardCharsets.UTF_8),
      Arrays.copyOf(good, good.length / 2),
      Arrays.copyOf(good, good.length - 3),
      new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3},
    };
    java.util.Random r = new java.util.Random(1);
    List<byte[]> all = new ArrayList<>(Arrays.asList(bad));
    for (int k = 0; k < 50; k++) {
      byte[] noisy = good.clone();
      noisy[r.nextInt(noisy.length)] ^= (byte) (1 + r.nextInt(255));
      all.add(noisy);
    }
    int k = 0;
    for (byte[] b : all) {
      Path f = dir.resolve("bad" + k++ + ".onnx");
      Files.write(f, b);
      try {
        OnnxImporter.importModel(f);
      } catch (ModelImportException e) {
        assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
      }
      // a flipped byte may still give a valid model: then it must import or be rejected, never throw unchecked
    }
    ModelImportException missing = assertThrows(ModelImportException.class,
        () -> OnnxImporter.importModel(dir.resolve("nope.onnx")));
    assertEquals(dir.resolve("nope.onnx") + ": no such file", missing.getMessage());
    assertThrows(ModelImportException.class, () -> OnnxImporter.importModel(dir));
  }

  // --- inspect -----------------------------------------------------------------------------------

  @Test
  void inspectReportsWithoutFailing() throws Exception {
    ModelBuilder m = new ModelBuilder(13, 10).inputDims("X", "batch", 4).output("Y");
    m.node("Gemm", in("X", m.weight("W", 4, 3), m.weight("b", 3)), in("g"));
    m.nodeNamed("weird", "Einsum", in("g"), in("e"), "equation", "ij->ij");
    m.node("Relu", in("e"), in("Y"));
    ImportReport r = OnnxImporter.inspect(m.bytes(), "m.onnx", ImportOptions.defaults());
    assertEquals(13, r.opset());
    assertEquals(15, r.parameterCount());
    assertEquals(3, r.nodes().size());
    assertTrue(r.nodes().get(0).supported());
    assertArrayEquals(new int[] {1, 3}, r.nodes().get(0).outputShape());
    assertFalse(r.nodes().get(1).supported());
    assertEquals(List.of("weird"), r.unsupported().stream().map(UnsupportedNode::name).toList());
    assertEquals(null, r.outputs().get(0).shape());
  }

  /** A VGG-19-sized graph (143.7 M parameters) whose weights come from ConstantOfShape: inspected without materializing them. */
  @Test
  void inspectsAVgg19SizedGraphQuickly() throws Exception {
    ModelBuilder m = vgg19();
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target", "vgg19-constantofshape.onnx"), m.bytes()); // for timing the CLI by hand
    long t0 = System.nanoTime();
    ImportReport r = OnnxImporter.inspect(m.bytes(), "vgg19.onnx", ImportOptions.defaults());
    Graph g = OnnxImporter.importModel(m.bytes(), "vgg19.onnx", ImportOptions.defaults());
    double secs = (System.nanoTime() - t0) / 1e9;
    assertTrue(r.unsupported().isEmpty(), r.unsupported().toString());
    assertEquals(143_667_240L, r.parameterCount());
    assertEquals(143_667_240L, g.parameterCount());
    assertArrayEquals(new int[] {1, 1000}, g.outputs().get(0).shape());
    assertTrue(secs < 5, "inspect + import took " + secs + " s");
  }

  static ModelBuilder vgg19() {
    ModelBuilder m = new ModelBuilder(13, 11).inputDims("input", "N", 3, 224, 224).output("probs");
    int[][] blocks = {{64, 64}, {128, 128}, {256, 256, 256, 256}, {512, 512, 512, 512}, {512, 512, 512, 512}};
    String x = "input";
    int c = 3;
    int k = 0;
    for (int[] block : blocks) {
      for (int out : block) {
        String w = filled(m, "w" + k, out, c, 3, 3);
        String b = filled(m, "b" + k, out);
        m.node("Conv", in(x, w, b), in("conv" + k), "pads", new int[] {1, 1, 1, 1}, "kernel_shape", new int[] {3, 3});
        m.node("Relu", in("conv" + k), in("relu" + k));
        x = "relu" + k++;
        c = out;
      }
      m.node("MaxPool", in(x), in("pool" + k), "kernel_shape", new int[] {2, 2}, "strides", new int[] {2, 2});
      x = "pool" + k;
    }
    m.node("Flatten", in(x), in("flat"));
    x = "flat";
    int[] fc = {4096, 4096, 1000};
    int inF = 512 * 7 * 7;
    for (int i = 0; i < fc.length; i++) {
      m.node("Gemm", in(x, filled(m, "fw" + i, fc[i], inF), filled(m, "fb" + i, fc[i])), in("fc" + i), "transB", 1);
      x = "fc" + i;
      if (i < 2) {
        m.node("Relu", in(x), in("fr" + i));
        x = "fr" + i;
      }
      inF = fc[i];
    }
    m.node("Softmax", in(x), in("probs"), "axis", 1);
    return m;
  }

  static String filled(ModelBuilder m, String name, int... shape) {
    long[] s = Arrays.stream(shape).asLongStream().toArray();
    m.node("ConstantOfShape", in(m.ints(name + "_shape", s)), in(name),
        "value", TensorProtos.floatTensor("", new int[] {1}, new float[] {0.01f}));
    return name;
  }
}
