package io.deepprove.commit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.poly.Multilinear;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PackedLayoutTest {

  @Test
  void largestFirstAlignedOffsetsPaddedToAPowerOfTwo() {
    PackedLayout l = PackedLayout.of(new int[] {3, 11, 0, 9, 11, 5});
    assertEquals(13, l.totalVars()); // 2·2048 + 512 + 32 + 8 + 1 = 4649 → 2^13
    assertEquals(0, l.offset(1));
    assertEquals(2048, l.offset(4));
    assertEquals(4096, l.offset(3));
    assertEquals(4608, l.offset(5));
    assertEquals(4640, l.offset(0));
    assertEquals(4648, l.offset(2));
    for (int i = 0; i < l.count(); i++) {
      assertEquals(0, l.offset(i) % (1 << l.numVars(i)));
    }
    assertEquals(0, PackedLayout.of(new int[] {0}).totalVars());
    assertEquals(1, PackedLayout.of(new int[] {0, 0}).totalVars());
    assertThrows(IllegalArgumentException.class, () -> PackedLayout.of(new int[0]));
    assertThrows(IllegalArgumentException.class, () -> PackedLayout.of(new int[] {-1}));
  }

  @Test
  void embeddedPointEvaluatesThePackedPolynomialToThePolynomialsValue() {
    SplittableRandom rng = new SplittableRandom(1);
    int[] vars = {4, 2, 6, 2, 0};
    PackedLayout l = PackedLayout.of(vars);
    long[] packed = new long[1 << l.totalVars()];
    long[][] polys = new long[vars.length][];
    for (int i = 0; i < vars.length; i++) {
      polys[i] = TestSupport.randomPoly(rng, vars[i]);
      System.arraycopy(polys[i], 0, packed, l.offset(i), polys[i].length);
    }
    for (int i = 0; i < vars.length; i++) {
      Ext2[] r = TestSupport.randomPoint(rng, vars[i], false);
      Ext2[] z = l.embedPoint(i, r);
      assertEquals(Multilinear.evaluateBase(polys[i], r), Multilinear.evaluateBase(packed, z), "polynomial " + i);
      assertArrayEquals(r, java.util.Arrays.copyOfRange(z, z.length - r.length, z.length));
    }
    assertThrows(IllegalArgumentException.class, () -> l.embedPoint(0, new Ext2[3]));
  }
}
