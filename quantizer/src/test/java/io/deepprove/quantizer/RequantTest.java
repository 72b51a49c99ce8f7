package io.deepprove.quantizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RequantTest {

  @Test
  void remainderRelationHoldsAndQuotientRoundsHalfUp() {
    Requant r = Requant.of(0.37, Requant.INT8_MIN, Requant.INT8_MAX, 1 << 20);
    Random rnd = new Random(1);
    long[] acc = new long[1000];
    for (int i = 0; i < acc.length; i++) {
      acc[i] = rnd.nextInt(1 << 21) - (1 << 20);
    }
    long[] q = new long[acc.length];
    long[] rem = new long[acc.length];
    long[] out = new long[acc.length];
    r.apply(acc, q, rem, out);
    long m = r.multipliers()[0];
    int s = r.shifts()[0];
    for (int i = 0; i < acc.length; i++) {
      assertEquals(acc[i] * m + (1L << (s - 1)), (q[i] << s) + rem[i]);
      assertTrue(rem[i] >= 0 && rem[i] < (1L << s));
      assertEquals(Math.floor(acc[i] * r.real(0) + 0.5), q[i], 1e-9);
      assertEquals(Math.max(-127, Math.min(127, q[i])), out[i]);
    }
  }

  @Test
  void multiplierIsCloseToTheRealRatio() {
    for (double real : new double[] {1e-9, 3.3e-5, 0.5, 0.999, 1.0, 7.25, 1e4}) {
      Requant r = Requant.of(real, -127, 127, 1000);
      assertEquals(real, r.real(0), real * Math.scalb(1.0, -Requant.PRECISION_BITS), "ratio " + real);
      assertTrue(r.multipliers()[0] < 1L << (Requant.PRECISION_BITS + Requant.LIMB_BITS), "ratio " + real);
    }
  }

  @Test
  void exactRatiosGetTheShortestShift() {
    // powers of two and short dyadic ratios need no remainder bits beyond their own
    assertEquals(0, Requant.of(1.0, -127, 127, 1000).shifts()[0]);
    assertEquals(1, Requant.of(1.0, -127, 127, 1000).multipliers()[0]);
    assertEquals(1, Requant.of(0.5, -127, 127, 1000).shifts()[0]);
    assertEquals(1, Requant.of(0.5, -127, 127, 1000).multipliers()[0]);
    assertEquals(3, Requant.of(0.375, -127, 127, 1000).shifts()[0]);
    assertEquals(3, Requant.of(0.375, -127, 127, 1000).multipliers()[0]);
    // an inexact ratio: an odd multiplier, and no more remainder limbs than its precision needs
    Random rnd = new Random(7);
    for (int i = 0; i < 2000; i++) {
      double real = Math.scalb(0.5 + rnd.nextDouble() / 2, -rnd.nextInt(30));
      Requant r = Requant.of(real, -127, 127, 1 << 20);
      int shift = r.shifts()[0];
      int exp = Math.getExponent(real) + 1;
      int needed = Math.max(0, Requant.PRECISION_BITS - exp);
      // (fewer when the rounded multiplier happens to end in a whole limb of zeros)
      assertTrue((shift + 7) / 8 <= (needed + 7) / 8, "limbs for " + real);
      assertTrue(shift == 0 || (r.multipliers()[0] & 1) == 1, "reduced multiplier for " + real);
      assertEquals(real, r.real(0), real * Math.scalb(1.0, -Requant.PRECISION_BITS), "ratio " + real);
    }
  }

  @Test
  void largeAccumulatorBoundsGetFewerMultiplierBitsSoTheProductFits() {
    long bound = (1L << 40) - 1;
    Requant r = Requant.of(0.001234, -127, 127, bound);
    long m = r.multipliers()[0];
    assertTrue(Math.multiplyHigh(bound, m) == 0 && bound * m > 0, "acc·M must stay below 2^63");
    long[] acc = {bound, -bound};
    long[] out = new long[2];
    long[] q = new long[2];
    r.apply(acc, q, null, out);
    assertEquals(Math.round(bound * 0.001234), q[0], bound * 0.001234 * Math.scalb(1.0, -Requant.PRECISION_BITS));
  }

  @Test
  void perChannelMultipliersFollowTheChannelLayoutAndClampBoundsApply() {
    // 2 channels of 3 elements each, fused ReLU (lo = 0)
    Requant r = Requant.of(new double[] {1.0, 0.5}, 3, 0, 100, 1000);
    long[] acc = {10, -10, 300, 10, -10, 300, 10};
    long[] out = new long[acc.length];
    r.apply(acc, null, null, out);
    assertArrayEquals(new long[] {10, 0, 100, 5, 0, 100, 10}, out);
  }

  @Test
  void rejectsBadParameters() {
    assertThrows(IllegalArgumentException.class, () -> Requant.of(-1, -127, 127, 10));
    assertThrows(IllegalArgumentException.class, () -> Requant.of(0.5, 5, 4, 10));
    assertThrows(IllegalArgumentException.class, () -> Requant.of(0.5, -200, 4, 10));
    assertThrows(IllegalArgumentException.class, () -> Requant.of(Math.scalb(1.0, 40), -127, 127, 10));
  }
}
