package io.deepprove.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepprove.onnx.proto.Onnx.ModelProto;
import io.deepprove.onnx.proto.Onnx.TensorProto;
import io.deepprove.onnx.proto.Onnx.ValueInfoProto;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every case of ../shared/testdata/onnx-backend and onnx-node (see their MANIFEST.md): supported cases
 * import and the Java float interpreter matches the expected output (relative L2 <= 1e-4);
 * unsupported ones fail with a ModelImportException listing the nodes. Writes the per-case table to
 * target/conformance.md and stdout.
 */
class ConformanceTest {
  static final double TOLERANCE = 1e-4;

  /**
   * Upstream hand-rounded this case's expected values to 4 decimals (MANIFEST.md: rel 2.9e-4 from the
   * exact mean), so it is held to the upstream rtol of 1e-3 instead.
   */
  static final java.util.Map<String, Double> ROUNDED_EXPECTATIONS =
      java.util.Map.of("test_averagepool_2d_ceil_last_window_starts_on_pad", 1e-3);

  /** Cases expected to be rejected (ops outside the supported list). */
  static final Set<String> EXPECTED_UNSUPPORTED_OPS = Set.of("LayerNormalization", "InstanceNormalization");

  static Path testdata() {
    String prop = System.getProperty("deepprove.testdata");
    for (String p : new String[] {prop, "../../shared/testdata", "../shared/testdata"}) {
      if (p != null && Files.isDirectory(Paths.get(p, "onnx-backend"))) {
        return Paths.get(p);
      }
    }
    return null;
  }

  record Row(String suite, String name, String status, String detail) {}

  @Test
  void everyCase() throws Exception {
    Path root = testdata();
    Assumptions.assumeTrue(root != null,
        "conformance data not found (../../shared/testdata from the module, or -Ddeepprove.testdata=DIR): skipped");
    List<Row> rows = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    long t0 = System.nanoTime();
    for (String suite : new String[] {"onnx-backend", "onnx-node"}) {
      Path dir = root.resolve(suite);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      List<Path> cases;
      try (Stream<Path> s = Files.list(dir)) {
        cases = s.filter(p -> Files.exists(p.resolve("model.onnx"))).sorted().toList();
      }
      for (Path c : cases) {
        Row r = runCase(suite, c);
        rows.add(r);
        if (r.status.equals("FAIL")) {
          failures.add(r.name + ": " + r.detail);
        }
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    StringBuilder table = new StringBuilder("| suite | case | status | detail |\n|---|---|---|---|\n");
    TreeMap<String, Integer> counts = new TreeMap<>();
    for (Row r : rows) {
      table.append("| ").append(r.suite).append(" | ").append(r.name).append(" | ").append(r.status)
          .append(" | ").append(r.detail.replace("|", "\\|")).append(" |\n");
      counts.merge(r.status, 1, Integer::sum);
    }
    table.append("\n").append(rows.size()).append(" cases: ").append(counts)
        .append(String.format(" in %.1f s%n", secs));
    System.out.println(table);
    Files.createDirectories(Paths.get("target"));
    Files.writeString(Paths.get("target", "conformance.md"), table);
    assertTrue(rows.size() > 0, "no cases found under " + root);
    assertTrue(failures.isEmpty(), "conformance failures:\n" + String.join("\n", failures));
  }

  static Row runCase(String suite, Path c) throws IOException {
    String name = c.getFileName().toString();
    byte[] bytes = Files.readAllBytes(c.resolve("model.onnx"));
    ModelProto m = ModelProto.parseFrom(bytes);
    Set<String> ops = new HashSet<>();
    m.getGraph().getNodeList().forEach(n -> ops.add(n.getOpType()));
    boolean expectUnsupported = ops.stream().anyMatch(EXPECTED_UNSUPPORTED_OPS::contains);
    Set<String> inits = new HashSet<>();
    m.getGraph().getInitializerList().forEach(t -> inits.add(t.getName()));
    List<String> realInputs = new ArrayList<>();
    for (ValueInfoProto v : m.getGraph().getInputList()) {
      if (!inits.contains(v.getName())) {
        realInputs.add(v.getName());
      }
    }
    Path data = c.resolve("test_data_set_0");
    List<Tensor> inputs = new ArrayList<>();
    for (int k = 0; k < realInputs.size(); k++) {
      inputs.add(TensorProtos.toTensor(TensorProto.parseFrom(Files.readAllBytes(data.resolve("input_" + k + ".pb")))));
    }
    List<Tensor> expected = new ArrayList<>();
    for (int k = 0; Files.exists(data.resolve("output_" + k + ".pb")); k++) {
      expected.add(TensorProtos.toTensor(TensorProto.parseFrom(Files.readAllBytes(data.resolve("output_" + k + ".pb")))));
    }
    // The node suite passes weights as graph inputs: bind every input but the first as a constant.
    ImportOptions opts = ImportOptions.defaults().withBatchSize(inputs.isEmpty() ? 1 : Math.max(1, inputs.get(0).rank() > 0 ? inputs.get(0).shape()[0] : 1));
    List<float[]> feed = new ArrayList<>();
    for (int k = 0; k < realInputs.size(); k++) {
      if (suite.equals("onnx-node") && k > 0) {
        opts = opts.withBoundInput(realInputs.get(k), inputs.get(k));
      } else {
        feed.add(inputs.get(k).toFloatArray());
      }
    }
    Graph g;
    try {
      g = OnnxImporter.importModel(bytes, name + "/model.onnx", opts);
    } catch (ModelImportException e) {
      boolean clear = !e.unsupported().isEmpty() && e.getMessage().contains("not supported");
      if (expectUnsupported && clear) {
        return new Row(suite, name, "unsupported", e.getMessage() + " — " + e.unsupported().get(0).reason());
      }
      return new Row(suite, name, "FAIL", "import: " + e.getMessage()
          + (e.unsupported().isEmpty() ? "" : " — " + e.unsupported().get(0).reason()));
    }
    if (expectUnsupported) {
      return new Row(suite, name, "FAIL", "expected to be unsupported but imported");
    }
    List<float[]> got;
    try {
      got = new FloatInterpreter(g).run(feed);
    } catch (RuntimeException e) {
      StringWriter sw = new StringWriter();
      e.printStackTrace(new PrintWriter(sw));
      return new Row(suite, name, "FAIL", "interpreter: " + sw.toString().lines().limit(4).toList());
    }
    if (got.size() != expected.size()) {
      return new Row(suite, name, "FAIL", got.size() + " outputs, expected " + expected.size());
    }
    double worst = 0;
    for (int k = 0; k < got.size(); k++) {
      float[] e = expected.get(k).toFloatArray();
      if (!java.util.Arrays.equals(g.outputs().get(k).shape(), expected.get(k).shape())) {
        return new Row(suite, name, "FAIL", "output " + k + " shape " + Shapes.toString(g.outputs().get(k).shape())
            + ", expected " + Shapes.toString(expected.get(k).shape()));
      }
      worst = Math.max(worst, relL2(got.get(k), e));
    }
    String detail = String.format("rel L2 %.2e, %d nodes, opset %d", worst, g.nodes().size(), g.opset());
    double tol = ROUNDED_EXPECTATIONS.getOrDefault(name, TOLERANCE);
    if (tol != TOLERANCE) {
      detail += String.format(" (expected values rounded upstream: tolerance %.0e)", tol);
    }
    return new Row(suite, name, worst <= tol ? "pass" : "FAIL", detail);
  }

  static double relL2(float[] got, float[] exp) {
    assertEquals(exp.length, got.length);
    double num = 0;
    double den = 0;
    for (int i = 0; i < got.length; i++) {
      double d = (double) got[i] - exp[i];
      num += d * d;
      den += (double) exp[i] * exp[i];
    }
    assertFalse(Double.isNaN(num));
    return den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
  }
}
