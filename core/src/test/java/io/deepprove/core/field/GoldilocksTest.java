package io.deepprove.core.field;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GoldilocksTest {

  static final BigInteger P = new BigInteger("18446744069414584321");
  static final BigInteger TWO64 = BigInteger.ONE.shiftLeft(64);

  static BigInteger big(long x) {
    return new BigInteger(Long.toUnsignedString(x));
  }

  static long fromBig(BigInteger b) {
    return b.mod(P).longValue();
  }

  /** Edge values named by the issue, plus neighbours, and random canonical values. */
  static List<Long> samples() {
    List<Long> xs = new ArrayList<>();
    long[] edges = {
      0, 1, 2, Goldilocks.P - 1, Goldilocks.P - 2, 1L << 32, (1L << 32) - 1, (1L << 32) + 1,
      1L << 63, (1L << 63) - 1, (1L << 63) + 1, 0xFFFF_FFFF_0000_0000L, 0xFFFF_FFFE_FFFF_FFFFL, 7
    };
    for (long e : edges) {
      xs.add(e);
    }
    SplittableRandom rng = new SplittableRandom(1);
    for (int i = 0; i < 300; i++) {
      xs.add(Goldilocks.random(rng));
    }
    return xs;
  }

  @Test
  void modulusIsTheGoldilocksPrime() {
    assertEquals(P, big(Goldilocks.P));
    assertTrue(P.isProbablePrime(64));
    assertEquals(BigInteger.TWO.pow(64).subtract(BigInteger.TWO.pow(32)).add(BigInteger.ONE), P);
  }

  @Test
  void arithmeticMatchesBigInteger() {
    List<Long> xs = samples();
    for (long a : xs) {
      assertTrue(Goldilocks.isCanonical(a));
      for (int j = 0; j < xs.size(); j += 7) {
        long b = xs.get(j);
        BigInteger ba = big(a);
        BigInteger bb = big(b);
        assertEquals(fromBig(ba.add(bb)), Goldilocks.add(a, b), () -> "add " + a + " " + b);
        assertEquals(fromBig(ba.subtract(bb)), Goldilocks.sub(a, b), () -> "sub " + a + " " + b);
        assertEquals(fromBig(ba.multiply(bb)), Goldilocks.mul(a, b), () -> "mul " + a + " " + b);
      }
      assertEquals(fromBig(big(a).negate()), Goldilocks.neg(a));
      assertEquals(fromBig(big(a).multiply(big(a))), Goldilocks.square(a));
    }
  }

  @Test
  void mulSmallMatchesBigInteger() {
    long[] cs = {0, 1, 2, 7, 255, 0xFFFF_FFFFL};
    for (long a : samples()) {
      for (long c : cs) {
        assertEquals(fromBig(big(a).multiply(BigInteger.valueOf(c))), Goldilocks.mulSmall(a, c), () -> a + "*" + c);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> Goldilocks.mulSmall(1, -1));
    assertThrows(IllegalArgumentException.class, () -> Goldilocks.mulSmall(1, 1L << 32));
  }

  @Test
  void reduce128MatchesBigIntegerOnArbitraryWords() {
    SplittableRandom rng = new SplittableRandom(2);
    long[] special = {0, 1, -1, Goldilocks.P, Goldilocks.P + 1, 1L << 63, 0xFFFF_FFFFL, 0xFFFF_FFFF_0000_0000L};
    for (int i = 0; i < 20000; i++) {
      long hi = i < 64 ? special[i % 8] : rng.nextLong();
      long lo = i < 64 ? special[(i / 8) % 8] : rng.nextLong();
      BigInteger v = big(hi).shiftLeft(64).add(big(lo));
      assertEquals(fromBig(v), Goldilocks.reduce128(hi, lo), () -> hi + ":" + lo);
    }
  }

  @Test
  void canonicalReducesEveryWord() {
    long[] words = {Goldilocks.P, Goldilocks.P + 1, -1L, -2L, Goldilocks.P - 1, 0};
    for (long w : words) {
      assertEquals(fromBig(big(w)), Goldilocks.canonical(w));
    }
  }

  @Test
  void inverseAndPow() {
    for (long a : samples()) {
      if (a == 0) {
        continue;
      }
      long inv = Goldilocks.inv(a);
      assertEquals(1, Goldilocks.mul(a, inv));
      assertEquals(fromBig(big(a).modInverse(P)), inv);
      assertEquals(fromBig(big(a).modPow(BigInteger.valueOf(12345), P)), Goldilocks.pow(a, 12345));
    }
    assertEquals(1, Goldilocks.pow(5, 0));
    assertThrows(ArithmeticException.class, () -> Goldilocks.inv(0));
  }

  @Test
  void batchInversionMatchesSingleInversion() {
    SplittableRandom rng = new SplittableRandom(3);
    long[] xs = new long[100];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = 1 + Long.remainderUnsigned(Goldilocks.random(rng), Goldilocks.P - 1);
    }
    long[] inv = xs.clone();
    Goldilocks.batchInvert(inv);
    for (int i = 0; i < xs.length; i++) {
      assertEquals(Goldilocks.inv(xs[i]), inv[i]);
    }
    long[] withZero = {3, 0, 5};
    assertThrows(ArithmeticException.class, () -> Goldilocks.batchInvert(withZero));
    Goldilocks.batchInvert(new long[0]);
  }

  @Test
  void rootsOfUnityHaveExactTwoPowerOrder() {
    assertEquals(32, Goldilocks.TWO_ADICITY);
    assertEquals(BigInteger.ZERO, P.subtract(BigInteger.ONE).mod(BigInteger.ONE.shiftLeft(32)));
    for (int k = 0; k <= 32; k++) {
      long w = Goldilocks.rootOfUnity(k);
      assertEquals(1, Goldilocks.pow(w, 1L << k), "order divides 2^" + k);
      if (k > 0) {
        assertNotEquals(1, Goldilocks.pow(w, 1L << (k - 1)), "order is exactly 2^" + k);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> Goldilocks.rootOfUnity(33));
  }

  @Test
  void multiplicativeGeneratorGeneratesTheGroup() {
    BigInteger order = P.subtract(BigInteger.ONE);
    for (long q : new long[] {2, 3, 5, 17, 257, 65537}) {
      assertTrue(order.mod(BigInteger.valueOf(q)).signum() == 0);
      long e = fromBig(order.divide(BigInteger.valueOf(q)));
      assertNotEquals(1, Goldilocks.pow(Goldilocks.MULTIPLICATIVE_GENERATOR, e), "q=" + q);
    }
    assertEquals(BigInteger.ONE, order.divide(BigInteger.valueOf(2L * 3 * 5 * 17 * 257 * 65537).multiply(BigInteger.ONE.shiftLeft(31))));
  }

  @Test
  void signedConversionRoundTrips() {
    long[] vs = {0, 1, -1, 127, -128, 1L << 40, -(1L << 40), (Goldilocks.P - 1) / 2, -((Goldilocks.P - 1) / 2)};
    for (long v : vs) {
      long x = Goldilocks.fromSigned(v);
      assertTrue(Goldilocks.isCanonical(x));
      assertEquals(fromBig(BigInteger.valueOf(v)), x);
      assertEquals(v, Goldilocks.toSigned(x), "v=" + v);
    }
    assertEquals(fromBig(BigInteger.valueOf(Long.MIN_VALUE)), Goldilocks.fromSigned(Long.MIN_VALUE));
    assertEquals(fromBig(BigInteger.valueOf(Long.MAX_VALUE)), Goldilocks.fromSigned(Long.MAX_VALUE));
    assertEquals(Goldilocks.P - 1, Goldilocks.fromSigned(-1));
    assertEquals(-1, Goldilocks.toSigned(Goldilocks.P - 1));
    // products of signed values agree with integer products while they stay small
    assertEquals(Goldilocks.fromSigned(-128L * 127), Goldilocks.mul(Goldilocks.fromSigned(-128), Goldilocks.fromSigned(127)));
  }

  @Test
  void randomIsCanonical() {
    SplittableRandom rng = new SplittableRandom(4);
    for (int i = 0; i < 1000; i++) {
      assertTrue(Goldilocks.isCanonical(Goldilocks.random(rng)));
    }
    assertEquals(TWO64.subtract(P), big(Goldilocks.EPSILON));
  }

  @Test
  void edgeValuesPairwise() {
    long[] edges = {
      0, 1, 2, Goldilocks.P - 1, Goldilocks.P - 2, 1L << 32, (1L << 32) - 1, (1L << 32) + 1,
      1L << 63, (1L << 63) - 1, (1L << 63) + 1, 0xFFFF_FFFF_0000_0000L, 0xFFFF_FFFE_FFFF_FFFFL,
      0xFFFF_FFFE_0000_0001L, 0x8000_0000_FFFF_FFFFL, 0x7FFF_FFFF_8000_0000L
    };
    for (long a : edges) {
      for (long b : edges) {
        BigInteger ba = big(a);
        BigInteger bb = big(b);
        assertEquals(fromBig(ba.add(bb)), Goldilocks.add(a, b), () -> "add " + a + " " + b);
        assertEquals(fromBig(ba.subtract(bb)), Goldilocks.sub(a, b), () -> "sub " + a + " " + b);
        assertEquals(fromBig(ba.multiply(bb)), Goldilocks.mul(a, b), () -> "mul " + a + " " + b);
      }
    }
  }

  @Test
  void addAroundTheModulus() {
    // sums just below, at and just above p (and 2^64), where the reduction switches branch
    SplittableRandom rng = new SplittableRandom(5);
    for (int i = 0; i < 20000; i++) {
      long a = Goldilocks.random(rng);
      long delta = rng.nextInt(7) - 3;
      long b = Goldilocks.canonical(Goldilocks.P - a + delta); // a + b ≈ p (mod p)
      assertEquals(fromBig(big(a).add(big(b))), Goldilocks.add(a, b), () -> "add " + a + " " + b);
      long c = Long.remainderUnsigned(-a + delta, Goldilocks.P); // a + c ≈ 2^64
      assertEquals(fromBig(big(a).add(big(c))), Goldilocks.add(a, c), () -> "add " + a + " " + c);
    }
  }

  @Test
  void reduce128BorrowPaths() {
    // lo < hi >>> 32 (the first subtraction borrows) and sums that land near p and 2^64
    SplittableRandom rng = new SplittableRandom(6);
    for (int i = 0; i < 20000; i++) {
      long hi = rng.nextLong();
      long lo;
      switch (i % 4) {
        case 0 -> lo = rng.nextLong(Math.max(1, hi >>> 32));
        case 1 -> lo = -1L - rng.nextInt(1 << 20);
        case 2 -> lo = Goldilocks.P - rng.nextInt(1 << 20);
        default -> {
          hi = (hi & 0xFFFF_FFFFL) | ((long) rng.nextInt(4) << 32);
          lo = rng.nextLong();
        }
      }
      long h = hi;
      long l = lo;
      BigInteger v = big(hi).shiftLeft(64).add(big(lo));
      assertEquals(fromBig(v), Goldilocks.reduce128(hi, lo), () -> h + ":" + l);
    }
  }

  @Test
  void dotMatchesSumOfProducts() {
    SplittableRandom rng = new SplittableRandom(7);
    for (int n : new int[] {0, 1, 2, 3, 4, 5, 17, 64, 1001}) {
      long[] a = new long[n];
      long[] b = new long[n];
      for (int i = 0; i < n; i++) {
        a[i] = Goldilocks.random(rng);
        b[i] = Goldilocks.random(rng);
      }
      BigInteger expected = BigInteger.ZERO;
      long naive = 0;
      for (int i = 0; i < n; i++) {
        expected = expected.add(big(a[i]).multiply(big(b[i])));
        naive = Goldilocks.add(naive, Goldilocks.mul(a[i], b[i]));
      }
      assertEquals(fromBig(expected), Goldilocks.dot(a, b), "n=" + n);
      assertEquals(naive, Goldilocks.dot(a, b), "n=" + n);
    }
    // maximal products in every term: every limb sum grows as fast as it can
    int n = 100001;
    long[] top = new long[n];
    java.util.Arrays.fill(top, Goldilocks.P - 1);
    // (p − 1)² = 1, so the sum is n
    assertEquals(n, Goldilocks.dot(top, top));
    long[] a = {5, Goldilocks.P - 1, 3, 9, 11};
    long[] b = {7, 2, Goldilocks.P - 1, 4, 6};
    long expected = Goldilocks.add(Goldilocks.mul(a[1], b[2]), Goldilocks.mul(a[2], b[3]));
    assertEquals(expected, Goldilocks.dot(a, 1, b, 2, 2));
    assertThrows(IllegalArgumentException.class, () -> Goldilocks.dot(new long[2], new long[3]));
    assertThrows(IllegalArgumentException.class, () -> Goldilocks.dot(a, 4, b, 0, 2));
    assertThrows(IllegalArgumentException.class, () -> Goldilocks.dot(a, 0, b, 0, -1));
    assertThrows(IllegalArgumentException.class, () -> Goldilocks.dot(a, -1, b, 0, 1));
  }
}
