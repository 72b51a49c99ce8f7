package io.deepprove.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepprove.onnx.TensorProtos;
import io.deepprove.onnx.proto.Onnx.GraphProto;
import io.deepprove.onnx.proto.Onnx.ModelProto;
import io.deepprove.onnx.proto.Onnx.NodeProto;
import io.deepprove.onnx.proto.Onnx.OperatorSetIdProto;
import io.deepprove.onnx.proto.Onnx.TensorShapeProto;
import io.deepprove.onnx.proto.Onnx.TypeProto;
import io.deepprove.onnx.proto.Onnx.ValueInfoProto;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  private static ValueInfoProto value(String name, Object... dims) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      s.addDim(d instanceof Integer i
          ? TensorShapeProto.Dimension.newBuilder().setDimValue(i)
          : TensorShapeProto.Dimension.newBuilder().setDimParam(d.toString()));
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
  }

  /** x[N,4] -> Gemm(W[3,4] transB, b[3]) -> Relu -> Einsum (unsupported) -> y. */
  private static Path model(Path dir, boolean withUnsupported) throws Exception {
    GraphProto.Builder g = GraphProto.newBuilder().setName("g")
        .addInput(value("x", "N", 4))
        .addOutput(value("y"))
        .addInitializer(TensorProtos.floatTensor("W", new int[] {3, 4}, new float[12]))
        .addInitializer(TensorProtos.floatTensor("b", new int[] {3}, new float[3]))
        .addNode(NodeProto.newBuilder().setName("fc").setOpType("Gemm").addInput("x").addInput("W").addInput("b")
            .addOutput("h").addAttribute(io.deepprove.onnx.proto.Onnx.AttributeProto.newBuilder().setName("transB")
                .setType(io.deepprove.onnx.proto.Onnx.AttributeProto.AttributeType.INT).setI(1)))
        .addNode(NodeProto.newBuilder().setName("act").setOpType("Relu").addInput("h")
            .addOutput(withUnsupported ? "r" : "y"));
    if (withUnsupported) {
      g.addNode(NodeProto.newBuilder().setName("attn/Einsum").setOpType("Einsum").addInput("r").addOutput("y"));
    }
    ModelProto m = ModelProto.newBuilder().setIrVersion(8)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(g).build();
    Path f = dir.resolve(withUnsupported ? "partial.onnx" : "model.onnx");
    Files.write(f, m.toByteArray());
    return f;
  }

  @Test
  void jsonHasTheDocumentedShape(@TempDir Path dir) throws Exception {
    Result r = run("inspect", model(dir, false).toString(), "--json", "--batch-size", "2");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(13, j.get("opset").asInt());
    assertEquals("x", j.get("inputs").get(0).get("name").asText());
    assertEquals("[2,4]", j.get("inputs").get(0).get("shape").toString());
    assertEquals("[2,3]", j.get("outputs").get(0).get("shape").toString());
    assertEquals(15, j.get("parameters").asLong());
    assertEquals(2, j.get("nodes").size());
    JsonNode n0 = j.get("nodes").get(0);
    assertEquals("fc", n0.get("name").asText());
    assertEquals("Gemm", n0.get("op").asText());
    assertEquals("[2,3]", n0.get("output_shape").toString());
    assertTrue(n0.get("supported").asBoolean());
    assertEquals(0, j.get("unsupported").size());
  }

  @Test
  void unsupportedNodesAreReportedWithExitZero(@TempDir Path dir) throws Exception {
    Path f = model(dir, true);
    Result r = run("inspect", f.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode u = new ObjectMapper().readTree(r.out()).get("unsupported");
    assertEquals(1, u.size());
    assertEquals("attn/Einsum", u.get(0).get("name").asText());
    assertEquals("Einsum", u.get(0).get("op").asText());
    assertTrue(u.get(0).get("reason").asText().contains("not supported"));

    Result text = run("inspect", f.toString());
    assertEquals(0, text.code());
    assertTrue(text.out().contains("opset 13"), text.out());
    assertTrue(text.out().contains("parameters: 15"), text.out());
    assertTrue(text.out().contains("attn/Einsum") && text.out().contains("NO"), text.out());
    assertTrue(text.out().contains("Gemm"), text.out());
  }

  @Test
  void missingAndMalformedFilesExit2WithOneLine(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("missing.onnx");
    Result r = run("inspect", missing.toString());
    assertEquals(2, r.code());
    assertEquals(missing + ": no such file", r.err().strip());

    Path garbage = dir.resolve("garbage.onnx");
    Files.writeString(garbage, "definitely not protobuf \u0000\u00ff");
    Result g = run("inspect", garbage.toString(), "--json");
    assertEquals(2, g.code());
    assertTrue(g.err().startsWith(garbage + ": "), g.err());
    assertEquals(1, g.err().strip().lines().count(), g.err());
    assertFalse(g.err().contains("\tat "), g.err());

    Result v = run("inspect", garbage.toString(), "--verbose");
    assertEquals(2, v.code());
    assertTrue(v.err().contains("\tat "), "stack trace with --verbose: " + v.err());
  }
}
