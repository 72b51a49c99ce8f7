package io.deepprove.core.poly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.ExtArrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EqTest {

  static Ext2[] randomPoint(SplittableRandom rng, int n) {
    Ext2[] r = new Ext2[n];
    for (int i = 0; i < n; i++) {
      r[i] = Ext2.random(rng);
    }
    return r;
  }

  @Test
  void tableEntriesAreEqAtBooleanPoints() {
    SplittableRandom rng = new SplittableRandom(41);
    for (int n = 0; n <= 8; n++) {
      Ext2[] r = randomPoint(rng, n);
      long[] t = Eq.table(r);
      assertEquals(1 << n, ExtArrays.length(t));
      for (int x = 0; x < (1 << n); x++) {
        assertEquals(Eq.evaluate(r, MultilinearTest.bits(x, n)), ExtArrays.get(t, x), "n=" + n + " x=" + x);
      }
    }
  }

  @Test
  void tableIsBigEndian() {
    // eq((r, 0), x) vanishes on the odd half (x_2 = 1): the last coordinate is the least significant bit.
    Ext2 r = new Ext2(5, 9);
    long[] t = Eq.table(new Ext2[] {r, Ext2.ZERO});
    assertEquals(Ext2.ONE.sub(r), ExtArrays.get(t, 0));
    assertEquals(Ext2.ZERO, ExtArrays.get(t, 1));
    assertEquals(r, ExtArrays.get(t, 2));
    assertEquals(Ext2.ZERO, ExtArrays.get(t, 3));
  }

  @Test
  void tableSumsToOne() {
    SplittableRandom rng = new SplittableRandom(42);
    for (int n = 0; n <= 10; n++) {
      long[] t = Eq.table(randomPoint(rng, n));
      Ext2 sum = Ext2.ZERO;
      for (Ext2 e : ExtArrays.toElements(t)) {
        sum = sum.add(e);
      }
      assertEquals(Ext2.ONE, sum, "n=" + n);
    }
  }

  @Test
  void tableIsTheMultilinearExtensionKernel() {
    // Σ_x eq(r, x)·f(x) = f̃(r)
    SplittableRandom rng = new SplittableRandom(43);
    int n = 6;
    long[] f = MultilinearTest.randomBase(rng, n);
    Ext2[] r = randomPoint(rng, n);
    long[] t = Eq.table(r);
    Ext2 sum = Ext2.ZERO;
    for (int x = 0; x < f.length; x++) {
      sum = sum.add(ExtArrays.get(t, x).mulBase(f[x]));
    }
    assertEquals(Multilinear.evaluateBase(f, r), sum);
  }

  @Test
  void evaluateIsSymmetric() {
    SplittableRandom rng = new SplittableRandom(44);
    for (int n = 0; n <= 6; n++) {
      Ext2[] a = randomPoint(rng, n);
      Ext2[] b = randomPoint(rng, n);
      assertEquals(Eq.evaluate(a, b), Eq.evaluate(b, a));
    }
  }

  @Test
  void evaluateOnBooleanPointsIsTheIndicator() {
    int n = 4;
    for (int x = 0; x < 16; x++) {
      for (int y = 0; y < 16; y++) {
        Ext2 expected = x == y ? Ext2.ONE : Ext2.ZERO;
        assertEquals(expected, Eq.evaluate(MultilinearTest.bits(x, n), MultilinearTest.bits(y, n)), x + "," + y);
      }
      long[] t = Eq.table(MultilinearTest.bits(x, n));
      long[] indicator = ExtArrays.zeros(16);
      ExtArrays.set(indicator, x, Ext2.ONE);
      assertArrayEquals(indicator, t, "table at Boolean point " + x);
    }
    assertEquals(Ext2.ONE, Eq.evaluate(new Ext2[0], new Ext2[0]));
  }

  @Test
  void evaluateMatchesProductFormula() {
    SplittableRandom rng = new SplittableRandom(45);
    Ext2[] a = randomPoint(rng, 3);
    Ext2[] b = randomPoint(rng, 3);
    Ext2 expected = Ext2.ONE;
    for (int k = 0; k < 3; k++) {
      expected = expected.mul(a[k].mul(b[k]).add(Ext2.ONE.sub(a[k]).mul(Ext2.ONE.sub(b[k]))));
    }
    assertEquals(expected, Eq.evaluate(a, b));
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> Eq.evaluate(new Ext2[2], new Ext2[3]));
    for (int n : new int[] {30, 31, 40}) {
      Ext2[] r = new Ext2[n];
      java.util.Arrays.fill(r, Ext2.ONE);
      assertThrows(IllegalArgumentException.class, () -> Eq.table(r), "n=" + n);
    }
  }
}
