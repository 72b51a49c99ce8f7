package io.deepprove.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void helpListsTheContractAndExitCodes() {
    Result r = run("--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("Usage: deepprove"), r.out());
    assertTrue(r.out().contains("Exit codes"), r.out());
  }

  @Test
  void versionNamesTheFilteredProjectVersion() {
    Result r = run("--version");
    assertEquals(0, r.code());
    assertTrue(r.out().startsWith("deepprove "), r.out());
    assertTrue(!r.out().contains("${project.version}") && !r.out().contains("unknown"), r.out());
    // the tests' JVM does not resolve jdk.incubator.vector, and --version says why the kernels are off
    assertTrue(r.out().contains("sum-check vector kernels: off: jdk.incubator.vector is not resolved"), r.out());
  }

  @Test
  void unknownOptionIsAUsageErrorWithExitCode2() {
    Result r = run("--no-such-option");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--no-such-option"), r.err());
    assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
  }
}
