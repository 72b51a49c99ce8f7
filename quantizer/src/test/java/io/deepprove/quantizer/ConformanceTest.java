package io.deepprove.quantizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.deepprove.onnx.Graph;
import io.deepprove.onnx.ImportOptions;
import io.deepprove.onnx.ModelImportException;
import io.deepprove.onnx.OnnxImporter;
import io.deepprove.onnx.proto.Onnx.TensorProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every case of ../shared/testdata/onnx-backend and onnx-node (see their MANIFEST.md): a case the
 * importer and quantizer support runs through the integer engine, calibrated on its own input,
 * within 5% relative L2 error of the expected output; any other case fails with one clear
 * message. Prints the per-case table. Skipped when the folder is absent.
 */
class ConformanceTest {
  private static final Path ROOT = Path.of("..", "..", "shared", "testdata");

  /**
   * Cases that run but cannot meet 5%, and why. None now: test_logsoftmax_large_number (rows
   * [0,1,2,3] and [10000..10003] in one tensor, which one int8 scale erases) passes since graph
   * inputs only (log-)softmax reads are quantized to int16.
   */
  private static final java.util.Set<String> KNOWN_INACCURATE = java.util.Set.of();

  private static Path root() {
    Path p = ROOT.toAbsolutePath().normalize();
    if (Files.isDirectory(p)) {
      return p;
    }
    // run from the repository root instead of the module
    return Path.of("..", "shared", "testdata").toAbsolutePath().normalize();
  }

  @Test
  void everyCaseRunsWithinFivePercentOrFailsClearly() throws IOException {
    Path root = root();
    assumeTrue(Files.isDirectory(root), "skipped: " + root + " not found (conformance data lives beside the repo)");
    List<Path> cases = new ArrayList<>();
    for (String suite : List.of("onnx-backend", "onnx-node")) {
      try (Stream<Path> s = Files.list(root.resolve(suite))) {
        s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().forEach(cases::add);
      }
    }
    Map<String, String> table = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    int ok = 0;
    int unsupported = 0;
    for (Path c : cases) {
      String name = c.getFileName().toString();
      String row;
      try {
        Graph g = OnnxImporter.importModel(c.resolve("model.onnx"), ImportOptions.defaults());
        List<float[]> x = new ArrayList<>();
        for (int k = 0; k < g.inputs().size(); k++) {
          x.add(readPb(c.resolve("test_data_set_0/input_" + k + ".pb")));
        }
        float[] want = readPb(c.resolve("test_data_set_0/output_0.pb"));
        QuantizedGraph q = Quantizer.quantize(g, List.of(x));
        float[] got = new IntegerEngine(q).runFloat(x).dequantizedOutputs().get(0);
        double e = Accuracy.of(got, want).relL2Error();
        boolean pass = e <= 0.05;
        row = String.format(Locale.ROOT, "%-11s rel-L2 %.5f", pass ? "ok" : "INACCURATE", e);
        if (pass) {
          ok++;
        } else if (!KNOWN_INACCURATE.contains(name)) {
          failures.add(name + " rel-L2 " + e);
        }
        if (pass && KNOWN_INACCURATE.contains(name)) {
          failures.add(name + " now passes: remove it from KNOWN_INACCURATE");
        }
      } catch (ModelImportException | QuantizationException e) {
        unsupported++;
        String m = e.getMessage();
        row = "unsupported " + m.substring(m.lastIndexOf(':') + 1).trim();
        if (m.contains("\n") || m.isBlank()) {
          failures.add(name + ": message is not one line");
        }
      } catch (RuntimeException e) {
        row = "CRASH " + e;
        failures.add(name + " crashed: " + e);
      }
      table.put(name, row);
    }
    table.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-80s %s%n", k, v));
    System.out.printf(Locale.ROOT, "conformance: %d cases, %d within 5%%, %d unsupported, %d known inaccurate%n",
        cases.size(), ok, unsupported, cases.size() - ok - unsupported);
    assertTrue(failures.isEmpty(), String.join("\n", failures));
    assertEquals(cases.size(), table.size());
  }

  /** A float32 TensorProto (raw_data little-endian, or float_data). */
  private static float[] readPb(Path p) throws IOException {
    TensorProto t = TensorProto.parseFrom(Files.readAllBytes(p));
    if (!t.getRawData().isEmpty()) {
      ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      float[] f = new float[b.remaining() / 4];
      b.asFloatBuffer().get(f);
      return f;
    }
    float[] f = new float[t.getFloatDataCount()];
    for (int i = 0; i < f.length; i++) {
      f[i] = t.getFloatData(i);
    }
    return f;
  }
}
