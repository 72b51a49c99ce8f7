package io.deepprove.commit;

import io.deepprove.core.codec.BinaryReader;
import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.pcs.OpeningClaim;
import io.deepprove.core.pcs.PolynomialCommitment.Committed;
import io.deepprove.core.field.Ext2;
import io.deepprove.core.poly.Multilinear;
import io.deepprove.core.transcript.Transcript;
import io.deepprove.core.verify.VerificationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The end-to-end figures behind {@code deepprove bench pcs}: commit to a random polynomial of 2^N
 * base-field values, open K claims at random extension points in one proof, verify it. Each phase
 * is warmed up, then timed {@code repetitions} times; the median is reported.
 */
public final class PcsBenchmark {

  /** The measured figures (milliseconds, bytes, bits). */
  public record Result(double commitMs, double openMs, double verifyMs, int proofBytes, int securityBits) {}

  private PcsBenchmark() {}

  /**
   * Runs the benchmark. {@code logSize} in 0..params.maxVars(), {@code claims} in 1..1024,
   * {@code repetitions} ≥ 1.
   */
  public static Result run(PcsParams params, int logSize, int claims, int threads, int repetitions) {
    if (logSize < 0 || logSize > params.maxVars()) {
      throw new IllegalArgumentException("log size must be in 0.." + params.maxVars() + ", got " + logSize);
    }
    if (claims < 1 || claims > 1024) {
      throw new IllegalArgumentException("claims must be in 1..1024, got " + claims);
    }
    if (repetitions < 1) {
      throw new IllegalArgumentException("repetitions must be at least 1");
    }
    BasefoldPcs pcs = new BasefoldPcs(params, threads);
    SplittableRandom rng = new SplittableRandom(0x5eed_0000L + logSize);
    // warm-up on a smaller instance so the JIT has compiled every path before the timed runs
    int warmSize = Math.min(logSize, 16);
    long[] warmPoly = randomPoly(rng, warmSize);
    for (int i = 0; i < 3; i++) {
      once(pcs, warmPoly, claimsFor(rng, warmPoly, Math.min(claims, 4)), 5);
    }
    long[] poly = randomPoly(rng, logSize);
    List<OpeningClaim> cs = claimsFor(rng, poly, claims);
    double[][] runs = new double[repetitions][];
    int proofBytes = 0;
    for (int i = 0; i < repetitions; i++) {
      Sample sample = once(pcs, poly, cs, 15);
      runs[i] = new double[] {sample.commitMs, sample.openMs, sample.verifyMs};
      proofBytes = sample.proofBytes;
    }
    return new Result(
        median(runs, 0), median(runs, 1), median(runs, 2), proofBytes, params.securityBits(logSize));
  }

  private record Sample(double commitMs, double openMs, double verifyMs, int proofBytes) {}

  private static Sample once(BasefoldPcs pcs, long[] poly, List<OpeningClaim> claims, int verifyReps) {
    long t0 = System.nanoTime();
    Committed committed = pcs.commit(List.of(poly));
    long t1 = System.nanoTime();
    BasefoldProof proof = pcs.open(committed.proverData(), claims, new Transcript("bench"));
    long t2 = System.nanoTime();
    byte[] bytes = proof.toBytes();
    double[] verifyMs = new double[verifyReps];
    for (int i = 0; i < verifyReps; i++) {
      long v0 = System.nanoTime();
      try {
        BasefoldProof read = pcs.readOpeningProof(new BinaryReader(bytes, "proof"));
        pcs.verify(committed.commitment(), claims, read, new Transcript("bench"));
      } catch (ProofFormatException | VerificationException e) {
        throw new IllegalStateException("an honest proof was rejected: " + e.getMessage(), e);
      }
      verifyMs[i] = (System.nanoTime() - v0) / 1e6;
    }
    Arrays.sort(verifyMs);
    return new Sample((t1 - t0) / 1e6, (t2 - t1) / 1e6, verifyMs[verifyReps / 2], bytes.length);
  }

  private static double median(double[][] runs, int column) {
    double[] xs = new double[runs.length];
    for (int i = 0; i < runs.length; i++) {
      xs[i] = runs[i][column];
    }
    Arrays.sort(xs);
    return xs[xs.length / 2];
  }

  private static long[] randomPoly(SplittableRandom rng, int vars) {
    long[] p = new long[1 << vars];
    for (int i = 0; i < p.length; i++) {
      p[i] = Goldilocks.random(rng);
    }
    return p;
  }

  private static List<OpeningClaim> claimsFor(SplittableRandom rng, long[] poly, int count) {
    int vars = Multilinear.numVars(poly.length);
    List<OpeningClaim> claims = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Ext2[] point = new Ext2[vars];
      for (int k = 0; k < vars; k++) {
        point[k] = Ext2.random(rng);
      }
      claims.add(new OpeningClaim(0, point, Multilinear.evaluateBase(poly, point)));
    }
    return claims;
  }
}
