package io.deepprove.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchPcsCommandTest {

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void jsonHasExactlyTheContractKeys() throws Exception {
    Result r = run("bench", "pcs", "--log-size", "10", "--claims", "3", "--repetitions", "1", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode o = new ObjectMapper().readTree(r.out());
    List<String> keys = new ArrayList<>();
    o.fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of("commit_ms", "open_ms", "verify_ms", "proof_bytes", "security_bits"), keys);
    assertTrue(o.get("proof_bytes").asInt() > 1000, r.out());
    assertEquals(100, o.get("security_bits").asInt());
    assertTrue(o.get("commit_ms").asDouble() >= 0 && o.get("verify_ms").asDouble() >= 0, r.out());
  }

  @Test
  void textOutputNamesEveryFigure() {
    Result r = run("bench", "pcs", "--log-size", "6", "--repetitions", "1", "--preset", "proven-100");
    assertEquals(0, r.code(), r.err());
    for (String key : new String[] {"commit_ms", "open_ms", "verify_ms", "proof_bytes", "security_bits", "proven-100"}) {
      assertTrue(r.out().contains(key), r.out());
    }
  }

  @Test
  void usageErrorsAreOneLineWithExitCode2() {
    String[][] bad = {
      {"bench", "pcs"},
      {"bench", "pcs", "--log-size", "abc"},
      {"bench", "pcs", "--log-size", "40"},
      {"bench", "pcs", "--log-size", "8", "--claims", "0"},
      {"bench", "pcs", "--log-size", "8", "--preset", "nope"},
      {"bench", "pcs", "--log-size", "8", "--bogus"},
    };
    for (String[] args : bad) {
      Result r = run(args);
      assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
      assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
      assertTrue(r.err().startsWith("bench pcs: "), r.err());
      assertEquals("", r.out());
    }
  }
}
