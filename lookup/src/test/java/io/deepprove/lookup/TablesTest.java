package io.deepprove.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.poly.Multilinear;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The tables' rows and their MLEs: what the verifier evaluates in closed form must equal the MLE
 * of the column the prover materializes row by row.
 */
class TablesTest {

  private static final SplittableRandom RNG = new SplittableRandom(21);

  private static Ext2[] point(int n) {
    Ext2[] r = new Ext2[n];
    for (int i = 0; i < n; i++) {
      r[i] = Ext2.random(RNG);
    }
    return r;
  }

  /** Checks evaluateInput/Output against the dense MLE of inputAt/outputAt. */
  private static void assertMlesMatchRows(Table t) {
    long[] in = new long[t.size()];
    long[] out = new long[t.size()];
    for (int j = 0; j < t.size(); j++) {
      in[j] = Goldilocks.fromSigned(t.inputAt(j));
      out[j] = Goldilocks.fromSigned(t.outputAt(j));
    }
    for (int rep = 0; rep < 3; rep++) {
      Ext2[] r = point(t.numVars());
      assertEquals(Multilinear.evaluateBase(in, r), t.evaluateInput(r), t + " input");
      assertEquals(Multilinear.evaluateBase(out, r), t.evaluateOutput(r), t + " output");
    }
  }

  @Test
  void rangeTablesFromFourToSixteenBits() {
    for (int bits = 1; bits <= 16; bits++) {
      RangeTable t = Tables.range(bits);
      assertEquals(1 << bits, t.size());
      assertEquals(0, t.rowOf(0, 0));
      assertEquals((1 << bits) - 1, t.rowOf((1L << bits) - 1, 0));
      assertEquals(-1, t.rowOf(1L << bits, 0));
      assertEquals(-1, t.rowOf(-1, 0));
      assertFalse(t.hasOutput());
      assertMlesMatchRows(t);
    }
    assertThrows(IllegalArgumentException.class, () -> Tables.range(17));
    assertThrows(IllegalArgumentException.class, () -> Tables.range(0));
  }

  @Test
  void signedRange() {
    RangeTable t = Tables.signedRange(8);
    assertEquals(0, t.rowOf(-128, 0));
    assertEquals(255, t.rowOf(127, 0));
    assertEquals(-1, t.rowOf(128, 0));
    assertMlesMatchRows(t);
  }

  @Test
  void reluClampRowsAreClampOfMaxZero() {
    ClampTable t = Tables.reluClamp(10);
    for (long x = -512; x < 512; x++) {
      long y = Math.min(127, Math.max(x, 0));
      int row = t.rowOf(x, y);
      assertTrue(row >= 0, "x=" + x);
      assertEquals(x, t.inputAt(row));
      assertEquals(y, t.outputAt(row));
      assertEquals(-1, t.rowOf(x, y + 1));
    }
    assertEquals(-1, t.rowOf(512, 127));
    assertMlesMatchRows(t);
  }

  @Test
  void clampTablesStructuredMleForManyBounds() {
    long[][] bounds = {{-128, 127}, {0, 127}, {-3, 5}, {0, 0}, {-600, 600}, {100, 2000}, {-2000, -1000}};
    for (int bits : new int[] {1, 4, 8, 11}) {
      for (long[] b : bounds) {
        assertMlesMatchRows(Tables.clamp(bits, b[0], b[1]));
      }
    }
    assertThrows(IllegalArgumentException.class, () -> Tables.clamp(8, 5, 4));
  }

  @Test
  void explicitTablePadsWithItsLastRowAndFindsEveryPair() {
    long[] in = {-3, 7, 0, 9, 12};
    long[] out = {1, 2, 3, 4, 5};
    ExplicitTable t = Tables.pairs(in, out);
    assertEquals(3, t.numVars());
    for (int i = 0; i < in.length; i++) {
      assertEquals(i, t.rowOf(in[i], out[i]));
    }
    assertEquals(-1, t.rowOf(7, 3));
    assertEquals(-1, t.rowOf(8, 2));
    assertEquals(12, t.inputAt(7));
    assertEquals(5, t.outputAt(7));
    assertMlesMatchRows(t);
    in[0] = 99; // defensive copy
    assertEquals(0, t.rowOf(-3, 1));
  }

  @Test
  void explicitFunctionTableOfSixteenBits() {
    ExplicitTable sigmoid =
        Tables.function(-32768, 32767, x -> Math.round(127 / (1 + Math.exp(-x / 4096.0))));
    assertEquals(16, sigmoid.numVars());
    assertEquals(1 << 16, sigmoid.rows());
    assertTrue(sigmoid.rowOf(0, 64) >= 0);
    assertEquals(-1, sigmoid.rowOf(0, 63));
    assertMlesMatchRows(sigmoid);
    assertThrows(IllegalArgumentException.class, () -> Tables.function(0, 1 << 16, x -> x));
  }

  @Test
  void singleColumnSetTable() {
    ExplicitTable s = Tables.set(new long[] {5, -5, 17});
    assertFalse(s.hasOutput());
    assertEquals(1, s.rowOf(-5, 123)); // output ignored
    assertEquals(-1, s.rowOf(6, 0));
    assertMlesMatchRows(s);
  }

  @Test
  void descriptionsAreDistinctAndEqualTablesShareOne() {
    Table[] ts = {
      Tables.range(8), Tables.range(9), Tables.signedRange(8), Tables.reluClamp(8),
      Tables.clamp(8, -128, 127), Tables.pairs(new long[] {1, 2}, new long[] {3, 4}),
      Tables.set(new long[] {1, 2}), Tables.pairs(new long[] {1, 2}, new long[] {3, 5})
    };
    for (int i = 0; i < ts.length; i++) {
      for (int j = 0; j < ts.length; j++) {
        byte[] a = describe(ts[i]);
        byte[] b = describe(ts[j]);
        assertEquals(i == j, Arrays.equals(a, b), ts[i] + " vs " + ts[j]);
        assertEquals(i == j, ts[i].equals(ts[j]));
      }
    }
    assertEquals(Tables.pairs(new long[] {1}, new long[] {2}), Tables.pairs(new long[] {1}, new long[] {2}));
    assertNotEquals(Tables.set(new long[] {1}), Tables.pairs(new long[] {1}, new long[] {0}));
  }

  private static byte[] describe(Table t) {
    BinaryWriter w = new BinaryWriter();
    t.describe(w);
    return w.toByteArray();
  }
}
