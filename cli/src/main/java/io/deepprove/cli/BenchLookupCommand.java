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

  @Option(names = "--table-bits", paramLabel = "B", required = true,
      description = "range table of 2^B rows, 1..16")
  int tableBits;

  @Option(names = "--log-lookups", paramLabel = "L", required = true,
      description = "2^L looked-up values, 0..24")
  int logLookups;

  @Option(names = "--warmups", paramLabel = "N", defaultValue = "3",
      description = "untimed runs first (default: ${DEFAULT-VALUE})")
  int warmups;

  @Option(names = "--runs", paramLabel = "N", defaultValue = "5",
      description = "timed runs, the median is printed (default: ${DEFAULT-VALUE})")
  int runs;

  @Option(names = "--threads", paramLabel = "N",
      description = "prover threads (default: the number of processors)")
  Integer threads;

  @Option(names = "--json", description = "machine-readable output (one JSON object)")
  boolean json;

  /** The largest L accepted here (2^24 lookups take a few GiB of heap). */
  static final int MAX_LOG_LOOKUPS = 24;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String problem = null;
    int th = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (tableBits < 1 || tableBits > RangeTable.MAX_BITS) {
      problem = "--table-bits: must be in 1.." + RangeTable.MAX_BITS + ", got " + tableBits;
    } else if (logLookups < 0 || logLookups > MAX_LOG_LOOKUPS) {
      problem = "--log-lookups: must be in 0.." + MAX_LOG_LOOKUPS + ", got " + logLookups;
    } else if (warmups < 0) {
      problem = "--warmups: must not be negative, got " + warmups;
    } else if (runs < 1) {
      problem = "--runs: must be positive, got " + runs;
    } else if (th < 1) {
      problem = "--threads: must be positive, got " + th;
    }
    if (problem != null) {
      err.println(problem);
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
      out.printf(Locale.ROOT, "prove_ms    %.3f%n", r.proveMs());
      out.printf(Locale.ROOT, "verify_ms   %.3f%n", r.verifyMs());
      out.printf(Locale.ROOT, "proof_bytes %d%n", r.proofBytes());
    }
    out.flush();
    return 0;
  }

  private static double round(double ms) {
    return Math.round(ms * 1000) / 1000.0;
  }
}
