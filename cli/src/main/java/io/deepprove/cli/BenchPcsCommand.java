package io.deepprove.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepprove.commit.PcsBenchmark;
import io.deepprove.commit.PcsParams;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code deepprove bench pcs --log-size N [--claims K] [--json]}: commit to a random polynomial of
 * 2^N base-field values, open K claims in one proof, verify it; prints commit_ms, open_ms,
 * verify_ms, proof_bytes and security_bits (medians after a warm-up, see {@link PcsBenchmark}).
 * Options are parsed here and handed to {@link PcsBenchmark#run}; usage errors are one line, exit 2.
 */
@Command(
    name = "pcs",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {"Benchmark the polynomial commitment: commit, one batched opening, verification."})
final class BenchPcsCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--log-size", paramLabel = "N", description = "commit to 2^N base-field values (required)")
  String logSize;

  @Option(names = "--claims", paramLabel = "K", description = "claims opened in one proof (default: 1)")
  String claims;

  @Option(names = "--preset", paramLabel = "NAME",
      description = "parameters: conjectured-100 (default), conjectured-128, proven-100")
  String preset;

  @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: all cores)")
  String threads;

  @Option(names = "--repetitions", paramLabel = "R", description = "timed runs, median reported (default: 3)")
  String repetitions;

  @Option(names = "--json", description = "one JSON object with the keys commit_ms, open_ms, verify_ms, proof_bytes, security_bits")
  boolean json;

  @CommandLine.Unmatched List<String> unmatched;

  /** A usage error: reported on one line, exit code 2. */
  private static final class UsageError extends Exception {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
      super(message);
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PcsParams params;
    int n;
    int k;
    int t;
    int reps;
    try {
      if (unmatched != null && !unmatched.isEmpty()) {
        throw new UsageError("unknown argument: " + unmatched.get(0));
      }
      params = preset(preset);
      if (logSize == null) {
        throw new UsageError("--log-size N is required");
      }
      n = integer("--log-size", logSize, 0, params.maxVars());
      k = claims == null ? 1 : integer("--claims", claims, 1, 1024);
      t = threads == null ? Runtime.getRuntime().availableProcessors() : integer("--threads", threads, 1, 256);
      reps = repetitions == null ? 3 : integer("--repetitions", repetitions, 1, 100);
    } catch (UsageError e) {
      err.println("bench pcs: " + e.getMessage());
      err.flush();
      return Main.EXIT_USAGE;
    }
    PcsBenchmark.Result r = PcsBenchmark.run(params, n, k, t, reps);
    if (json) {
      out.println(toJson(r));
    } else {
      out.printf(Locale.ROOT, "pcs %s, 2^%d values, %d claim(s), %d thread(s), median of %d%n",
          params.name(), n, k, t, reps);
      out.printf(Locale.ROOT, "commit_ms      %10.2f%n", r.commitMs());
      out.printf(Locale.ROOT, "open_ms        %10.2f%n", r.openMs());
      out.printf(Locale.ROOT, "verify_ms      %10.3f%n", r.verifyMs());
      out.printf(Locale.ROOT, "proof_bytes    %10d%n", r.proofBytes());
      out.printf(Locale.ROOT, "security_bits  %10d%n", r.securityBits());
    }
    out.flush();
    return 0;
  }

  static String toJson(PcsBenchmark.Result r) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode o = mapper.createObjectNode();
    o.put("commit_ms", round(r.commitMs(), 100));
    o.put("open_ms", round(r.openMs(), 100));
    o.put("verify_ms", round(r.verifyMs(), 1000));
    o.put("proof_bytes", r.proofBytes());
    o.put("security_bits", r.securityBits());
    return o.toString();
  }

  private static double round(double x, double scale) {
    return Math.round(x * scale) / scale;
  }

  private static PcsParams preset(String name) throws UsageError {
    if (name == null) {
      return PcsParams.DEFAULT;
    }
    for (PcsParams p : List.of(PcsParams.CONJECTURED_100, PcsParams.CONJECTURED_128, PcsParams.PROVEN_100)) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new UsageError("--preset: unknown preset " + name + " (conjectured-100, conjectured-128, proven-100)");
  }

  private static int integer(String option, String text, int min, int max) throws UsageError {
    int v;
    try {
      v = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new UsageError(option + ": not an integer: " + text);
    }
    if (v < min || v > max) {
      throw new UsageError(option + ": must be in " + min + ".." + max + ", got " + v);
    }
    return v;
  }
}
