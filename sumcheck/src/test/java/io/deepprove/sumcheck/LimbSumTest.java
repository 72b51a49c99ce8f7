package io.deepprove.sumcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deepprove.core.field.Goldilocks;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LimbSumTest {

  private static final long[] EDGES = {0, 1, 2, 0xFFFF_FFFFL, 1L << 32, Long.MAX_VALUE, Long.MIN_VALUE, Goldilocks.P - 1, Goldilocks.P - 2};

  @Test
  void unsignedProductsSumExactly() {
    SplittableRandom rng = new SplittableRandom(1);
    for (int count : new int[] {0, 1, 2, 7, 1000, 100_000}) {
      LimbSum s = new LimbSum();
      long[] acc = new long[4];
      long expected = 0;
      for (int i = 0; i < count; i++) {
        long x = i < EDGES.length ? EDGES[i] : Goldilocks.random(rng);
        long y = i < EDGES.length ? Goldilocks.P - 1 : Goldilocks.random(rng);
        s.addProduct(x, y);
        LimbSum.addProduct(acc, 0, x, y);
        expected = Goldilocks.add(expected, Goldilocks.mul(x, y));
      }
      assertEquals(expected, s.reduce());
      assertEquals(expected, LimbSum.reduce(acc, 0));
    }
  }

  @Test
  void signedProductsWithBalancedConstantsSumExactly() {
    SplittableRandom rng = new SplittableRandom(2);
    for (int count : new int[] {1, 3, 8, 1000, 100_000}) {
      long[] acc = new long[4];
      long expected = 0;
      for (int i = 0; i < count; i++) {
        long x = i < EDGES.length ? EDGES[i] : Goldilocks.random(rng);
        long c = i % 3 == 0 ? Goldilocks.P - 1 - (i & 7) : Goldilocks.random(rng); // many above 2^63
        LimbSum.addSignedProduct(acc, 0, x, x >> 63, LimbSum.balanced(c));
        expected = Goldilocks.add(expected, Goldilocks.mul(x, c));
      }
      assertEquals(expected, LimbSum.reduce(acc, 0));
    }
  }

  @Test
  void twoBalancedProductsAndACanonicalTermReduceExactly() {
    // the extremes of the balanced range: ±(p − 1)/2 and its neighbours, so that both products and
    // the sum reach the signed 128-bit bound the reduction relies on
    long half = (Goldilocks.P - 1) >>> 1;
    long[] values = {0, 1, Goldilocks.P - 1, half, half + 1, half - 1, Goldilocks.P - 2, 0xFFFF_FFFFL, 1L << 32};
    SplittableRandom rng = new SplittableRandom(4);
    for (int i = 0; i < 200_000; i++) {
      boolean edge = i < values.length * values.length * 4;
      long x = edge ? values[i % values.length] : Goldilocks.random(rng);
      long c = edge ? values[i / values.length % values.length] : Goldilocks.random(rng);
      long y = edge ? values[(i / 7) % values.length] : Goldilocks.random(rng);
      long e = edge ? values[(i / 3) % values.length] : Goldilocks.random(rng);
      long lo = edge ? values[(i / 5) % values.length] : Goldilocks.random(rng);
      long expected = Goldilocks.add(lo, Goldilocks.add(Goldilocks.mul(x, c), Goldilocks.mul(y, e)));
      long got = LimbSum.addTwoSigned(lo, LimbSum.balanced(x), LimbSum.balanced(c), LimbSum.balanced(y),
          LimbSum.balanced(e));
      assertEquals(expected, got, () -> "x=" + x + " c=" + c + " y=" + y + " e=" + e + " lo=" + lo);
    }
  }

  @Test
  void balancedFormIsCongruentAndSmall() {
    for (long c : EDGES) {
      if (!Goldilocks.isCanonical(c)) {
        continue;
      }
      long b = LimbSum.balanced(c);
      assertEquals(c, b < 0 ? b + Goldilocks.P : b);
    }
  }
}
