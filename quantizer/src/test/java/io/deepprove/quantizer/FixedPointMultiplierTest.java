package io.deepprove.quantizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FixedPointMultiplierTest {

  @Test
  void representsMultipliersToThirtyBitsOfRelativePrecision() {
    SplittableRandom rng = new SplittableRandom(1);
    for (int i = 0; i < 10000; i++) {
      double m = Math.scalb(1 + rng.nextDouble(), rng.nextInt(-31, 20));
      FixedPointMultiplier f = FixedPointMultiplier.of(m);
      assertTrue(Math.abs(f.value() - m) <= m * 0x1p-30, () -> m + " -> " + f);
    }
    // below 2^-31 the shift is capped at 62: absolute precision 2^-63 instead
    double tiny = 6.1e-12;
    assertTrue(Math.abs(FixedPointMultiplier.of(tiny).value() - tiny) <= 0x1p-63);
    assertEquals(0, FixedPointMultiplier.of(0).apply(12345));
    assertThrows(IllegalArgumentException.class, () -> FixedPointMultiplier.of(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> FixedPointMultiplier.of(-1));
    assertThrows(IllegalArgumentException.class, () -> FixedPointMultiplier.of(Math.scalb(1.0, 40)));
  }

  @Test
  void applyRoundsHalfUpExactly() {
    SplittableRandom rng = new SplittableRandom(2);
    for (int i = 0; i < 10000; i++) {
      FixedPointMultiplier f = FixedPointMultiplier.of(rng.nextDouble(1e-6, 4));
      long acc = rng.nextLong(-(1L << 30), 1L << 30);
      // floor((acc·M + 2^(s−1)) / 2^s) computed exactly
      BigInteger t = BigInteger.valueOf(acc).multiply(BigInteger.valueOf(f.multiplier()));
      if (f.shift() > 0) {
        t = t.add(BigInteger.ONE.shiftLeft(f.shift() - 1)).shiftRight(f.shift());
      }
      assertEquals(t.longValueExact(), f.apply(acc));
      assertTrue(Math.abs(f.apply(acc) - acc * f.value()) <= 0.5 + 1e-9);
    }
    FixedPointMultiplier half = FixedPointMultiplier.of(0.5);
    assertEquals(2, half.apply(3)); // 1.5 → 2
    assertEquals(-1, half.apply(-3)); // −1.5 → −1 (half up)
    assertEquals(Long.MAX_VALUE, FixedPointMultiplier.of(0).maxAccumulator());
  }
}
