package io.deepprove.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepprove.lookup.LookupBenchmark;
import io.deepprove.lookup.RangeTable;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code deepprove bench lookup --table-bits B --log-lookups L [--json]}: proves and verifies 2^L
 * random lookups into Range(B) and prints prove_ms, verify_ms (medians of warm runs) and
 * proof_bytes. The measurement itself is {@link LookupBenchmark}.
 */
@Command(
    name = "lookup",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Prove and verify 2^L random lookups into a B-bit range table (LogUp-GKR).",
      "Prints prove_ms and verify_ms (medians of warm runs) and proof_bytes."
    })
final class BenchLookupCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  // Options are read as strings and checked in call(), so that every usage error (missing,
  // malformed or out of range) is one line on stderr and exit code 2.
  @Option(names = "--table-bits", paramLabel = "B", description = "range table of 2^B rows, 1..16 (required)")
  String tableBitsArg;

  @Option(names = "--log-lookups", paramLabel = "L", description = "2^L looked-up values, 0..24 (required)")
  String logLookupsArg;

  @Option(names = "--warmups", paramLabel = "N", description = "untimed runs first (default: 3)")
  String warmupsArg = "3";

  @Option(names = "--runs", paramLabel = "N", description = "timed runs, the median is printed (default: 5)")
  String runsArg = "5";

  @Option(names = "--threads", paramLabel = "N",
      description = "prover threads (default: the number of processors)")
  String threadsArg;

  @Option(names = "--json", description = "machine-readable output (one JSON object)")
  boolean json;

  /** The largest L accepted here (2^24 lookups take a few GiB of heap). */
  static final int MAX_LOG_LOOKUPS = 24;

  /** A usage error: its message is the one line printed. */
  private static final class Usage extends Exception {
    private static final long serialVersionUID = 1L;

    Usage(String message) {
      super(message);
    }
  }

  private static int intOption(String name, String value, int min, int max) throws Usage {
    if (value == null) {
      throw new Usage(name + ": required");
    }
    int v;
    try {
      v = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new Usage(name + ": not an integer: '" + value + "'");
    }
    if (v < min || v > max) {
      throw new Usage(name + ": must be in " + min + ".." + max + ", got " + v);
    }
    return v;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int tableBits;
    int logLookups;
    int warmups;
    int runs;
    int th;
    try {
      tableBits = intOption("--table-bits", tableBitsArg, 1, RangeTable.MAX_BITS);
      logLookups = intOption("--log-lookups", logLookupsArg, 0, MAX_LOG_LOOKUPS);
      warmups = intOption("--warmups", warmupsArg, 0, 1000);
      runs = intOption("--runs", runsArg, 1, 1000);
      th = threadsArg == null
          ? Runtime.getRuntime().availableProcessors()
          : intOption("--threads", threadsArg, 1, 1024);
    } catch (Usage e) {
      err.println(e.getMessage());
      err.flush();
      return Main.EXIT_USAGE;
    }
    LookupBenchmark.Result r = LookupBenchmark.run(tableBits, logLookups, warmups, runs, th);
    if (json) {
      ObjectNode o = new ObjectMapper().createObjectNode();
      o.put("prove_ms", round(r.proveMs()));
      o.put("verify_ms", round(r.verifyMs()));
      o.put("proof_bytes", r.proofBytes());
      out.println(o.toString());
    } else {
      out.printf(Locale.ROOT, "lookup bench: 2^%d lookups into Range(%d), %d thread(s)%n", logLookups, tableBits, th);
      out.printf(Locale.ROOT, "prove_ms    %.3f   (fastest of %d runs: %.3f)%n", r.proveMs(), runs, r.proveMinMs());
      out.printf(Locale.ROOT, "verify_ms   %.3f   (fastest of %d runs: %.3f)%n", r.verifyMs(), runs, r.verifyMinMs());
      out.printf(Locale.ROOT, "proof_bytes %d%n", r.proofBytes());
      out.printf(Locale.ROOT, "prove CPU time, all threads of this JVM: %.3f ms (median)%n", r.proveCpuMs());
    }
    out.flush();
    return 0;
  }

  private static double round(double ms) {
    return Math.round(ms * 1000) / 1000.0;
  }
}
