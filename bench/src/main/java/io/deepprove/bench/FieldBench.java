package io.deepprove.bench;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-thread field arithmetic throughput. Scores are operations per microsecond, i.e. millions
 * of operations per second (M mul/s): each invocation does {@link #N} operations and declares them
 * with {@code @OperationsPerInvocation}.
 *
 * <p>The multiply-accumulate loops keep four independent accumulators so consecutive iterations do
 * not wait on each other: they measure throughput, not the latency of one mul → add chain (which
 * {@link #goldilocksMulChainLatency} shows for contrast). The vectors (N = 1024 words, 8 KiB each)
 * stay in L1.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FieldBench {

  static final int N = 1024;

  long[] a;
  long[] b;
  /** Interleaved extension vectors of N elements (2N words). */
  long[] ea;
  long[] eb;
  long[] eout;

  @Setup
  public void setup() {
    SplittableRandom rng = new SplittableRandom(2024);
    a = new long[N];
    b = new long[N];
    for (int i = 0; i < N; i++) {
      a[i] = Goldilocks.random(rng);
      b[i] = Goldilocks.random(rng);
    }
    ea = new long[2 * N];
    eb = new long[2 * N];
    eout = new long[2 * N];
    for (int i = 0; i < 2 * N; i++) {
      ea[i] = Goldilocks.random(rng);
      eb[i] = Goldilocks.random(rng);
    }
  }

  /** Σ a_i·b_i with Goldilocks.mul then Goldilocks.add per term, four accumulators. */
  @Benchmark
  @OperationsPerInvocation(N)
  public long goldilocksMulAdd() {
    long[] x = a;
    long[] y = b;
    long s0 = 0;
    long s1 = 0;
    long s2 = 0;
    long s3 = 0;
    for (int i = 0; i < N; i += 4) {
      s0 = Goldilocks.add(s0, Goldilocks.mul(x[i], y[i]));
      s1 = Goldilocks.add(s1, Goldilocks.mul(x[i + 1], y[i + 1]));
      s2 = Goldilocks.add(s2, Goldilocks.mul(x[i + 2], y[i + 2]));
      s3 = Goldilocks.add(s3, Goldilocks.mul(x[i + 3], y[i + 3]));
    }
    return Goldilocks.add(Goldilocks.add(s0, s1), Goldilocks.add(s2, s3));
  }

  /** {@link #goldilocksMulAdd} with the reduction core shipped first (LegacyGoldilocks): before/after. */
  @Benchmark
  @OperationsPerInvocation(N)
  public long legacyMulAdd() {
    long[] x = a;
    long[] y = b;
    long s0 = 0;
    long s1 = 0;
    long s2 = 0;
    long s3 = 0;
    for (int i = 0; i < N; i += 4) {
      s0 = LegacyGoldilocks.add(s0, LegacyGoldilocks.mul(x[i], y[i]));
      s1 = LegacyGoldilocks.add(s1, LegacyGoldilocks.mul(x[i + 1], y[i + 1]));
      s2 = LegacyGoldilocks.add(s2, LegacyGoldilocks.mul(x[i + 2], y[i + 2]));
      s3 = LegacyGoldilocks.add(s3, LegacyGoldilocks.mul(x[i + 3], y[i + 3]));
    }
    return LegacyGoldilocks.add(LegacyGoldilocks.add(s0, s1), LegacyGoldilocks.add(s2, s3));
  }

  /** Σ a_i·b_i by Goldilocks.dot: 128-bit products summed lazily, one reduction at the end. */
  @Benchmark
  @OperationsPerInvocation(N)
  public long goldilocksDot() {
    return Goldilocks.dot(a, b);
  }

  /** Element-wise products into a preallocated output (pure mul throughput, no add). */
  @Benchmark
  @OperationsPerInvocation(N)
  public long[] goldilocksMulElementwise() {
    long[] x = a;
    long[] y = b;
    long[] out = eout;
    for (int i = 0; i < N; i++) {
      out[i] = Goldilocks.mul(x[i], y[i]);
    }
    return out;
  }

  /** One dependent chain acc = acc·a_i + b_i: the latency of a multiply-add, for contrast. */
  @Benchmark
  @OperationsPerInvocation(N)
  public long goldilocksMulChainLatency() {
    long[] x = a;
    long[] y = b;
    long acc = 1;
    for (int i = 0; i < N; i++) {
      acc = Goldilocks.add(Goldilocks.mul(acc, x[i]), y[i]);
    }
    return acc;
  }

  /** Element-wise extension products on interleaved long[] (Ext2.mulC0/mulC1), the hot-loop form. */
  @Benchmark
  @OperationsPerInvocation(N)
  public long[] ext2MulElementwise() {
    long[] x = ea;
    long[] y = eb;
    long[] out = eout;
    for (int i = 0; i < 2 * N; i += 2) {
      long a0 = x[i];
      long a1 = x[i + 1];
      long b0 = y[i];
      long b1 = y[i + 1];
      out[i] = Ext2.mulC0(a0, a1, b0, b1);
      out[i + 1] = Ext2.mulC1(a0, a1, b0, b1);
    }
    return out;
  }

  /** Element-wise extension products through the fused Karatsuba {@code Ext2.mulInto}. */
  @Benchmark
  @OperationsPerInvocation(N)
  public long[] ext2MulIntoElementwise() {
    long[] x = ea;
    long[] y = eb;
    long[] out = eout;
    for (int i = 0; i < 2 * N; i += 2) {
      Ext2.mulInto(x[i], x[i + 1], y[i], y[i + 1], out, i);
    }
    return out;
  }

  /** Σ a_i·b_i in the extension on interleaved long[], two accumulators. */
  @Benchmark
  @OperationsPerInvocation(N)
  public long ext2MulAdd() {
    long[] x = ea;
    long[] y = eb;
    long s0 = 0;
    long s1 = 0;
    long t0 = 0;
    long t1 = 0;
    for (int i = 0; i < 2 * N; i += 4) {
      s0 = Goldilocks.add(s0, Ext2.mulC0(x[i], x[i + 1], y[i], y[i + 1]));
      s1 = Goldilocks.add(s1, Ext2.mulC1(x[i], x[i + 1], y[i], y[i + 1]));
      t0 = Goldilocks.add(t0, Ext2.mulC0(x[i + 2], x[i + 3], y[i + 2], y[i + 3]));
      t1 = Goldilocks.add(t1, Ext2.mulC1(x[i + 2], x[i + 3], y[i + 2], y[i + 3]));
    }
    return Goldilocks.add(s0, t0) ^ Goldilocks.add(s1, t1);
  }

  /** The record API (allocating Ext2 per product), to show what hot loops avoid. */
  @Benchmark
  @OperationsPerInvocation(N)
  public Ext2 ext2RecordMulAdd() {
    long[] x = ea;
    long[] y = eb;
    Ext2 acc = Ext2.ZERO;
    for (int i = 0; i < 2 * N; i += 2) {
      acc = acc.add(new Ext2(x[i], x[i + 1]).mul(new Ext2(y[i], y[i + 1])));
    }
    return acc;
  }
}
