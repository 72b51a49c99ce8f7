package io.deepprove.commit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.ExtArrays;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.parallel.Parallel;
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
}
