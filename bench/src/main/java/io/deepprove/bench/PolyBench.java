package io.deepprove.bench;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.poly.Eq;
import io.deepprove.core.poly.Multilinear;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Memory-bound polynomial kernels at prover sizes, single thread, average time per call:
 * eq(r, ·) over 20 variables (2^20 extension values, 16 MiB) and one fold of a 2^22-entry
 * multilinear (base: 32 MiB in, 32 MiB out; extension: 64 MiB in, 32 MiB out).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class PolyBench {

  static final int EQ_VARS = 20;
  static final int FOLD_VARS = 22;

  Ext2[] eqPoint;
  long[] baseEvals;
  long[] extEvals;
  Ext2 r;

  @Setup
  public void setup() {
    SplittableRandom rng = new SplittableRandom(7);
    eqPoint = new Ext2[EQ_VARS];
    for (int i = 0; i < EQ_VARS; i++) {
      eqPoint[i] = Ext2.random(rng);
    }
    baseEvals = new long[1 << FOLD_VARS];
    for (int i = 0; i < baseEvals.length; i++) {
      baseEvals[i] = Goldilocks.random(rng);
    }
    extEvals = new long[2 << FOLD_VARS];
    for (int i = 0; i < extEvals.length; i++) {
      extEvals[i] = Goldilocks.random(rng);
    }
    r = Ext2.random(rng);
  }

  @Benchmark
  public long[] eqTable20() {
    return Eq.table(eqPoint);
  }

  @Benchmark
  public long[] foldFirstBase22() {
    return Multilinear.foldFirstBase(baseEvals, r);
  }

  @Benchmark
  public long[] foldFirstExt22() {
    return Multilinear.foldFirstExt(extEvals, r);
  }
}
