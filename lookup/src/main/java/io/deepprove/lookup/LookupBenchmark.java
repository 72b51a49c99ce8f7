package io.deepprove.lookup;

import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.core.transcript.Transcript;
import io.deepprove.core.verify.VerificationException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The measurement behind {@code deepprove bench lookup}: 2^logLookups uniformly random values
 * looked up in {@code Range(tableBits)}.
 *
 * <ul>
 *   <li>prove = computing the multiplicities ({@link LookupWitness.Builder#build}), {@link
 *       LogUpGkr#prove} and serializing the proof;
 *   <li>verify = parsing the bytes ({@link LogUpProof#read}) and {@link LogUpGkr#verify}, which
 *       returns the column claims. Closing those claims is the commitment scheme's opening and is
 *       not timed here (this module commits to nothing).
 * </ul>
 *
 * Each figure is the median of {@code runs} timed runs after {@code warmups} untimed ones (JIT).
 * Every timed proof is checked: it must verify and its claims must match the columns.
 */
public final class LookupBenchmark {

  /**
   * Milliseconds to prove and to verify (medians, and the fastest run: on a shared machine the
   * minimum is the better estimate of the unloaded time), the serialized proof size in bytes, and
   * the median CPU time of the whole process (all threads: prover, GC, JIT) while proving, which
   * other processes' load does not inflate; -1 where the JVM cannot measure it.
   */
  public record Result(
      double proveMs, double verifyMs, int proofBytes, double proveMinMs, double verifyMinMs,
      double proveCpuMs) {}

  private LookupBenchmark() {}

  public static Result run(int tableBits, int logLookups, int warmups, int runs, int threads) {
    if (tableBits < 1 || tableBits > RangeTable.MAX_BITS) {
      throw new IllegalArgumentException("table bits must be in 1.." + RangeTable.MAX_BITS + ", got " + tableBits);
    }
    if (logLookups < 0 || logLookups > LookupStatement.MAX_LOG_LENGTH) {
      throw new IllegalArgumentException(
          "log lookups must be in 0.." + LookupStatement.MAX_LOG_LENGTH + ", got " + logLookups);
    }
    if (warmups < 0 || runs < 1 || threads < 1) {
      throw new IllegalArgumentException("need warmups >= 0, runs >= 1, threads >= 1");
    }
    RangeTable table = Tables.range(tableBits);
    long[] values = new long[1 << logLookups];
    SplittableRandom rng = new SplittableRandom(0x5EED_1234L);
    for (int i = 0; i < values.length; i++) {
      values[i] = rng.nextLong(1L << tableBits);
    }
    double[] prove = new double[runs];
    double[] verify = new double[runs];
    double[] cpu = new double[runs];
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    com.sun.management.OperatingSystemMXBean sun =
        os instanceof com.sun.management.OperatingSystemMXBean s ? s : null;
    int bytes = 0;
    for (int it = -warmups; it < runs; it++) {
      long c0 = sun == null ? 0 : sun.getProcessCpuTime();
      long t0 = System.nanoTime();
      LookupWitness w = LookupWitness.builder().add(table, values).build();
      byte[] proof = LogUpGkr.prove(w, new Transcript("deepprove/bench-lookup"), threads).toBytes();
      long t1 = System.nanoTime();
      long c1 = sun == null ? 0 : sun.getProcessCpuTime();
      LookupClaims claims;
      try {
        LogUpProof parsed = LogUpProof.read(proof, w.statement());
        claims = LogUpGkr.verify(w.statement(), parsed, new Transcript("deepprove/bench-lookup"));
      } catch (ProofFormatException | VerificationException e) {
        throw new IllegalStateException("benchmark proof rejected: " + e.getMessage(), e);
      }
      long t2 = System.nanoTime();
      try {
        claims.close(w.evaluator());
      } catch (VerificationException e) {
        throw new IllegalStateException("benchmark claims do not match the columns: " + e.getMessage(), e);
      }
      if (it >= 0) {
        prove[it] = (t1 - t0) / 1e6;
        verify[it] = (t2 - t1) / 1e6;
        cpu[it] = sun == null || c0 < 0 ? -1 : (c1 - c0) / 1e6;
      }
      bytes = proof.length;
    }
    return new Result(median(prove), median(verify), bytes, min(prove), min(verify), median(cpu));
  }

  private static double min(double[] xs) {
    double m = Double.POSITIVE_INFINITY;
    for (double x : xs) {
      m = Math.min(m, x);
    }
    return m;
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    int n = s.length;
    return (n & 1) == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
