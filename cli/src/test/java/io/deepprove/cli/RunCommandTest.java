package io.deepprove.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepprove.onnx.TensorProtos;
import io.deepprove.onnx.proto.Onnx.AttributeProto;
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
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  private static ValueInfoProto value(String name, int... dims) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    for (int d : dims) {
      s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
  }

  /** x[1,8] -> Gemm(W[6,8] transB, b[6]) -> Relu -> Gemm(W2[4,6] transB) -> y[1,4], seeded weights. */
  private static Path model(Path dir, String secondOp) throws Exception {
    Random r = new Random(5);
    float[] w1 = new float[48];
    float[] b1 = new float[6];
    float[] w2 = new float[24];
    for (float[] a : new float[][] {w1, b1, w2}) {
      for (int i = 0; i < a.length; i++) {
        a[i] = r.nextFloat() * 2 - 1;
      }
    }
    AttributeProto transB = AttributeProto.newBuilder().setName("transB")
        .setType(AttributeProto.AttributeType.INT).setI(1).build();
    GraphProto.Builder g = GraphProto.newBuilder().setName("g").addInput(value("x", 1, 8)).addOutput(value("y"))
        .addInitializer(TensorProtos.floatTensor("W", new int[] {6, 8}, w1))
        .addInitializer(TensorProtos.floatTensor("b", new int[] {6}, b1))
        .addInitializer(TensorProtos.floatTensor("W2", new int[] {4, 6}, w2))
        .addNode(NodeProto.newBuilder().setName("fc").setOpType("Gemm").addInput("x").addInput("W").addInput("b")
            .addOutput("h").addAttribute(transB))
        .addNode(NodeProto.newBuilder().setName("act").setOpType("Relu").addInput("h").addOutput("hr"))
        .addNode(NodeProto.newBuilder().setName("fc2").setOpType(secondOp).addInput("hr").addInput("W2")
            .addOutput("y").addAttribute(transB));
    ModelProto m = ModelProto.newBuilder().setIrVersion(8)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(g).build();
    Path f = dir.resolve(secondOp + ".onnx");
    Files.write(f, m.toByteArray());
    return f;
  }

  private static Path json(Path dir, String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  private static String row(long seed) {
    Random r = new Random(seed);
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < 8; i++) {
      s.append(i > 0 ? "," : "").append(r.nextFloat() * 2 - 1);
    }
    return s.append(']').toString();
  }

  @Test
  void jsonReportHasTheDocumentedKeysAndAnAccurateOutput(@TempDir Path dir) throws Exception {
    Path model = model(dir, "Gemm");
    Path x = json(dir, "x.json", "{\"input_data\": [" + row(1) + "]}");
    Result r = run("run", model.toString(), "--input", x.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(4, j.get("output").size());
    assertEquals(4, j.get("float_output").size());
    double rel = j.get("rel_l2_error").asDouble();
    assertTrue(rel < 0.03, "rel L2 " + rel);
    double maxAbs = 0;
    for (int i = 0; i < 4; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(j.get("output").get(i).asDouble() - j.get("float_output").get(i).asDouble()));
    }
    assertEquals(maxAbs, j.get("max_abs_error").asDouble(), 1e-6);
    assertTrue(j.get("argmax_match").isBoolean());
  }

  @Test
  void textReportAndCalibrationFilesInBothMultiSampleForms(@TempDir Path dir) throws Exception {
    Path model = model(dir, "Gemm");
    Path x = json(dir, "x.json", "{\"input_data\": [" + row(1) + "]}");
    Path rows = json(dir, "rows.json", "{\"input_data\": [" + row(2) + "," + row(3) + "," + row(1) + "]}");
    Path list = json(dir, "list.json", "[{\"input_data\": [" + row(2) + "]}, {\"input_data\": [" + row(1) + "]}]");
    for (Path cal : new Path[] {rows, list}) {
      Result r = run("run", model.toString(), "--input", x.toString(), "--calibration", cal.toString());
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().contains("rel L2 error") && r.out().contains("max abs error") && r.out().contains("argmax"),
          r.out());
      assertTrue(r.out().contains("calibrated on " + (cal == rows ? 3 : 2) + " samples"), r.out());
    }
  }

  @Test
  void badInputsExit2WithOneLineNamingTheFile(@TempDir Path dir) throws Exception {
    Path model = model(dir, "Gemm");
    Path good = json(dir, "x.json", "{\"input_data\": [" + row(1) + "]}");
    String[][] cases = {
      {"short.json", "{\"input_data\": [[1, 2, 3]]}", "has 3 values"},
      {"nan.json", "{\"input_data\": [[NaN, 1, 1, 1, 1, 1, 1, 1]]}", "NaN, not a finite float32"},
      {"inf.json", "{\"input_data\": [[1, 1, 1, 1, 1, 1, 1, 1e60]]}", "not a finite float32"},
      {"nokey.json", "{\"inputs\": [[1]]}", "missing key \"input_data\""},
      {"text.json", "{\"input_data\": [[1, 1, \"a\", 1, 1, 1, 1, 1]]}", "not a number"},
      {"broken.json", "{\"input_data\": [[1, 2", "not valid JSON"},
      {"two.json", "{\"input_data\": [" + row(1) + "," + row(2) + "]}", "give exactly one"},
    };
    for (String[] c : cases) {
      Path f = json(dir, c[0], c[1]);
      Result r = run("run", model.toString(), "--input", f.toString());
      assertEquals(2, r.code(), c[0] + ": " + r.err());
      assertTrue(r.err().startsWith(f + ": ") && r.err().contains(c[2]), c[0] + ": " + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertFalse(r.err().contains("\tat "), r.err());
      Result cal = run("run", model.toString(), "--input", good.toString(), "--calibration", f.toString());
      // two samples are a valid calibration file; every other case is bad there too
      assertEquals(c[0].equals("two.json") ? 0 : 2, cal.code(), c[0] + ": " + cal.err());
    }

    byte[] bytes = Files.readAllBytes(model);
    Path truncated = dir.resolve("truncated.onnx");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Path garbage = json(dir, "garbage.onnx", "not an onnx file at all \u0000");
    Path unsupported = model(dir, "Einsum");
    for (Path m : new Path[] {truncated, garbage, unsupported}) {
      Result r = run("run", m.toString(), "--input", good.toString(), "--json");
      assertEquals(2, r.code(), m + ": " + r.err());
      assertTrue(r.err().startsWith(m + ": "), r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertFalse(r.err().contains("\tat "), r.err());
    }
    Result u = run("run", unsupported.toString(), "--input", good.toString());
    assertTrue(u.err().contains("node 'fc2' (Einsum)"), u.err());
    Result v = run("run", garbage.toString(), "--input", good.toString(), "--verbose");
    assertTrue(v.err().contains("\tat "), "stack trace with --verbose: " + v.err());
  }
}
