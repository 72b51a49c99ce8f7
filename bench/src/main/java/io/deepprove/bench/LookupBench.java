package io.deepprove.bench;

import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.core.transcript.Transcript;
import io.deepprove.core.verify.VerificationException;
import io.deepprove.lookup.LogUpGkr;
import io.deepprove.lookup.LogUpProof;
import io.deepprove.lookup.LookupClaims;
import io.deepprove.lookup.LookupWitness;
import io.deepprove.lookup.Tables;
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
 * LogUp-GKR on 2^logLookups random values in Range(tableBits), the workload of {@code deepprove
 * bench lookup}: proving (witness with multiplicities, proof, serialization) with 1 or 2 threads,
 * and verifying (parse and verify, claims returned but not opened).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class LookupBench {

  @Param({"16"})
  int tableBits;

  @Param({"20"})
  int logLookups;

  @Param({"2"})
  int threads;

  long[] values;
  LookupWitness witness;
  byte[] proof;

  @Setup
  public void setup() {
    SplittableRandom rng = new SplittableRandom(5);
    values = new long[1 << logLookups];
    for (int i = 0; i < values.length; i++) {
      values[i] = rng.nextLong(1L << tableBits);
    }
    witness = LookupWitness.builder().add(Tables.range(tableBits), values).build();
    proof = prove();
  }

  @Benchmark
  public byte[] prove() {
    LookupWitness w = LookupWitness.builder().add(Tables.range(tableBits), values).build();
    return LogUpGkr.prove(w, new Transcript("deepprove/bench-lookup"), threads).toBytes();
  }

  @Benchmark
  public LookupClaims verify() throws ProofFormatException, VerificationException {
    return LogUpGkr.verify(
        witness.statement(), LogUpProof.read(proof, witness.statement()), new Transcript("deepprove/bench-lookup"));
  }
}
