package io.deepprove.core.poly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.ExtArrays;
import io.deepprove.core.field.Goldilocks;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MultilinearTest {

  static long[] randomBase(SplittableRandom rng, int n) {
    long[] f = new long[1 << n];
    for (int i = 0; i < f.length; i++) {
      f[i] = Goldilocks.random(rng);
    }
    return f;
  }

  static long[] randomExt(SplittableRandom rng, int n) {
    long[] f = new long[2 << n];
    for (int i = 0; i < f.length; i++) {
      f[i] = Goldilocks.random(rng);
    }
    return f;
  }

  static Ext2[] randomPoint(SplittableRandom rng, int n) {
    Ext2[] r = new Ext2[n];
    for (int i = 0; i < n; i++) {
      r[i] = Ext2.random(rng);
    }
    return r;
  }

  /** The Boolean point of index x, big-endian: coordinate k is bit n−1−k of x. */
  static Ext2[] bits(int x, int n) {
    Ext2[] p = new Ext2[n];
    for (int k = 0; k < n; k++) {
      p[k] = ((x >>> (n - 1 - k)) & 1) == 1 ? Ext2.ONE : Ext2.ZERO;
    }
    return p;
  }

  /** Independent reference: Σ_x f(x)·Π_k (r_k·x_k + (1 − r_k)(1 − x_k)), x_1 = MSB. */
  static Ext2 naiveEvaluate(Ext2[] f, Ext2[] r) {
    int n = r.length;
    Ext2 sum = Ext2.ZERO;
    for (int x = 0; x < f.length; x++) {
      Ext2 weight = Ext2.ONE;
      for (int k = 0; k < n; k++) {
        boolean bit = ((x >>> (n - 1 - k)) & 1) == 1;
        weight = weight.mul(bit ? r[k] : Ext2.ONE.sub(r[k]));
      }
      sum = sum.add(f[x].mul(weight));
    }
    return sum;
  }

  static Ext2[] baseAsElements(long[] f) {
    return ExtArrays.toElements(ExtArrays.fromBase(f));
  }

  @Test
  void numVarsOfPowersOfTwo() {
    for (int n = 0; n < 31; n++) {
      assertEquals(n, Multilinear.numVars(1 << n));
    }
    for (int bad : new int[] {0, -1, 3, 6, 12, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
      assertThrows(IllegalArgumentException.class, () -> Multilinear.numVars(bad), "length " + bad);
    }
  }

  @Test
  void evaluationOnTheHypercubeIsTheTableEntry() {
    SplittableRandom rng = new SplittableRandom(31);
    for (int n = 0; n <= 6; n++) {
      long[] f = randomBase(rng, n);
      long[] g = randomExt(rng, n);
      for (int x = 0; x < (1 << n); x++) {
        Ext2[] p = bits(x, n);
        assertEquals(Ext2.ofBase(f[x]), Multilinear.evaluateBase(f, p), "base n=" + n + " x=" + x);
        assertEquals(ExtArrays.get(g, x), Multilinear.evaluateExt(g, p), "ext n=" + n + " x=" + x);
      }
    }
  }

  @Test
  void evaluationAtRandomPointMatchesNaiveSum() {
    SplittableRandom rng = new SplittableRandom(32);
    for (int n = 0; n <= 8; n++) {
      for (int trial = 0; trial < 3; trial++) {
        long[] f = randomBase(rng, n);
        long[] g = randomExt(rng, n);
        Ext2[] r = randomPoint(rng, n);
        assertEquals(naiveEvaluate(baseAsElements(f), r), Multilinear.evaluateBase(f, r), "base n=" + n);
        assertEquals(naiveEvaluate(ExtArrays.toElements(g), r), Multilinear.evaluateExt(g, r), "ext n=" + n);
      }
    }
  }

  @Test
  void evaluationDoesNotModifyItsInput() {
    SplittableRandom rng = new SplittableRandom(33);
    long[] f = randomBase(rng, 5);
    long[] g = randomExt(rng, 5);
    long[] f0 = f.clone();
    long[] g0 = g.clone();
    Multilinear.evaluateBase(f, randomPoint(rng, 5));
    Multilinear.evaluateExt(g, randomPoint(rng, 5));
    assertArrayEquals(f0, f);
    assertArrayEquals(g0, g);
  }

  @Test
  void foldFirstBindsTheMostSignificantBit() {
    SplittableRandom rng = new SplittableRandom(34);
    int n = 4;
    long[] f = randomBase(rng, n);
    int half = f.length / 2;
    // x_1 := 0 keeps the first half (MSB 0), x_1 := 1 keeps the second half (MSB 1)
    assertArrayEquals(ExtArrays.fromBase(Arrays.copyOfRange(f, 0, half)), Multilinear.foldFirstBase(f, Ext2.ZERO));
    assertArrayEquals(ExtArrays.fromBase(Arrays.copyOfRange(f, half, 2 * half)), Multilinear.foldFirstBase(f, Ext2.ONE));
    long[] g = randomExt(rng, n);
    assertArrayEquals(Arrays.copyOfRange(g, 0, g.length / 2), Multilinear.foldFirstExt(g, Ext2.ZERO));
    assertArrayEquals(Arrays.copyOfRange(g, g.length / 2, g.length), Multilinear.foldFirstExt(g, Ext2.ONE));

    // folding by r then evaluating at the rest is evaluating at (r, rest)
    Ext2[] point = randomPoint(rng, n);
    Ext2[] rest = Arrays.copyOfRange(point, 1, n);
    long[] folded = Multilinear.foldFirstBase(f, point[0]);
    assertEquals(ExtArrays.length(folded), half);
    assertEquals(Multilinear.evaluateBase(f, point), Multilinear.evaluateExt(folded, rest));
    assertEquals(naiveEvaluate(baseAsElements(f), point), naiveEvaluate(ExtArrays.toElements(folded), rest));
    long[] gFolded = Multilinear.foldFirstExt(g, point[0]);
    assertEquals(naiveEvaluate(ExtArrays.toElements(g), point), naiveEvaluate(ExtArrays.toElements(gFolded), rest));
  }

  @Test
  void foldFirstIsTheLineThroughBothHalves() {
    // f'(x) = f(0,x) + r·(f(1,x) − f(0,x)), entry by entry
    SplittableRandom rng = new SplittableRandom(35);
    long[] g = randomExt(rng, 3);
    Ext2 r = Ext2.random(rng);
    long[] folded = Multilinear.foldFirstExt(g, r);
    for (int i = 0; i < 4; i++) {
      Ext2 lo = ExtArrays.get(g, i);
      Ext2 hi = ExtArrays.get(g, i + 4);
      assertEquals(lo.add(r.mul(hi.sub(lo))), ExtArrays.get(folded, i));
    }
  }

  @Test
  void baseAndExtensionAgree() {
    SplittableRandom rng = new SplittableRandom(36);
    for (int n = 1; n <= 7; n++) {
      long[] f = randomBase(rng, n);
      long[] embedded = ExtArrays.fromBase(f);
      Ext2 r = Ext2.random(rng);
      assertArrayEquals(Multilinear.foldFirstExt(embedded, r), Multilinear.foldFirstBase(f, r), "n=" + n);
      Ext2[] point = randomPoint(rng, n);
      assertEquals(Multilinear.evaluateExt(embedded, point), Multilinear.evaluateBase(f, point), "n=" + n);
      // a base-field point keeps the value in the base field
      Ext2[] basePoint = new Ext2[n];
      for (int k = 0; k < n; k++) {
        basePoint[k] = Ext2.ofBase(Goldilocks.random(rng));
      }
      assertEquals(0, Multilinear.evaluateBase(f, basePoint).c1());
    }
  }

  @Test
  void foldIntoInPlaceMatchesFreshArray() {
    SplittableRandom rng = new SplittableRandom(37);
    long[] g = randomExt(rng, 5);
    Ext2 r = Ext2.random(rng);
    long[] expected = Multilinear.foldFirstExt(g, r);
    long[] inPlace = g.clone();
    Multilinear.foldFirstExtInto(inPlace, r, inPlace);
    assertArrayEquals(expected, Arrays.copyOf(inPlace, expected.length));
    long[] out = new long[expected.length];
    Multilinear.foldFirstExtInto(g, r, out);
    assertArrayEquals(expected, out);
  }

  @Test
  void repeatedInPlaceFoldingWithShrinkingCountEvaluates() {
    // the pattern a sum-check prover uses: one buffer, folded in place once per round
    SplittableRandom rng = new SplittableRandom(38);
    int n = 7;
    long[] g = randomExt(rng, n);
    Ext2[] point = randomPoint(rng, n);
    long[] buf = g.clone();
    int len = 1 << n;
    for (int k = 0; k < n; k++) {
      Multilinear.foldFirstExtInto(buf, len, point[k], buf);
      len >>>= 1;
      Ext2[] rest = Arrays.copyOfRange(point, k + 1, n);
      long[] live = Arrays.copyOf(buf, 2 * len);
      assertEquals(naiveEvaluate(ExtArrays.toElements(g), point), naiveEvaluate(ExtArrays.toElements(live), rest), "round " + k);
    }
    assertEquals(Multilinear.evaluateExt(g, point), new Ext2(buf[0], buf[1]));
    assertThrows(IllegalArgumentException.class, () -> Multilinear.foldFirstExtInto(new long[8], 8, Ext2.ONE, new long[8]));
    assertThrows(IllegalArgumentException.class, () -> Multilinear.foldFirstExtInto(new long[8], 3, Ext2.ONE, new long[8]));
    assertThrows(IllegalArgumentException.class, () -> Multilinear.foldFirstExtInto(new long[8], 1, Ext2.ONE, new long[8]));
    assertThrows(IllegalArgumentException.class, () -> Multilinear.foldFirstExtInto(new long[8], 4, Ext2.ONE, new long[3]));
    assertThrows(IllegalArgumentException.class, () -> Multilinear.foldFirstExtInto(new long[7], Ext2.ONE, new long[8]));
  }

  @Test
  void rejectsMalformedInput() {
    Ext2 r = Ext2.ONE;
    assertThrows(IllegalArgumentException.class, () -> Multilinear.foldFirstBase(new long[3], r));
    assertThrows(IllegalArgumentException.class, () -> Multilinear.foldFirstBase(new long[0], r));
    assertThrows(IllegalArgumentException.class, () -> Multilinear.foldFirstBase(new long[1], r));
    assertThrows(IllegalArgumentException.class, () -> Multilinear.foldFirstExt(new long[6], r));
    assertThrows(IllegalArgumentException.class, () -> Multilinear.foldFirstExt(new long[2], r));
    assertThrows(IllegalArgumentException.class, () -> Multilinear.foldFirstExt(new long[5], r));
    assertThrows(IllegalArgumentException.class, () -> Multilinear.evaluateBase(new long[6], new Ext2[2]));
    assertThrows(IllegalArgumentException.class, () -> Multilinear.evaluateExt(new long[3], new Ext2[0]));
    assertThrows(IllegalArgumentException.class, () -> Multilinear.evaluateExt(new long[12], new Ext2[2]));
    // wrong point length
    assertThrows(IllegalArgumentException.class, () -> Multilinear.evaluateBase(new long[8], randomPoint(new SplittableRandom(1), 2)));
    assertThrows(IllegalArgumentException.class, () -> Multilinear.evaluateBase(new long[8], randomPoint(new SplittableRandom(1), 4)));
    assertThrows(IllegalArgumentException.class, () -> Multilinear.evaluateExt(new long[16], randomPoint(new SplittableRandom(1), 2)));
    assertThrows(IllegalArgumentException.class, () -> Multilinear.evaluateBase(new long[1], new Ext2[] {Ext2.ONE}));
  }

  @Test
  void constantPolynomial() {
    assertEquals(Ext2.ofBase(42), Multilinear.evaluateBase(new long[] {42}, new Ext2[0]));
    assertEquals(new Ext2(4, 2), Multilinear.evaluateExt(new long[] {4, 2}, new Ext2[0]));
  }
}
