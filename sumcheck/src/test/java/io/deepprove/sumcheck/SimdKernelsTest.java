package io.deepprove.sumcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.parallel.Parallel;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vector kernels against the scalar loops they replace, on random tables and on tables of the
 * values where carries and borrows happen (0, 1, p − 1, 2^32, 2^63, ...), at lengths that leave a
 * tail shorter than a vector. The module's tests run with jdk.incubator.vector resolved, so the
 * kernels load on every JDK here.
 */
class SimdKernelsTest {
  private static final long P = Goldilocks.P;
  private static final long[] EDGES = {
    0, 1, 2, P - 1, P - 2, 1L << 32, (1L << 32) - 1, (1L << 32) + 1, Long.MIN_VALUE, Long.MAX_VALUE, P >>> 1
  };

  private static long[] table(SplittableRandom rng, int len, int kind) {
    long[] t = new long[len];
    for (int i = 0; i < len; i++) {
      t[i] = switch (kind) {
        case 0 -> Goldilocks.random(rng);
        case 1 -> EDGES[rng.nextInt(EDGES.length)];
        default -> P - 1; // every limb at its largest
      };
    }
    return t;
  }

  @Test
  void theProverUsesTheKernelsWhenAskedTo() {
    // the module's tests ask for them (pom argLine): a JVM without the module would skip them
    if ("true".equals(System.getProperty("deepprove.simd"))) {
      assertEquals(true, Simd.enabled());
      assertEquals("on (-Ddeepprove.simd=true)", SumcheckProver.vectorKernels());
    } else if ("false".equals(System.getProperty("deepprove.simd"))) {
      assertEquals(false, Simd.enabled());
      assertEquals("off: -Ddeepprove.simd=false", SumcheckProver.vectorKernels());
    }
  }

  @Test
  void selfCheckPassesHere() {
    assertEquals(true, SimdKernels.selfCheck());
  }

  @Test
  void subtractsModP() {
    SplittableRandom rng = new SplittableRandom(1);
    for (int kind = 0; kind < 3; kind++) {
      for (int len = 0; len < 40; len++) {
        long[] x = table(rng, len + 3, kind);
        long[] y = table(rng, len + 5, kind == 2 ? 0 : kind);
        long[] out = new long[len + 2];
        SimdKernels.sub(x, 3, y, 1, out, 2, len);
        for (int i = 0; i < len; i++) {
          assertEquals(Goldilocks.sub(x[3 + i], y[1 + i]), out[2 + i], "len " + len + " at " + i);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3, 4, 5, 7, 8, 31, 64, 4099})
  void dotsAddToLimbSumWords(int len) {
    SplittableRandom rng = new SplittableRandom(len);
    int width = SimdKernels.sumWidth();
    for (int kind = 0; kind < 3; kind++) {
      long[] x = table(rng, len + 1, kind);
      long[] y = table(rng, len + 2, kind);
      long[] acc = new long[8];
      long expected = 0;
      // words already in the sum (scalar products) must combine with the kernel's limbs
      for (int i = 0; i < 5; i++) {
        long u = table(rng, 1, kind)[0];
        long v = table(rng, 1, kind)[0];
        LimbSum.addProduct(acc, 4, u, v);
        expected = Goldilocks.add(expected, Goldilocks.mul(u, v));
      }
      long[] lanes = new long[3 * width];
      // three calls into the same lane sums (a tail each time when len is not a multiple)
      for (int call = 0; call < 3; call++) {
        SimdKernels.dot(x, 1, y, 2, len, lanes, width);
        for (int i = 0; i < len; i++) {
          expected = Goldilocks.add(expected, Goldilocks.mul(x[1 + i], y[2 + i]));
        }
      }
      assertArrayEquals(new long[width], Arrays.copyOf(lanes, width), "only its own sum is written");
      SimdKernels.flush(lanes, width, acc, 4);
      assertEquals(expected, LimbSum.reduce(acc, 4), "kind " + kind);
      assertArrayEquals(new long[4], Arrays.copyOf(acc, 4), "only acc[4..7] is written");
      assertArrayEquals(new long[3 * width], lanes, "flush clears the lane sums");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 5, 6, 7, 9, 12, 16})
  void gridSumsMatchTheScalarLoops(int n) {
    SplittableRandom rng = new SplittableRandom(100 + n);
    for (int kind = 0; kind < 3; kind++) {
      long[] a = table(rng, 1 << n, kind);
      long[] b = table(rng, 1 << n, kind);
      for (int threads : new int[] {1, 3}) {
        Parallel par = Parallel.of(threads);
        assertArrayEquals(
            SmallValueRounds.sums(a, b, n, par, false),
            SmallValueRounds.sums(a, b, n, par, true),
            "n " + n + " kind " + kind + " threads " + threads);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 5, 6, 7, 9, 12, 16})
  void threeVariableFoldMatchesTheScalarLoops(int n) {
    SplittableRandom rng = new SplittableRandom(200 + n);
    for (int kind = 0; kind < 3; kind++) {
      long[] a = table(rng, 1 << n, kind);
      long[] b = table(rng, 1 << n, kind);
      Ext2[] point = Fixtures.randomPoint(rng, SmallValueRounds.ROUNDS);
      for (boolean same : new boolean[] {false, true}) {
        int outLen = 2 << (n - SmallValueRounds.ROUNDS);
        long[] scalarA = new long[outLen];
        long[] scalarB = new long[outLen];
        long[] vectorA = new long[outLen];
        long[] vectorB = new long[outLen];
        Parallel par = Parallel.of(2);
        Ext2[] scalar = SmallValueRounds.foldAndRound(a, b, same, n, point, scalarA, scalarB, par, false);
        Ext2[] vector = SmallValueRounds.foldAndRound(a, b, same, n, point, vectorA, vectorB, par, true);
        String what = "n " + n + " kind " + kind + " same " + same;
        assertArrayEquals(scalar, vector, what);
        assertArrayEquals(scalarA, vectorA, what);
        assertArrayEquals(scalarB, vectorB, what);
      }
    }
  }

  /** Extension value i of an interleaved table. */
  private static Ext2 at(long[] t, int i) {
    return new Ext2(t[2 * i], t[2 * i + 1]);
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 4, 5, 7, 8, 9, 11})
  void pairFoldRoundMatchesExtensionArithmetic(int logLen) {
    SplittableRandom rng = new SplittableRandom(300 + logLen);
    int len = 1 << logLen;
    int half = len / 2;
    int q = half / 2;
    int step = SimdKernels.pairStep();
    for (int kind = 0; kind < 3; kind++) {
      long[] a = table(rng, 2 * len, kind);
      long[] b = table(rng, 2 * len, kind);
      Ext2 r = kind == 0 ? Ext2.random(rng) : new Ext2(EDGES[rng.nextInt(EDGES.length)], P - 1);
      long[] rw = new long[2 * step];
      for (int i = 0; i < rw.length; i += 2) {
        rw[i] = Ext2.mulW(r.c1());
        rw[i + 1] = r.c1();
      }
      // a sub-range [from, end) of whole steps, as a chunk of the prover would hand over
      int from = q >= 4 * step ? step : 0;
      int end = q - (q - from) % step - (q >= 4 * step ? step : 0);
      for (boolean inPlace : new boolean[] {false, true}) {
        long[] outA = inPlace ? a.clone() : new long[len];
        long[] outB = inPlace ? b.clone() : new long[len];
        long[] inA = inPlace ? outA : a;
        long[] inB = inPlace ? outB : b;
        long[] sums = new long[SimdKernels.pairSumsWidth()];
        SimdKernels.pairFoldRound(inA, inB, outA, outB, from, end, half, q, r.c0(), rw, sums,
            new long[SimdKernels.pairScratchWidth()]);
        long[] acc = new long[24];
        SimdKernels.flushPairSums(sums, acc);
        long[] expected = new long[6]; // lo·lo and d·d: Σ a0b0, Σ a1b1, Σ (a0b1 + a1b0)
        for (int j = from; j < end; j++) {
          Ext2[] folded = new Ext2[4];
          int k = 0;
          for (long[] t : new long[][] {a, b}) {
            for (int pos : new int[] {j, j + q}) {
              Ext2 lo = at(t, pos);
              folded[k++] = lo.add(r.mul(at(t, pos + half).sub(lo)));
            }
          }
          String what = "len " + len + " kind " + kind + " in place " + inPlace + " j " + j;
          assertEquals(folded[0], at(outA, j), what);
          assertEquals(folded[1], at(outA, j + q), what);
          assertEquals(folded[2], at(outB, j), what);
          assertEquals(folded[3], at(outB, j + q), what);
          Ext2[][] pairs = {{folded[0], folded[2]}, {folded[1].sub(folded[0]), folded[3].sub(folded[2])}};
          for (int p = 0; p < 2; p++) {
            Ext2 x = pairs[p][0];
            Ext2 y = pairs[p][1];
            expected[3 * p] = Goldilocks.add(expected[3 * p], Goldilocks.mul(x.c0(), y.c0()));
            expected[3 * p + 1] = Goldilocks.add(expected[3 * p + 1], Goldilocks.mul(x.c1(), y.c1()));
            long cross = Goldilocks.add(Goldilocks.mul(x.c0(), y.c1()), Goldilocks.mul(x.c1(), y.c0()));
            expected[3 * p + 2] = Goldilocks.add(expected[3 * p + 2], cross);
          }
        }
        for (int k = 0; k < 6; k++) {
          assertEquals(expected[k], LimbSum.reduce(acc, 4 * k), "sum " + k + " len " + len + " kind " + kind);
        }
      }
    }
  }
}
