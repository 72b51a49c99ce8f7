package io.deepprove.core.field;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Known-answer tests of F_p[X]/(X² − 7) against an independent BigInteger implementation. */
class Ext2Test {

  static final BigInteger P = new BigInteger("18446744069414584321");
  static final BigInteger SEVEN = BigInteger.valueOf(7);

  /** Reference element a0 + a1·X with BigInteger coordinates in [0, p). */
  record Ref(BigInteger a0, BigInteger a1) {
    static Ref of(Ext2 x) {
      return new Ref(big(x.c0()), big(x.c1()));
    }

    Ref add(Ref o) {
      return new Ref(a0.add(o.a0).mod(P), a1.add(o.a1).mod(P));
    }

    Ref sub(Ref o) {
      return new Ref(a0.subtract(o.a0).mod(P), a1.subtract(o.a1).mod(P));
    }

    Ref mul(Ref o) {
      BigInteger c0 = a0.multiply(o.a0).add(SEVEN.multiply(a1).multiply(o.a1)).mod(P);
      BigInteger c1 = a0.multiply(o.a1).add(a1.multiply(o.a0)).mod(P);
      return new Ref(c0, c1);
    }

    /** x^e by schoolbook square-and-multiply on the reference. */
    Ref pow(BigInteger e) {
      Ref result = new Ref(BigInteger.ONE, BigInteger.ZERO);
      for (int i = e.bitLength() - 1; i >= 0; i--) {
        result = result.mul(result);
        if (e.testBit(i)) {
          result = result.mul(this);
        }
      }
      return result;
    }

    Ext2 toExt2() {
      return new Ext2(a0.longValue(), a1.longValue());
    }
  }

  static BigInteger big(long x) {
    return new BigInteger(Long.toUnsignedString(x));
  }

  static final long[] EDGES = {
    0, 1, Goldilocks.P - 1, 1L << 32, 1L << 63, 0xFFFF_FFFF_0000_0000L /* 2^64 − 2^32 */,
    2, Goldilocks.P - 2, (1L << 32) - 1, (1L << 32) + 1, (1L << 63) - 1, 7
  };

  /** Every pair of edge coordinates, then random elements. */
  static List<Ext2> samples() {
    List<Ext2> xs = new ArrayList<>();
    for (long c0 : EDGES) {
      for (long c1 : EDGES) {
        xs.add(new Ext2(c0, c1));
      }
    }
    SplittableRandom rng = new SplittableRandom(11);
    for (int i = 0; i < 150; i++) {
      xs.add(Ext2.random(rng));
    }
    return xs;
  }

  @Test
  void sevenIsAQuadraticNonResidue() {
    // Euler's criterion: 7^((p−1)/2) = −1, so X² − 7 is irreducible and F_p[X]/(X² − 7) is a field.
    BigInteger half = P.subtract(BigInteger.ONE).shiftRight(1);
    assertEquals(P.subtract(BigInteger.ONE), SEVEN.modPow(half, P));
    assertEquals(Goldilocks.P - 1, Goldilocks.pow(Ext2.W, half.longValue()));
    assertEquals(7, Ext2.W);
  }

  @Test
  void ringOperationsMatchReference() {
    List<Ext2> xs = samples();
    for (int i = 0; i < xs.size(); i++) {
      Ext2 a = xs.get(i);
      Ref ra = Ref.of(a);
      for (int j = i % 5; j < xs.size(); j += 5) {
        Ext2 b = xs.get(j);
        Ref rb = Ref.of(b);
        assertEquals(ra.add(rb).toExt2(), a.add(b), () -> "add " + a + ", " + b);
        assertEquals(ra.sub(rb).toExt2(), a.sub(b), () -> "sub " + a + ", " + b);
        assertEquals(ra.mul(rb).toExt2(), a.mul(b), () -> "mul " + a + ", " + b);
        assertEquals(
            new Ext2(Ext2.mulC0(a.c0(), a.c1(), b.c0(), b.c1()), Ext2.mulC1(a.c0(), a.c1(), b.c0(), b.c1())),
            a.mul(b));
        long[] out = new long[3];
        Ext2.mulInto(a.c0(), a.c1(), b.c0(), b.c1(), out, 1);
        assertEquals(ra.mul(rb).toExt2(), new Ext2(out[1], out[2]), () -> "mulInto " + a + ", " + b);
      }
      assertEquals(ra.mul(ra).toExt2(), a.square(), () -> "square " + a);
      assertEquals(new Ref(BigInteger.ZERO, BigInteger.ZERO).sub(ra).toExt2(), a.neg());
      assertEquals(Ext2.ZERO, a.add(a.neg()));
    }
  }

  @Test
  void baseFieldOperationsMatchReference() {
    List<Ext2> xs = samples();
    for (Ext2 a : xs) {
      for (long b : EDGES) {
        Ref rb = new Ref(big(b), BigInteger.ZERO);
        assertEquals(Ref.of(a).mul(rb).toExt2(), a.mulBase(b), () -> "mulBase " + a + ", " + b);
        assertEquals(Ref.of(a).add(rb).toExt2(), a.addBase(b), () -> "addBase " + a + ", " + b);
        assertEquals(a.mul(Ext2.ofBase(b)), a.mulBase(b));
      }
    }
  }

  @Test
  void xSquaredIsSeven() {
    Ext2 x = new Ext2(0, 1);
    assertEquals(Ext2.ofBase(7), x.square());
    assertEquals(Ext2.ofBase(49), x.pow(4));
  }

  @Test
  void inverseTimesElementIsOne() {
    for (Ext2 a : samples()) {
      if (a.isZero()) {
        continue;
      }
      Ext2 inv = a.inv();
      assertEquals(Ext2.ONE, a.mul(inv), () -> "inv " + a);
      assertEquals(Ext2.ONE, inv.mul(a));
      // the inverse is a^(p² − 2) in F_{p²}
      assertEquals(Ref.of(a).pow(P.multiply(P).subtract(BigInteger.TWO)).toExt2(), inv);
    }
    assertThrows(ArithmeticException.class, Ext2.ZERO::inv);
  }

  @Test
  void batchInvertMatchesInv() {
    List<Ext2> xs = samples();
    xs.removeIf(Ext2::isZero);
    Ext2[] values = xs.toArray(new Ext2[0]);
    Ext2.batchInvert(values);
    for (int i = 0; i < values.length; i++) {
      assertEquals(xs.get(i).inv(), values[i], "element " + i);
    }
    Ext2[] one = {new Ext2(3, 5)};
    Ext2.batchInvert(one);
    assertEquals(new Ext2(3, 5).inv(), one[0]);
    Ext2.batchInvert(new Ext2[0]);
    Ext2[] withZero = {Ext2.ONE, Ext2.ZERO, new Ext2(2, 2)};
    ArithmeticException e = assertThrows(ArithmeticException.class, () -> Ext2.batchInvert(withZero));
    assertTrue(e.getMessage().contains("1"), e.getMessage());
  }

  @Test
  void powMatchesReference() {
    SplittableRandom rng = new SplittableRandom(12);
    List<Ext2> xs = samples();
    for (int i = 0; i < xs.size(); i += 3) {
      Ext2 a = xs.get(i);
      long e = i < 20 ? i : rng.nextLong(); // includes exponents with the top bit set (unsigned)
      assertEquals(Ref.of(a).pow(big(e)).toExt2(), a.pow(e), () -> a + "^" + Long.toUnsignedString(e));
    }
    assertEquals(Ext2.ONE, Ext2.ZERO.pow(0));
    assertEquals(Ext2.ZERO, Ext2.ZERO.pow(5));
  }

  @Test
  void frobeniusIsConjugation() {
    // X^p = X·7^((p−1)/2) = −X, so (c0 + c1X)^p = c0 − c1X and x^(p+1) is the norm, a base element.
    for (Ext2 a : samples()) {
      Ext2 conj = new Ext2(a.c0(), Goldilocks.neg(a.c1()));
      assertEquals(conj, a.pow(Goldilocks.P), () -> "frobenius " + a);
      assertTrue(a.pow(Goldilocks.P + 1).isBase());
    }
  }

  @Test
  void constructorRejectsNonCanonicalCoordinates() {
    long[] bad = {Goldilocks.P, Goldilocks.P + 1, -1L, 0xFFFF_FFFF_FFFF_FFFEL};
    for (long b : bad) {
      assertThrows(IllegalArgumentException.class, () -> new Ext2(b, 0));
      assertThrows(IllegalArgumentException.class, () -> new Ext2(0, b));
      assertThrows(IllegalArgumentException.class, () -> new Ext2(b, b));
    }
    new Ext2(Goldilocks.P - 1, Goldilocks.P - 1);
  }

  @Test
  void embeddingsAndPredicates() {
    assertEquals(new Ext2(Goldilocks.P - 5, 0), Ext2.ofSigned(-5));
    assertEquals(new Ext2(5, 0), Ext2.ofBase(5));
    assertTrue(Ext2.ofBase(9).isBase());
    assertFalse(new Ext2(9, 1).isBase());
    assertTrue(Ext2.ZERO.isZero());
    assertFalse(new Ext2(0, 1).isZero());
    assertFalse(new Ext2(1, 0).isZero());
    assertEquals(Ext2.ofSigned(-6), Ext2.ofSigned(-2).mul(Ext2.ofSigned(3)));
    assertEquals("5", Ext2.ofBase(5).toString());
    assertEquals("5 + 3·X", new Ext2(5, 3).toString());
    assertNotEquals(new Ext2(1, 2), new Ext2(2, 1));
  }

  @Test
  void randomIsCanonicalAndVaried() {
    SplittableRandom rng = new SplittableRandom(13);
    Ext2 prev = Ext2.random(rng);
    for (int i = 0; i < 100; i++) {
      Ext2 x = Ext2.random(rng); // the constructor enforces canonical coordinates
      assertNotEquals(prev, x);
      prev = x;
    }
  }
}
