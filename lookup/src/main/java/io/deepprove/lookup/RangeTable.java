package io.deepprove.lookup;

import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.core.field.Ext2;

/**
 * The single-column table {start, start + 1, …, start + 2^bits − 1}; {@code Range(bits)} is start 0.
 * Its MLE is start + J(r) ({@link StructuredMle#identity}), so nothing is materialized.
 */
public record RangeTable(int bits, long start) implements Table {

  /** Range tables have at most 2^16 rows; wider values go through {@link LimbDecomposition}. */
  public static final int MAX_BITS = 16;

  public RangeTable {
    if (bits < 1 || bits > MAX_BITS) {
      throw new IllegalArgumentException("range table of " + bits + " bits (1.." + MAX_BITS + ")");
    }
    if (Math.abs(start) > (1L << 40)) {
      throw new IllegalArgumentException("range start " + start + " too large");
    }
  }

  @Override
  public int numVars() {
    return bits;
  }

  @Override
  public boolean hasOutput() {
    return false;
  }

  @Override
  public int rowOf(long input, long output) {
    long j = input - start;
    return j >= 0 && j < (1L << bits) ? (int) j : -1;
  }

  @Override
  public long inputAt(int row) {
    return start + row;
  }

  @Override
  public long outputAt(int row) {
    return 0;
  }

  @Override
  public Ext2 evaluateInput(Ext2[] point) {
    check(point);
    return StructuredMle.identity(point).add(Ext2.ofSigned(start));
  }

  @Override
  public Ext2 evaluateOutput(Ext2[] point) {
    check(point);
    return Ext2.ZERO;
  }

  private void check(Ext2[] point) {
    if (point.length != bits) {
      throw new IllegalArgumentException("point of " + point.length + " coordinates for " + this);
    }
  }

  @Override
  public void describe(BinaryWriter out) {
    out.writeByte(1).writeInt(bits).writeLong(start);
  }

  @Override
  public String toString() {
    return start == 0 ? "Range(" + bits + ")" : "Range(" + bits + ", start " + start + ")";
  }
}
