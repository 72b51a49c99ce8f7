package io.deepprove.bench;

import io.deepprove.sumcheck.SumcheckProver;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * A guard for the sum-check prover's vector kernels that does not time anything: it runs {@link
 * SumcheckBench} briefly under JMH's GC profiler and fails when a proof allocates more than its
 * tables need.
 *
 * <p>The kernels pass {@code LongVector} values between small methods. When C2 stops inlining one
 * of them (a kernel that grew past its inlining node budget, say), the vectors it receives are boxed
 * on the heap: the proofs stay correct and the tests pass, but the prover runs 2–5× slower. Boxing in
 * an inner loop allocates tens of megabytes per 2^22 proof, so the bytes allocated per proof are a
 * deterministic symptom of what a timing would only show as noise. A 2^22 proof must allocate the
 * two folded extension tables after round 3 (2 · 2^19 entries of 16 bytes, 16 MiB); the budget adds
 * 2 MiB for transcripts, block buffers and JIT warm-up residue. It also fails when the JVM does not
 * run the kernels at all (the module missing, or their self-check failing under a new JDK), which
 * would silently fall back to the scalar loops; it is skipped, with a message, on a CPU whose vectors
 * hold fewer than four longs, where the kernels are off by design.
 *
 * <p>Run it with the module resolved, as .ci/run does: {@code java --add-modules
 * jdk.incubator.vector -cp bench/target/benchmarks.jar io.deepprove.bench.AllocationCheck}. Exit
 * code 0 when every benchmark is within budget, 1 otherwise. It takes about half a minute. Its
 * arguments, if any, are extra JVM options for the benchmark forks, after SumcheckBench's own: {@code
 * -XX:CompileCommand=dontinline,io.deepprove.sumcheck.SimdKernels::sub} shows it failing.
 */
public final class AllocationCheck {

  private static final String PROFILER_KEY = "gc.alloc.rate.norm";

  /** Benchmark method and its allocation budget in bytes per proof. */
  private record Budget(String method, double bytes, String why) {}

  private static final Budget[] BUDGETS = {
    new Budget(
        "productOfTwo2pow22",
        (2L << 19) * 16 + (2L << 20),
        "the two folded tables (16 MiB) + 2 MiB"),
    new Budget(
        "matVec1024",
        320 << 10,
        "287 KB measured on JDK 17 and 25 + 12%; with SimdKernels.sub not inlined it is 433 KB"),
  };

  private AllocationCheck() {}

  public static void main(String[] args) throws RunnerException {
    String kernels = SumcheckProver.vectorKernels();
    if (kernels.startsWith("off: vectors hold fewer")) {
      System.out.println("allocation check skipped: vector kernels " + kernels);
      return;
    }
    if (!kernels.startsWith("on")) {
      System.err.println("allocation check: vector kernels " + kernels);
      System.exit(1);
    }
    List<String> forkArgs =
        new ArrayList<>(List.of(SumcheckBench.HEAP, SumcheckBench.VECTOR, SumcheckBench.PAGES));
    forkArgs.addAll(List.of(args));
    boolean ok = true;
    for (Budget budget : BUDGETS) {
      double bytes = allocatedPerProof(budget.method(), forkArgs);
      boolean within = bytes <= budget.bytes();
      ok &= within;
      System.out.printf(
          Locale.ROOT,
          "allocation check: %s %s: %.0f bytes per proof, budget %.0f (%s)%n",
          budget.method(),
          within ? "ok" : "OVER BUDGET",
          bytes,
          budget.bytes(),
          budget.why());
    }
    if (!ok) {
      System.err.println(
          "allocation check failed: a kernel's vectors are probably boxed (C2 stopped inlining a"
              + " helper); see bench/README.md, section \"Allocation check\"");
    }
    System.exit(ok ? 0 : 1);
  }

  private static double allocatedPerProof(String method, List<String> forkArgs)
      throws RunnerException {
    Options options =
        new OptionsBuilder()
            .include(SumcheckBench.class.getName() + "\\." + method + "$")
            .param("threads", "1")
            .forks(1)
            .jvmArgsAppend(forkArgs.toArray(String[]::new))
            .verbosity(VerboseMode.SILENT)
            .warmupIterations(5)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(3)
            .measurementTime(TimeValue.seconds(1))
            .addProfiler(GCProfiler.class)
            .build();
    Collection<RunResult> results = new Runner(options).run();
    if (results.size() != 1) {
      throw new IllegalStateException(method + ": expected one JMH result, got " + results.size());
    }
    Result<?> alloc = results.iterator().next().getSecondaryResults().get(PROFILER_KEY);
    if (alloc == null) {
      throw new IllegalStateException(method + ": JMH's GC profiler reported no " + PROFILER_KEY);
    }
    return alloc.getScore();
  }
}
