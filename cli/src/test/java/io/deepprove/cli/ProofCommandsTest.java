package io.deepprove.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepprove.onnx.examples.ExampleModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** setup → prove → verify through the command line, and the errors users see. */
class ProofCommandsTest {

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @TempDir static Path dir;
  static Path model;
  static Path input;
  static Path other;

  @BeforeAll
  static void setup() throws Exception {
    model = dir.resolve("tiny.onnx");
    Files.write(model, ExampleModels.mlp("tiny", new int[] {12, 8, 3}, 4).toByteArray());
    input = dir.resolve("x.json");
    Files.writeString(input, "{\"input_data\": [[0.1, 0.9, 0.3, 0.5, 0.7, 0.2, 0.8, 0.4, 0.6, 0.05, 0.95, 0.33]]}");
    other = dir.resolve("y.json");
    Files.writeString(other, "{\"input_data\": [[0.9, 0.1, 0.3, 0.5, 0.7, 0.2, 0.8, 0.4, 0.6, 0.05, 0.95, 0.33]]}");
    Result r = run("setup", model.toString(), "--calibration", input.toString(), "--out", dir.toString());
    assertEquals(0, r.code(), r.err());
    Result p = run("prove", "--input", input.toString(), "--pk", dir.resolve("model.pk").toString(),
        "--proof", dir.resolve("proof.bin").toString(), "--output", dir.resolve("out.json").toString());
    assertEquals(0, p.code(), p.err());
  }

  private static String vk() {
    return dir.resolve("model.vk").toString();
  }

  private static String proof() {
    return dir.resolve("proof.bin").toString();
  }

  private static void assertOneLineError(Result r, int code) {
    assertEquals(code, r.code(), r.out() + r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    assertTrue(r.err().strip().lines().count() <= 2, r.err());
  }

  @Test
  void validProofVerifiesAndPrintsTheOutput() throws Exception {
    Result r = run("verify", proof(), "--vk", vk(), "--input", input.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertTrue(j.get("valid").asBoolean());
    assertEquals(64, j.get("model_commitment").asText().length());
    assertEquals(3, j.get("output").size());
    JsonNode out = new ObjectMapper().readTree(dir.resolve("out.json").toFile());
    assertEquals(3, out.get("output_data").get(0).size());
    JsonNode settings = new ObjectMapper().readTree(dir.resolve("settings.json").toFile());
    assertEquals(j.get("model_commitment").asText(), settings.get("model_commitment").asText());
  }

  @Test
  void proofAboutAnotherInputIsInvalid() {
    Result r = run("verify", proof(), "--vk", vk(), "--input", other.toString());
    assertOneLineError(r, 1);
    assertTrue(r.err().contains("EXPECTED_INPUT"), r.err());
  }

  @Test
  void tamperedProofIsInvalid() throws Exception {
    byte[] b = Files.readAllBytes(dir.resolve("proof.bin"));
    for (double frac : new double[] {0.1, 0.5, 0.9}) {
      byte[] t = b.clone();
      t[(int) (frac * t.length)] ^= 0x10;
      Path tp = dir.resolve("t.bin");
      Files.write(tp, t);
      Result r = run("verify", tp.toString(), "--vk", vk());
      // a flip either breaks a verifier check (exit 1) or the proof's encoding (exit 2, bad input)
      assertOneLineError(r, r.err().contains("malformed proof") ? 2 : 1);
      assertTrue(r.err().startsWith(tp + ": "), r.err());
    }
  }

  @Test
  void proofsThatDoNotParseAreBadInput() throws Exception {
    byte[] b = Files.readAllBytes(dir.resolve("proof.bin"));
    Path truncated = dir.resolve("truncated.bin");
    Files.write(truncated, Arrays.copyOf(b, b.length / 2));
    Path garbage = dir.resolve("garbage.bin");
    Files.writeString(garbage, "not a proof");
    for (Path p : new Path[] {truncated, garbage}) {
      Result r = run("verify", p.toString(), "--vk", vk(), "--json");
      assertOneLineError(r, 2);
      assertTrue(r.err().startsWith(p + ": malformed proof: "), r.err());
      assertFalse(new ObjectMapper().readTree(r.out()).get("valid").asBoolean(), r.out());
    }
  }

  @Test
  void unreadableFilesAreUsageErrors() throws Exception {
    assertOneLineError(run("verify", dir.resolve("missing.bin").toString(), "--vk", vk()), 2);
    Path badVk = dir.resolve("bad.vk");
    Files.write(badVk, new byte[] {1, 2, 3});
    Result r = run("verify", proof(), "--vk", badVk.toString());
    assertOneLineError(r, 2);
    assertTrue(r.err().contains("bad.vk"), r.err());
    Path nan = dir.resolve("nan.json");
    Files.writeString(nan, "{\"input_data\": [[NaN, 1, 2]]}");
    assertOneLineError(run("prove", "--input", nan.toString(), "--pk", dir.resolve("model.pk").toString(),
        "--proof", dir.resolve("p2.bin").toString()), 2);
    Path shortInput = dir.resolve("short.json");
    Files.writeString(shortInput, "{\"input_data\": [[0.5, 0.5]]}");
    assertOneLineError(run("prove", "--input", shortInput.toString(), "--pk", dir.resolve("model.pk").toString(),
        "--proof", dir.resolve("p3.bin").toString()), 2);
    assertFalse(Files.exists(dir.resolve("p3.bin")), "no partial output");
    assertOneLineError(run("setup", dir.resolve("nothing.onnx").toString(), "--out", dir.resolve("o").toString()), 2);
  }

  @Test
  void weightsChangedInTheProvingKeyAreRefused() throws Exception {
    byte[] pk = Files.readAllBytes(dir.resolve("model.pk"));
    byte[] t = pk.clone();
    t[t.length - 20] ^= 0x01; // a weight near the end (the last tensor's values)
    Path tp = dir.resolve("changed.pk");
    Files.write(tp, t);
    Result r = run("prove", "--input", input.toString(), "--pk", tp.toString(), "--proof",
        dir.resolve("p4.bin").toString());
    assertOneLineError(r, 2);
    assertTrue(r.err().contains("do not match"), r.err());
  }

  @Test
  void benchPrintsExactlyTheContractKeys() throws Exception {
    Result r = run("bench", model.toString(), "--input", input.toString(), "--calibration", input.toString(),
        "--runs", "1", "--warmups", "0", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    java.util.List<String> keys = new java.util.ArrayList<>();
    j.fieldNames().forEachRemaining(keys::add);
    assertEquals(java.util.List.of("setup_ms", "prove_ms", "verify_ms", "proof_bytes", "infer_ms", "ratio",
        "peak_heap_mb", "threads"), keys);
    Result batched = run("bench", model.toString(), "--input", input.toString(), "--calibration", input.toString(),
        "--runs", "1", "--warmups", "0", "--batch", "3", "--json");
    assertEquals(0, batched.code(), batched.err());
    assertOneLineError(run("bench", model.toString(), "--batch", "0"), 2);
  }

  @Test
  void benchWarmsUpForAFewSecondsByDefault() throws Exception {
    Result r = run("bench", model.toString(), "--input", input.toString(), "--calibration", input.toString(),
        "--runs", "1");
    assertEquals(0, r.code(), r.err());
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("after (\\d+) warm-ups").matcher(r.out());
    assertTrue(m.find(), r.out());
    int warmed = Integer.parseInt(m.group(1));
    assertTrue(warmed >= BenchCommand.AUTO_WARMUP_MIN && warmed <= BenchCommand.AUTO_WARMUP_MAX, r.out());
    Result fixed = run("bench", model.toString(), "--input", input.toString(), "--calibration", input.toString(),
        "--runs", "1", "--warmups", "3");
    assertTrue(fixed.out().contains("after 3 warm-ups"), fixed.out());
  }

  @Test
  void aBatchOfInputsIsOneProofThatListsEverySample() throws Exception {
    Path vec = dir.resolve("vectors");
    Files.createDirectories(vec);
    Files.copy(input, vec.resolve("a.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.copy(other, vec.resolve("b.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(vec.resolve("notes.txt"), "not an input");
    String pk = dir.resolve("model.pk").toString();
    Path batchProof = dir.resolve("batch.bin");
    Path batchOut = dir.resolve("batch-out.json");
    Result p = run("prove", "--batch", vec.toString(), "--pk", pk, "--proof", batchProof.toString(), "--output",
        batchOut.toString(), "--json");
    assertEquals(0, p.code(), p.err());
    JsonNode pj = new ObjectMapper().readTree(p.out());
    assertEquals(2, pj.get("batch").asInt());
    assertEquals(2, new ObjectMapper().readTree(batchOut.toFile()).get("output_data").size());

    Result v = run("verify", batchProof.toString(), "--vk", vk(), "--input", input.toString(), "--input",
        other.toString(), "--json");
    assertEquals(0, v.code(), v.err());
    JsonNode vj = new ObjectMapper().readTree(v.out());
    assertEquals(2, vj.get("samples").size());
    // the single proof of `input` states the same output as the batch's first sample
    JsonNode single = new ObjectMapper().readTree(run("verify", proof(), "--vk", vk(), "--json").out());
    assertEquals(single.get("output"), vj.get("samples").get(0).get("outputs").get(0));
    assertEquals(single.get("input_digest"), vj.get("samples").get(0).get("input_digest"));
    assertFalse(vj.get("samples").get(0).get("input_digest").equals(vj.get("samples").get(1).get("input_digest")));

    // the same inputs given one by one make the same proof
    Path twice = dir.resolve("twice.bin");
    assertEquals(0, run("prove", "--input", input.toString(), "--input", other.toString(), "--pk", pk, "--proof",
        twice.toString()).code());
    assertTrue(java.util.Arrays.equals(Files.readAllBytes(batchProof), Files.readAllBytes(twice)));

    // wrong order, wrong count: invalid for those inputs
    Result swapped = run("verify", batchProof.toString(), "--vk", vk(), "--input", other.toString(), "--input",
        input.toString());
    assertOneLineError(swapped, 1);
    assertTrue(swapped.err().contains("EXPECTED_INPUT"), swapped.err());
    assertOneLineError(run("verify", batchProof.toString(), "--vk", vk(), "--input", input.toString()), 1);
    // both --input and --batch, or neither: a usage error
    assertOneLineError(run("prove", "--batch", vec.toString(), "--input", input.toString(), "--pk", pk), 2);
    assertOneLineError(run("prove", "--pk", pk), 2);
    assertOneLineError(run("prove", "--batch", dir.resolve("nowhere").toString(), "--pk", pk), 2);
  }
}
