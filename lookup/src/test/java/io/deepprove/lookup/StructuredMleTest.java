package io.deepprove.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.poly.Multilinear;
import java.util.SplittableRandom;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/** Every closed form against the dense MLE of the column it describes, at random points. */
class StructuredMleTest {

  private static Ext2[] point(SplittableRandom rng, int n) {
    Ext2[] r = new Ext2[n];
    for (int i = 0; i < n; i++) {
      r[i] = Ext2.random(rng);
    }
    return r;
  }

  private static Ext2 dense(int n, LongUnaryOperator f, Ext2[] r) {
    long[] evals = new long[1 << n];
    for (int j = 0; j < evals.length; j++) {
      evals[j] = Goldilocks.fromSigned(f.applyAsLong(j));
    }
    return Multilinear.evaluateBase(evals, r);
  }

  @Test
  void identityIsTheRowIndex() {
    SplittableRandom rng = new SplittableRandom(11);
    for (int n = 1; n <= 10; n++) {
      Ext2[] r = point(rng, n);
      assertEquals(dense(n, j -> j, r), StructuredMle.identity(r), "n=" + n);
    }
  }

  @Test
  void prefixIndicatorAndWeightedForEveryBound() {
    SplittableRandom rng = new SplittableRandom(12);
    for (int n = 1; n <= 6; n++) {
      Ext2[] r = point(rng, n);
      for (long c = 0; c <= (1L << n); c++) {
        long cc = c;
        assertEquals(dense(n, j -> j < cc ? 1 : 0, r), StructuredMle.prefixIndicator(c, r), n + "/" + c);
        assertEquals(dense(n, j -> j < cc ? j : 0, r), StructuredMle.prefixWeighted(c, r), n + "/" + c);
      }
    }
  }

  @Test
  void reluForBoundsInsideAndOutsideTheDomain() {
    SplittableRandom rng = new SplittableRandom(13);
    for (int n = 1; n <= 6; n++) {
      Ext2[] r = point(rng, n);
      for (long c = -5; c <= (1L << n) + 5; c++) {
        long cc = c;
        assertEquals(dense(n, j -> Math.max(j - cc, 0), r), StructuredMle.relu(c, r), n + "/" + c);
      }
    }
    Ext2[] r = point(rng, 16);
    assertEquals(dense(16, j -> Math.max(j - 40000, 0), r), StructuredMle.relu(40000, r));
  }

  @Test
  void prefixBoundOutsideTheCubeIsAProgrammingError() {
    Ext2[] r = point(new SplittableRandom(1), 3);
    assertThrows(IllegalArgumentException.class, () -> StructuredMle.prefixIndicator(9, r));
    assertThrows(IllegalArgumentException.class, () -> StructuredMle.prefixWeighted(-1, r));
  }
}
