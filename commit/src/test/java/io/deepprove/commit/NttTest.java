package io.deepprove.commit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.ExtArrays;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.poly.Multilinear;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NttTest {

  /** g(X) = Σ c_i X^i at x, by Horner. */
  private static long horner(long[] c, long x) {
    long acc = 0;
    for (int i = c.length - 1; i >= 0; i--) {
      acc = Goldilocks.add(Goldilocks.mul(acc, x), c[i]);
    }
    return acc;
  }

  @Test
  void encodingIsTheEvaluationAtBitReversedDomainPoints() {
    SplittableRandom rng = new SplittableRandom(1);
    for (int n = 0; n <= 9; n++) {
      for (int r = 1; r <= 3; r++) {
        long[] c = TestSupport.randomPoly(rng, n);
        for (Parallel par : new Parallel[] {Parallel.SEQUENTIAL, Parallel.of(3)}) {
          long[] cw = Ntt.encodeBase(c, r, par);
          assertEquals(c.length << r, cw.length);
          for (int pos = 0; pos < cw.length; pos++) {
            assertEquals(horner(c, Ntt.pointAt(n + r, pos)), cw[pos], "n=" + n + " R=" + r + " pos=" + pos);
          }
        }
      }
    }
  }

  @Test
  void largeEncodingMatchesNaiveEvaluationAtSamplePositions() {
    // 2^16 coefficients exercise the blocked (depth-first) path above 2^14 elements
    SplittableRandom rng = new SplittableRandom(2);
    long[] c = TestSupport.randomPoly(rng, 16);
    long[] cw = Ntt.encodeBase(c, 1, Parallel.of(2));
    for (int k = 0; k < 40; k++) {
      int pos = rng.nextInt(cw.length);
      assertEquals(horner(c, Ntt.pointAt(17, pos)), cw[pos], "pos " + pos);
    }
    assertArrayEquals(cw, Ntt.encodeBase(c, 1, Parallel.SEQUENTIAL));
  }

  @Test
  void extensionEncodingEncodesBothCoordinates() {
    SplittableRandom rng = new SplittableRandom(3);
    long[] c0 = TestSupport.randomPoly(rng, 6);
    long[] c1 = TestSupport.randomPoly(rng, 6);
    long[] inter = new long[2 * c0.length];
    for (int i = 0; i < c0.length; i++) {
      inter[2 * i] = c0[i];
      inter[2 * i + 1] = c1[i];
    }
    long[] cw = Ntt.encodeExt(inter, 2, Parallel.of(2));
    long[] e0 = Ntt.encodeBase(c0, 2, Parallel.SEQUENTIAL);
    long[] e1 = Ntt.encodeBase(c1, 2, Parallel.SEQUENTIAL);
    for (int i = 0; i < e0.length; i++) {
      assertEquals(new Ext2(e0[i], e1[i]), ExtArrays.get(cw, i));
    }
  }

  @Test
  void moebiusTransformGivesMonomialCoefficients() {
    SplittableRandom rng = new SplittableRandom(4);
    for (int n : new int[] {0, 1, 5, 15, 16}) {
      long[] evals = TestSupport.randomPoly(rng, n);
      long[] coeffs = evals.clone();
      Ntt.evalsToCoeffs(coeffs, Parallel.of(2));
      // f(r) = Σ_S c_S Π_{k∈S} r_k, bit k of the index (big-endian: variable 1 is the MSB)
      Ext2[] r = TestSupport.randomPoint(rng, n, true);
      long sum = 0;
      for (int i = 0; i < coeffs.length; i++) {
        long term = coeffs[i];
        for (int k = 0; k < n; k++) {
          if (((i >>> (n - 1 - k)) & 1) == 1) {
            term = Goldilocks.mul(term, r[k].c0());
          }
        }
        sum = Goldilocks.add(sum, term);
        if (i > 4096) {
          break; // the large cases are checked below by a round trip only
        }
      }
      if (coeffs.length <= 4096) {
        assertEquals(Multilinear.evaluateBase(evals, r), Ext2.ofBase(sum), "n=" + n);
      }
      long[] sequential = evals.clone();
      Ntt.evalsToCoeffs(sequential, Parallel.SEQUENTIAL);
      assertArrayEquals(sequential, coeffs);
    }
  }
}
