package io.deepprove.lookup;

import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.core.field.Ext2;

/**
 * The pairs (x, clamp(x, lo, hi)) for x in the domain [start, start + 2^domainBits). With lo = 0
 * this is ReLU followed by a clamp ({@link Tables#reluClamp}).
 *
 * <p>Structured MLE: with x_j = start + j, clamp(x_j, lo, hi) = lo + max(j − (lo − start), 0) −
 * max(j − (hi − start), 0) (below lo both maxima vanish; between lo and hi the first gives x − lo;
 * above hi the two differ by hi − lo). Each max is {@link StructuredMle#relu}, O(domainBits).
 */
public record ClampTable(int domainBits, long start, long lo, long hi) implements Table {

  public static final int MAX_DOMAIN_BITS = 20;

  public ClampTable {
    if (domainBits < 1 || domainBits > MAX_DOMAIN_BITS) {
      throw new IllegalArgumentException(
          "clamp domain of " + domainBits + " bits (1.." + MAX_DOMAIN_BITS + ")");
    }
    if (lo > hi) {
      throw new IllegalArgumentException("clamp bounds lo " + lo + " > hi " + hi);
    }
    long lim = 1L << 40;
    if (Math.abs(start) > lim || Math.abs(lo) > lim || Math.abs(hi) > lim) {
      throw new IllegalArgumentException("clamp parameters too large");
    }
  }

  private static long clamp(long x, long lo, long hi) {
    return Math.max(lo, Math.min(hi, x));
  }

  @Override
  public int numVars() {
    return domainBits;
  }

  @Override
  public boolean hasOutput() {
    return true;
  }

  @Override
  public int rowOf(long input, long output) {
    long j = input - start;
    if (j < 0 || j >= (1L << domainBits) || output != clamp(input, lo, hi)) {
      return -1;
    }
    return (int) j;
  }

  @Override
  public long inputAt(int row) {
    return start + row;
  }

  @Override
  public long outputAt(int row) {
    return clamp(start + row, lo, hi);
  }

  @Override
  public Ext2 evaluateInput(Ext2[] point) {
    check(point);
    return StructuredMle.identity(point).add(Ext2.ofSigned(start));
  }

  @Override
  public Ext2 evaluateOutput(Ext2[] point) {
    check(point);
    return Ext2.ofSigned(lo)
        .add(StructuredMle.relu(lo - start, point))
        .sub(StructuredMle.relu(hi - start, point));
  }

  private void check(Ext2[] point) {
    if (point.length != domainBits) {
      throw new IllegalArgumentException("point of " + point.length + " coordinates for " + this);
    }
  }

  @Override
  public void describe(BinaryWriter out) {
    out.writeByte(2).writeInt(domainBits).writeLong(start).writeLong(lo).writeLong(hi);
  }

  @Override
  public String toString() {
    return "Clamp(" + lo + ", " + hi + ") on [" + start + ", " + (start + (1L << domainBits)) + ")";
  }
}
