package io.deepprove.core.field;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExtArraysTest {

  @Test
  void zerosHasTwoWordsPerElement() {
    assertEquals(0, ExtArrays.zeros(0).length);
    long[] v = ExtArrays.zeros(5);
    assertEquals(10, v.length);
    assertEquals(5, ExtArrays.length(v));
    for (long w : v) {
      assertEquals(0, w);
    }
    // 2·n overflowing int must not silently allocate a wrong size
    assertThrows(ArithmeticException.class, () -> ExtArrays.zeros(Integer.MAX_VALUE / 2 + 1));
  }

  @Test
  void lengthRejectsOddWordCounts() {
    assertEquals(0, ExtArrays.length(new long[0]));
    assertEquals(3, ExtArrays.length(new long[6]));
    assertThrows(IllegalArgumentException.class, () -> ExtArrays.length(new long[7]));
    assertThrows(IllegalArgumentException.class, () -> ExtArrays.length(new long[1]));
  }

  @Test
  void getAndSetUseTheInterleavedLayout() {
    long[] v = ExtArrays.zeros(3);
    ExtArrays.set(v, 1, new Ext2(11, 22));
    assertArrayEquals(new long[] {0, 0, 11, 22, 0, 0}, v);
    assertEquals(new Ext2(11, 22), ExtArrays.get(v, 1));
    assertEquals(Ext2.ZERO, ExtArrays.get(v, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> ExtArrays.get(v, 3));
  }

  @Test
  void fromBaseEmbeds() {
    long[] base = {1, Goldilocks.P - 1, 1L << 63};
    long[] v = ExtArrays.fromBase(base);
    assertArrayEquals(new long[] {1, 0, Goldilocks.P - 1, 0, 1L << 63, 0}, v);
    for (int i = 0; i < base.length; i++) {
      assertEquals(Ext2.ofBase(base[i]), ExtArrays.get(v, i));
    }
  }

  @Test
  void elementsRoundTrip() {
    SplittableRandom rng = new SplittableRandom(21);
    Ext2[] xs = new Ext2[17];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = Ext2.random(rng);
    }
    long[] v = ExtArrays.fromElements(xs);
    assertEquals(34, v.length);
    for (int i = 0; i < xs.length; i++) {
      assertEquals(xs[i].c0(), v[2 * i]);
      assertEquals(xs[i].c1(), v[2 * i + 1]);
    }
    assertArrayEquals(xs, ExtArrays.toElements(v));
    assertEquals(0, ExtArrays.toElements(new long[0]).length);
    assertThrows(IllegalArgumentException.class, () -> ExtArrays.toElements(new long[3]));
    // non-canonical words are caught when read back as elements
    assertThrows(IllegalArgumentException.class, () -> ExtArrays.toElements(new long[] {Goldilocks.P, 0}));
  }
}
