package io.deepprove.commit;

import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.parallel.Parallel;
import java.util.function.IntToLongFunction;

/**
 * Reed–Solomon encoding for the commitment: evaluations of g(X) = Σ c_i X^i on the order-2^(n+R)
 * subgroup D, in BIT-REVERSED order (position j holds g(ω^rev(j))). In that order x and −x are
 * neighbours and the FRI fold of a codeword is again a bit-reversed codeword on D², so every
 * Merkle leaf of 2^k consecutive positions is one folding coset (as in FRI and Basefold).
 *
 * <p>Block b of 2^n positions is the coset ω^rev_R(b)·⟨ω^(2^R)⟩; it is a size-2^n
 * decimation-in-frequency NTT (natural order in, bit-reversed out) of the coefficients scaled by
 * the coset shift. The 2^R blocks (times two for extension coefficients) run in parallel; each
 * NTT works depth-first so that stages below {@link #BLOCK} elements stay in cache.
 */
final class Ntt {

  private static final int BLOCK = 1 << 14;

  /**
   * STAGE_TABLES[k][len + j] = ω_{2·len}^j for every power of two len < 2^k and j < len: the
   * twiddles of each DIF stage stored contiguously, so every stage reads them sequentially.
   */
  private static final long[][] STAGE_TABLES = new long[Goldilocks.TWO_ADICITY + 1][];

  private Ntt() {}

  /** STAGE3_TABLES[k][len + j] = ω_{4·len}^(3j): the third twiddle of a radix-4 step. */
  private static final long[][] STAGE3_TABLES = new long[Goldilocks.TWO_ADICITY + 1][];

  /** ω_4, the square root of −1 the twiddle tables use: ±2^48. */
  private static final boolean OMEGA4_IS_2_POW_48 = Goldilocks.rootOfUnity(2) == 1L << 48;

  static {
    long w4 = Goldilocks.rootOfUnity(2);
    if (w4 != 1L << 48 && w4 != Goldilocks.neg(1L << 48)) {
      throw new ExceptionInInitializerError("unexpected 4th root of unity " + Goldilocks.toString(w4));
    }
  }

  private static long[] stageTable(int logN) {
    return twiddleTable(STAGE_TABLES, logN, logN, s -> Goldilocks.rootOfUnity(s + 1));
  }

  private static long[] stage3Table(int logN) {
    // radix-4 steps need len ≤ 2^(logN − 2)
    return twiddleTable(
        STAGE3_TABLES, logN, logN - 1, s -> Goldilocks.pow(Goldilocks.rootOfUnity(s + 2), 3));
  }

  /**
   * cache[logN], built on first use: entries [2^s, 2^(s+1)) hold w_s^0 … w_s^(2^s − 1) for every
   * stage s &lt; {@code stages}, w_s = {@code base.applyAsLong(s)}.
   */
  private static long[] twiddleTable(long[][] cache, int logN, int stages, IntToLongFunction base) {
    synchronized (cache) {
      long[] t = cache[logN];
      if (t == null) {
        t = new long[Math.max(2, 1 << logN)];
        for (int s = 0; s < stages; s++) {
          int len = 1 << s;
          long w = base.applyAsLong(s);
          long acc = 1;
          for (int j = 0; j < len; j++) {
            t[len + j] = acc;
            acc = Goldilocks.mul(acc, w);
          }
        }
        cache[logN] = t;
      }
      return t;
    }
  }

  /** x·ω_4 without a multiplication: x·2^48 is (x >> 16)·2^64 + (x << 48), reduced. */
  private static long mulOmega4(long x) {
    long y = Goldilocks.reduce128(x >>> 16, x << 48);
    return OMEGA4_IS_2_POW_48 ? y : Goldilocks.neg(y);
  }

  /** rev of the low {@code bits} bits of i. */
  static int reverseBits(int i, int bits) {
    return bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
  }

  /** The point of D (order 2^logSize) at bit-reversed position {@code pos}. */
  static long pointAt(int logSize, int pos) {
    return Goldilocks.pow(Goldilocks.rootOfUnity(logSize), reverseBits(pos, logSize));
  }

  /** Encodes 2^n base-field coefficients into 2^(n+R) bit-reversed evaluations. */
  static long[] encodeBase(long[] coeffs, int logInvRate, Parallel par) {
    int n = Integer.numberOfTrailingZeros(coeffs.length);
    long[] out = new long[coeffs.length << logInvRate];
    encodeInto(new long[][] {coeffs}, new long[][] {out}, n, logInvRate, par);
    return out;
  }

  /** Encodes 2^n interleaved extension coefficients into 2^(n+R) interleaved evaluations. */
  static long[] encodeExt(long[] coeffs, int logInvRate, Parallel par) {
    int len = coeffs.length >>> 1;
    int n = Integer.numberOfTrailingZeros(len);
    long[] c0 = new long[len];
    long[] c1 = new long[len];
    for (int i = 0; i < len; i++) {
      c0[i] = coeffs[2 * i];
      c1[i] = coeffs[2 * i + 1];
    }
    long[] e0 = new long[len << logInvRate];
    long[] e1 = new long[len << logInvRate];
    encodeInto(new long[][] {c0, c1}, new long[][] {e0, e1}, n, logInvRate, par);
    long[] out = new long[2 * e0.length];
    par.forRange(e0.length, 1 << 14, (from, to) -> {
      for (int i = from; i < to; i++) {
        out[2 * i] = e0[i];
        out[2 * i + 1] = e1[i];
      }
    });
    return out;
  }

  private static void encodeInto(long[][] ins, long[][] outs, int n, int logInvRate, Parallel par) {
    int blocks = 1 << logInvRate;
    int size = 1 << n;
    int tasks = ins.length * blocks;
    long domainRoot = Goldilocks.rootOfUnity(n + logInvRate);
    long[] table = stageTable(n);
    long[] table3 = stage3Table(n);
    // Large blocks are split after their first radix-4 pass into four independent quarter NTTs,
    // so there are 4× as many tasks to balance over the threads (the results are the same: a
    // DIF NTT is that pass followed by independent NTTs of the quarters).
    boolean split = par.threads() > 1 && size > BLOCK;
    par.forRange(tasks, 1, (from, to) -> {
      for (int t = from; t < to; t++) {
        long[] in = ins[t / blocks];
        long[] out = outs[t / blocks];
        int b = t % blocks;
        long shift = Goldilocks.pow(domainRoot, reverseBits(b, logInvRate));
        int off = b * size;
        if (shift == 1) {
          System.arraycopy(in, 0, out, off, size);
        } else {
          scaleByPowers(in, out, off, size, shift);
        }
        if (split) {
          radix4(out, off, size, size >>> 2, table, table3);
        } else {
          dif(out, off, size, table, table3);
        }
      }
    });
    if (split) {
      int quarter = size >>> 2;
      par.forRange(4 * tasks, 1, (from, to) -> {
        for (int u = from; u < to; u++) {
          int t = u >>> 2;
          dif(outs[t / blocks], (t % blocks) * size + (u & 3) * quarter, quarter, table, table3);
        }
      });
    }
  }

  /** out[off + i] = in[i]·shift^i, with four independent power chains (the multiply latency hides). */
  private static void scaleByPowers(long[] in, long[] out, int off, int size, long shift) {
    if (size < 4) {
      long pw = 1;
      for (int i = 0; i < size; i++) {
        out[off + i] = Goldilocks.mul(in[i], pw);
        pw = Goldilocks.mul(pw, shift);
      }
      return;
    }
    long step = Goldilocks.pow(shift, 4);
    long p0 = 1;
    long p1 = shift;
    long p2 = Goldilocks.mul(shift, shift);
    long p3 = Goldilocks.mul(p2, shift);
    for (int i = 0; i < size; i += 4) {
      out[off + i] = Goldilocks.mul(in[i], p0);
      out[off + i + 1] = Goldilocks.mul(in[i + 1], p1);
      out[off + i + 2] = Goldilocks.mul(in[i + 2], p2);
      out[off + i + 3] = Goldilocks.mul(in[i + 3], p3);
      p0 = Goldilocks.mul(p0, step);
      p1 = Goldilocks.mul(p1, step);
      p2 = Goldilocks.mul(p2, step);
      p3 = Goldilocks.mul(p3, step);
    }
  }

  /**
   * In-place DIF NTT of a[off, off + size): radix-4 steps (two radix-2 stages per pass over the
   * data, three twiddle multiplications per four outputs instead of four, since one factor is
   * ω_4 = ±2^48), depth-first below {@link #BLOCK} elements.
   */
  private static void dif(long[] a, int off, int size, long[] table, long[] table3) {
    if (size <= 1) {
      return;
    }
    if (size == 2) {
      long u = a[off];
      long v = a[off + 1];
      a[off] = Goldilocks.add(u, v);
      a[off + 1] = Goldilocks.sub(u, v);
      return;
    }
    if (size <= BLOCK) {
      int quarter = size >>> 2;
      for (; quarter >= 1; quarter >>>= 2) {
        radix4(a, off, size, quarter, table, table3);
      }
      if (Integer.numberOfTrailingZeros(size) % 2 == 1) { // one radix-2 stage left, twiddle 1
        for (int s = off; s < off + size; s += 2) {
          long u = a[s];
          long v = a[s + 1];
          a[s] = Goldilocks.add(u, v);
          a[s + 1] = Goldilocks.sub(u, v);
        }
      }
      return;
    }
    int quarter = size >>> 2;
    radix4(a, off, size, quarter, table, table3);
    for (int q = 0; q < 4; q++) {
      dif(a, off + q * quarter, quarter, table, table3);
    }
  }

  /** The DIF stages of half-lengths 2L and L fused, over blocks of 4L = 4·quarter. */
  private static void radix4(long[] a, int off, int size, int quarter, long[] table, long[] table3) {
    int l = quarter;
    for (int s = off; s < off + size; s += 4 * l) {
      for (int j = 0; j < l; j++) {
        int i0 = s + j;
        long x0 = a[i0];
        long x1 = a[i0 + l];
        long x2 = a[i0 + 2 * l];
        long x3 = a[i0 + 3 * l];
        long a0 = Goldilocks.add(x0, x2);
        long a1 = Goldilocks.add(x1, x3);
        long t0 = Goldilocks.sub(x0, x2);
        long t1 = mulOmega4(Goldilocks.sub(x1, x3));
        a[i0] = Goldilocks.add(a0, a1);
        a[i0 + l] = Goldilocks.mul(Goldilocks.sub(a0, a1), table[l + j]);
        a[i0 + 2 * l] = Goldilocks.mul(Goldilocks.add(t0, t1), table[2 * l + j]);
        a[i0 + 3 * l] = Goldilocks.mul(Goldilocks.sub(t0, t1), table3[l + j]);
      }
    }
  }
}
