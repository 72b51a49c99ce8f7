package io.deepprove.bench;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.poly.Multilinear;
import io.deepprove.core.transcript.Transcript;
import io.deepprove.sumcheck.MatMulSumcheck;
import io.deepprove.sumcheck.Mle;
import io.deepprove.sumcheck.ProductShape;
import io.deepprove.sumcheck.SumcheckProver;
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
 * The sum-check prover at the sizes issue 3 names, ms per proof: a degree-2 product of two
 * base-field multilinears over 2^22 points (divide by 4.19 for ns per point), and the matrix-
 * product reduction for a 1024×1024 int8 matrix times an int8 vector (eq table, binding of the
 * matrix's rows, sum-check over 1024 points). {@code threads} = 1 is the single-thread figure.
 *
 * <p>The fork resolves jdk.incubator.vector, so the prover's vector kernels run, and asks for
 * transparent huge pages on the heap (they apply where the kernel's THP mode is madvise or always;
 * the 2^22 proof reads two 32 MiB tables twice, and ran 5% faster with them here). A {@code
 * -jvmArgsAppend} on JMH's command line replaces the fork's list, module included: {@code
 * -jvmArgsAppend -Xmx4g} gives the scalar loops on 4 KiB pages.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {SumcheckBench.HEAP, SumcheckBench.VECTOR, SumcheckBench.PAGES})
public class SumcheckBench {

  /** The fork's JVM options, also used by {@link AllocationCheck}. */
  static final String HEAP = "-Xmx4g";

  static final String VECTOR = "--add-modules=jdk.incubator.vector";

  static final String PAGES = "-XX:+UseTransparentHugePages";

  static final int VARS = 22;

  @Param({"1", "2"})
  int threads;

  List<Mle> pair;
  ProductShape shape;
  long[] matrix;
  long[] vector;
  Ext2[] rowPoint;
  Ext2 matClaim;
  MatMulSumcheck.Dims dims = new MatMulSumcheck.Dims(10, 10, 0);

  @Setup
  public void setup() {
    SplittableRandom rng = new SplittableRandom(3);
    long[] f = new long[1 << VARS];
    long[] g = new long[1 << VARS];
    for (int i = 0; i < f.length; i++) {
      f[i] = Goldilocks.random(rng);
      g[i] = Goldilocks.random(rng);
    }
    pair = List.of(Mle.base(f), Mle.base(g));
    shape = ProductShape.product(VARS, 2);
    matrix = new long[1 << 20];
    for (int i = 0; i < matrix.length; i++) {
      matrix[i] = Goldilocks.fromSigned(rng.nextInt(256) - 128);
    }
    vector = new long[1 << 10];
    for (int i = 0; i < vector.length; i++) {
      vector[i] = Goldilocks.fromSigned(rng.nextInt(256) - 128);
    }
    rowPoint = new Ext2[10];
    for (int i = 0; i < 10; i++) {
      rowPoint[i] = Ext2.random(rng);
    }
    long[] y = new long[1 << 10];
    for (int i = 0; i < y.length; i++) {
      y[i] = Goldilocks.dot(matrix, i << 10, vector, 0, 1 << 10);
    }
    matClaim = Multilinear.evaluateBase(y, rowPoint);
  }

  @Benchmark
  public SumcheckProver.Result productOfTwo2pow22() {
    return SumcheckProver.prove(shape, pair, new Transcript("bench"), threads);
  }

  @Benchmark
  public MatMulSumcheck.Proof matVec1024() {
    return MatMulSumcheck.prove(dims, matrix, vector, rowPoint, new Ext2[0], matClaim, new Transcript("bench"), threads);
  }
}
