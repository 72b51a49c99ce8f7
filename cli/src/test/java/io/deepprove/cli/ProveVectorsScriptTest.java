package io.deepprove.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepprove.onnx.examples.ExampleModels;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/prove-vectors.sh} end to end: setup once, one batch proof of every vector, verify,
 * summary, exit codes. The script drives this build's CLI through a small launcher on the test
 * class path (the jar is not packaged yet when tests run).
 */
class ProveVectorsScriptTest {

  @TempDir Path dir;

  private record Run(int code, String err) {}

  private Run script(Path launcher, String... args) throws Exception {
    Path script = Path.of("..", "scripts", "prove-vectors.sh").toAbsolutePath().normalize();
    List<String> cmd = new java.util.ArrayList<>(List.of("bash", script.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(dir.resolve("stdout").toFile())
        .redirectError(dir.resolve("stderr").toFile());
    pb.environment().put("DEEPPROVE", launcher.toString());
    Process p = pb.start();
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the script finished");
    return new Run(p.exitValue(), Files.readString(dir.resolve("stderr")));
  }

  private Path launcher() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path l = dir.resolve("deepprove-test");
    Files.writeString(l, "#!/bin/sh\nexec '" + java + "' -cp '" + System.getProperty("java.class.path")
        + "' io.deepprove.cli.Main \"$@\"\n", StandardCharsets.UTF_8);
    assertTrue(l.toFile().setExecutable(true));
    return l;
  }

  private static boolean hasBash() {
    for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(p, "bash"))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void provesEveryVectorInOneProofAndSummarizes() throws Exception {
    assumeTrue(hasBash(), "bash is not on PATH; the script needs it");
    Path launcher = launcher();
    Path vec = Files.createDirectories(dir.resolve("vectors"));
    Files.write(vec.resolve("model.onnx"), ExampleModels.mlp("tiny", new int[] {6, 5, 3}, 9).toByteArray());
    Files.writeString(vec.resolve("a.json"), "{\"input_data\": [[0.1, 0.9, 0.3, 0.5, 0.7, 0.2]]}");
    Files.writeString(vec.resolve("b.json"), "{\"input_data\": [[0.6, 0.2, 0.8, 0.1, 0.4, 0.3]]}");
    Files.writeString(vec.resolve("c.json"), "{\"input_data\": [[0.5, 0.5, 0.5, 0.5, 0.5, 0.5]]}");

    Run ok = script(launcher, "--out", "out", "vectors");
    assertEquals(0, ok.code(), ok.err());
    JsonNode s = new ObjectMapper().readTree(dir.resolve("out/summary.json").toFile());
    assertTrue(s.get("passed").asBoolean());
    assertEquals(3, s.get("vectors").size());
    JsonNode samples = s.get("verify").get("samples");
    assertEquals(3, samples.size());
    assertTrue(samples.get(1).get("file").asText().endsWith("b.json"));
    assertEquals(3, samples.get(1).get("outputs").get(0).size());
    assertEquals(3, s.get("prove").get("batch").asInt());
    assertTrue(Files.exists(dir.resolve("out/proof.bin")));

    // a malformed vector: the prove stage fails, the summary names it, exit 2
    Files.writeString(vec.resolve("d.json"), "{\"input_data\": [[1, 2]]}");
    Run bad = script(launcher, "--out", "out", "vectors");
    assertEquals(2, bad.code(), bad.err());
    JsonNode b = new ObjectMapper().readTree(dir.resolve("out/summary.json").toFile());
    assertFalse(b.get("passed").asBoolean());
    assertEquals("prove", b.get("stage").asText());
    assertTrue(b.get("error").asText().contains("d.json"), b.get("error").asText());

    // no model, no directory: usage errors
    assertEquals(2, script(launcher, "--out", "out", "nowhere").code());
    assertEquals(2, script(launcher, "--model", "missing.onnx", "vectors").code());
  }
}
