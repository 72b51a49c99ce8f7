package io.deepprove.commit;

import io.deepprove.core.field.Ext2;
import java.util.Arrays;

/**
 * Where each committed polynomial sits inside the ONE packed polynomial that is actually encoded
 * and Merkle-committed. Polynomials are placed largest first (ties in commitment order), so every
 * offset is a multiple of the polynomial's own size, and the total is padded to a power of two.
 *
 * <p>Variable order is big-endian (as everywhere in deepprove): in the packed polynomial P of
 * {@link #totalVars()} variables, polynomial i with n_i variables at offset o_i is the subcube
 * selected by the TOP t − n_i variables, fixed to the bits of o_i / 2^(n_i). Hence f_i(r) =
 * P(bits(o_i >> n_i), r): {@link #embedPoint} turns a claim on f_i into a claim on P.
 */
public final class PackedLayout {

  private final int[] numVars;
  private final int[] offsets;
  private final int totalVars;

  private PackedLayout(int[] numVars, int[] offsets, int totalVars) {
    this.numVars = numVars;
    this.offsets = offsets;
    this.totalVars = totalVars;
  }

  /** The layout of polynomials with {@code numVars[i]} variables each (each at most 30). */
  public static PackedLayout of(int[] numVars) {
    int count = numVars.length;
    if (count == 0) {
      throw new IllegalArgumentException("no polynomials to lay out");
    }
    Integer[] order = new Integer[count];
    long total = 0;
    for (int i = 0; i < count; i++) {
      if (numVars[i] < 0 || numVars[i] > 30) {
        throw new IllegalArgumentException("polynomial " + i + " has " + numVars[i] + " variables");
      }
      order[i] = i;
      total += 1L << numVars[i];
    }
    if (total > 1L << 30) {
      throw new IllegalArgumentException("polynomials total more than 2^30 values");
    }
    // largest first, stable: every offset is then aligned to the size of the polynomial placed there
    Arrays.sort(order, (a, b) -> Integer.compare(numVars[b], numVars[a]));
    int[] offsets = new int[count];
    int next = 0;
    for (int idx : order) {
      offsets[idx] = next;
      next += 1 << numVars[idx];
    }
    int totalVars = 64 - Long.numberOfLeadingZeros(total - 1);
    return new PackedLayout(numVars.clone(), offsets, totalVars);
  }

  public int count() {
    return numVars.length;
  }

  /** The number of variables of the packed polynomial. */
  public int totalVars() {
    return totalVars;
  }

  public int numVars(int polynomial) {
    return numVars[polynomial];
  }

  /** The index of polynomial i's first value in the packed evaluation table. */
  public int offset(int polynomial) {
    return offsets[polynomial];
  }

  /**
   * The point of the packed polynomial at which it equals polynomial {@code polynomial} at
   * {@code point}: the top variables are the 0/1 bits selecting its subcube, then {@code point}.
   */
  public Ext2[] embedPoint(int polynomial, Ext2[] point) {
    int n = numVars[polynomial];
    if (point.length != n) {
      throw new IllegalArgumentException(
          "point has " + point.length + " coordinates, polynomial has " + n + " variables");
    }
    int prefix = totalVars - n;
    int block = offsets[polynomial] >>> n;
    Ext2[] out = new Ext2[totalVars];
    for (int k = 0; k < prefix; k++) {
      out[k] = ((block >>> (prefix - 1 - k)) & 1) == 1 ? Ext2.ONE : Ext2.ZERO;
    }
    System.arraycopy(point, 0, out, prefix, n);
    return out;
  }
}
