package io.deepprove.bench;

import io.deepprove.commit.BasefoldPcs;
import io.deepprove.commit.BasefoldProof;
import io.deepprove.commit.PcsParams;
import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.pcs.OpeningClaim;
import io.deepprove.core.pcs.PolynomialCommitment.Committed;
import io.deepprove.core.poly.Multilinear;
import io.deepprove.core.transcript.Transcript;
import io.deepprove.core.verify.VerificationException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Basefold commitment's three phases at 2^logSize base-field values, default preset, all
 * cores, one claim at a random Ext2 point: commit, open (one batched opening), verify.
 * {@code deepprove bench pcs} reports the same phases end to end; this is the JMH view of them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class PcsBench {

  @Param({"16", "20"})
  int logSize;

  BasefoldPcs pcs;
  long[] poly;
  List<OpeningClaim> claims;
  Committed committed;
  BasefoldProof proof;

  @Setup
  public void setup() {
    pcs = new BasefoldPcs(PcsParams.DEFAULT);
    SplittableRandom rng = new SplittableRandom(42);
    poly = new long[1 << logSize];
    for (int i = 0; i < poly.length; i++) {
      poly[i] = Goldilocks.random(rng);
    }
    Ext2[] point = new Ext2[logSize];
    for (int i = 0; i < logSize; i++) {
      point[i] = Ext2.random(rng);
    }
    claims = List.of(new OpeningClaim(0, point, Multilinear.evaluateBase(poly, point)));
    committed = pcs.commit(List.of(poly));
    proof = pcs.open(committed.proverData(), claims, new Transcript("bench"));
  }

  @Benchmark
  public Committed commit() {
    return pcs.commit(List.of(poly));
  }

  @Benchmark
  public BasefoldProof open() {
    return pcs.open(committed.proverData(), claims, new Transcript("bench"));
  }

  @Benchmark
  public boolean verify() throws VerificationException {
    pcs.verify(committed.commitment(), claims, proof, new Transcript("bench"));
    return true;
  }
}
