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

class BenchLookupCommandTest {

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void jsonHasExactlyTheContractKeys() throws Exception {
    Result r = run("bench", "lookup", "--table-bits", "4", "--log-lookups", "6", "--warmups", "0", "--runs", "1", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode o = new ObjectMapper().readTree(r.out());
    List<String> keys = new ArrayList<>();
    o.fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of("prove_ms", "verify_ms", "proof_bytes"), keys);
    assertTrue(o.get("prove_ms").asDouble() >= 0);
    assertTrue(o.get("verify_ms").asDouble() >= 0);
    // header + 6 depths of rounds and children + one input and one multiplicity evaluation
    assertEquals(8 + 16 * (4 * (0 + 1 + 2 + 3 + 4 + 5) + 4 * (6 + 4) + 2), o.get("proof_bytes").asInt());
  }

  @Test
  void textOutputNamesTheFigures() {
    Result r = run("bench", "lookup", "--table-bits", "8", "--log-lookups", "0", "--warmups", "0", "--runs", "1");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("prove_ms") && r.out().contains("verify_ms") && r.out().contains("proof_bytes"), r.out());
  }

  @Test
  void usageErrorsAreOneLineAndExitTwo() {
    String[][] bad = {
      {"bench", "lookup", "--table-bits", "17", "--log-lookups", "4"},
      {"bench", "lookup", "--table-bits", "0", "--log-lookups", "4"},
      {"bench", "lookup", "--table-bits", "8", "--log-lookups", "-1"},
      {"bench", "lookup", "--table-bits", "8", "--log-lookups", "25"},
      {"bench", "lookup", "--table-bits", "8", "--log-lookups", "4", "--runs", "0"},
      {"bench", "lookup", "--table-bits", "8", "--log-lookups", "4", "--threads", "0"},
    };
    for (String[] args : bad) {
      Result r = run(args);
      assertEquals(2, r.code(), String.join(" ", args));
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.out().isEmpty(), r.out());
    }
  }

  @Test
  void missingOrMalformedOptionsAreOneLineAndExitTwo() {
    String[][] bad = {
      {"bench", "lookup", "--table-bits", "8"},
      {"bench", "lookup", "--log-lookups", "8"},
      {"bench", "lookup", "--table-bits", "eight", "--log-lookups", "4"},
      {"bench", "lookup", "--table-bits", "8", "--log-lookups", "4", "--warmups", "x"},
    };
    for (String[] args : bad) {
      Result r = run(args);
      assertEquals(2, r.code(), String.join(" ", args));
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }
  }
}
