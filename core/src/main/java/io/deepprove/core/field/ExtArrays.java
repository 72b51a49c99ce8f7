package io.deepprove.core.field;

/**
 * Vectors of extension elements stored interleaved in one {@code long[]}: element i is
 * (v[2i], v[2i+1]) = (c0, c1). Hot loops read and write the two words directly; these helpers are
 * for the places where clarity beats the last nanosecond.
 */
public final class ExtArrays {

  private ExtArrays() {}

  /** A zero vector of n extension elements. */
  public static long[] zeros(int n) {
    return new long[Math.multiplyExact(2, n)];
  }

  /** The number of extension elements in an interleaved vector. */
  public static int length(long[] v) {
    if ((v.length & 1) != 0) {
      throw new IllegalArgumentException("interleaved extension vector of odd length " + v.length);
    }
    return v.length >>> 1;
  }

  public static Ext2 get(long[] v, int i) {
    return new Ext2(v[2 * i], v[2 * i + 1]);
  }

  public static void set(long[] v, int i, Ext2 e) {
    v[2 * i] = e.c0();
    v[2 * i + 1] = e.c1();
  }

  /** Embeds base-field values into a new interleaved vector. */
  public static long[] fromBase(long[] base) {
    long[] v = zeros(base.length);
    for (int i = 0; i < base.length; i++) {
      v[2 * i] = base[i];
    }
    return v;
  }

  public static long[] fromElements(Ext2[] elements) {
    long[] v = zeros(elements.length);
    for (int i = 0; i < elements.length; i++) {
      set(v, i, elements[i]);
    }
    return v;
  }

  public static Ext2[] toElements(long[] v) {
    Ext2[] out = new Ext2[length(v)];
    for (int i = 0; i < out.length; i++) {
      out[i] = get(v, i);
    }
    return out;
  }
}
