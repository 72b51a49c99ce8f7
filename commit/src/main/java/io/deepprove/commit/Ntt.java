package io.deepprove.commit;

import io.deepprove.core.field.Goldilocks;

/**
 * Reed–Solomon encoding for the commitment: evaluations of g(X) = Σ c_i X^i on the order-2^(n+R)
 * subgroup D, in BIT-REVERSED order (position j holds g(ω^rev(j))). In that order x and −x are
 * neighbours and the FRI fold of a codeword is again a bit-reversed codeword on D², so every
 * Merkle leaf of 2^k consecutive positions is one folding coset (Basefold §3, FRI).
 *
 * <p>Block b of 2^n positions is the coset ω^rev_R(b)·⟨ω^(2^R)⟩; it is a size-2^n
 * decimation-in-frequency NTT (natural order in, bit-reversed out) of the coefficients scaled by
 * the coset shift. The 2^R blocks (times two for extension coefficients) run in parallel; each
 * NTT works depth-first so that stages below {@link #BLOCK} elements stay in cache.
 */
final class Ntt {

  private static final int BLOCK = 1 << 14;

  /** ROOT_TABLES[k][j] = ω_{2^k}^j for j < 2^(k−1). */
  private static final long[][] ROOT_TABLES = new long[Goldilocks.TWO_ADICITY + 1][];

  private Ntt() {}

  private static long[] roots(int logN) {
    synchronized (ROOT_TABLES) {
      long[] t = ROOT_TABLES[logN];
      if (t == null) {
        int half = logN == 0 ? 0 : 1 << (logN - 1);
        t = new long[Math.max(1, half)];
        long w = Goldilocks.rootOfUnity(logN);
        long acc = 1;
        for (int j = 0; j < half; j++) {
          t[j] = acc;
          acc = Goldilocks.mul(acc, w);
        }
        if (half == 0) {
          t[0] = 1;
        }
        ROOT_TABLES[logN] = t;
      }
      return t;
    }
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
    long domainRoot = Goldilocks.rootOfUnity(n + logInvRate);
    long[] table = roots(n);
    par.forRange(ins.length * blocks, 1, (from, to) -> {
      for (int t = from; t < to; t++) {
        long[] in = ins[t / blocks];
        long[] out = outs[t / blocks];
        int b = t % blocks;
        long shift = Goldilocks.pow(domainRoot, reverseBits(b, logInvRate));
        int off = b * size;
        long pw = 1;
        for (int i = 0; i < size; i++) {
          out[off + i] = Goldilocks.mul(in[i], pw);
          pw = Goldilocks.mul(pw, shift);
        }
        dif(out, off, size, table, n);
      }
    });
  }

  /** In-place DIF NTT of a[off, off + size) with the root table of order 2^tableLog ≥ size. */
  private static void dif(long[] a, int off, int size, long[] table, int tableLog) {
    if (size <= 1) {
      return;
    }
    if (size <= BLOCK) {
      for (int len = size >>> 1; len >= 1; len >>>= 1) {
        stage(a, off, size, len, table, tableLog);
      }
      return;
    }
    stage(a, off, size, size >>> 1, table, tableLog);
    dif(a, off, size >>> 1, table, tableLog);
    dif(a, off + (size >>> 1), size >>> 1, table, tableLog);
  }

  /** One radix-2 DIF stage with butterflies of half-length len over a[off, off + size). */
  private static void stage(long[] a, int off, int size, int len, long[] table, int tableLog) {
    // ω_{2len}^j = ω_{2^tableLog}^(j·stride)
    int stride = (1 << tableLog) / (2 * len);
    for (int s = off; s < off + size; s += 2 * len) {
      for (int j = 0; j < len; j++) {
        long u = a[s + j];
        long v = a[s + j + len];
        a[s + j] = Goldilocks.add(u, v);
        a[s + j + len] = Goldilocks.mul(Goldilocks.sub(u, v), table[j * stride]);
      }
    }
  }

  /**
   * Multilinear evaluations on {0,1}^n → monomial coefficients, in place (Möbius transform): the
   * coefficient of Π_{k∈S} x_k sits at the index whose set bits are S (big-endian, as the
   * evaluations). Low bits are done block by block in cache, high bits in parallel passes.
   */
  static void evalsToCoeffs(long[] a, Parallel par) {
    int n = Integer.numberOfTrailingZeros(a.length);
    int lowBits = Math.min(n, 14);
    int block = 1 << lowBits;
    par.forRange(a.length / block, 1, (from, to) -> {
      for (int blk = from; blk < to; blk++) {
        int off = blk * block;
        for (int bit = 1; bit < block; bit <<= 1) {
          for (int s = off; s < off + block; s += 2 * bit) {
            for (int j = s; j < s + bit; j++) {
              a[j + bit] = Goldilocks.sub(a[j + bit], a[j]);
            }
          }
        }
      }
    });
    for (int bb = lowBits; bb < n; bb++) {
      int b = bb;
      int bit = 1 << b;
      par.forRange(a.length >>> 1, 1 << 14, (from, to) -> {
        for (int p = from; p < to; p++) {
          int lo = ((p >>> b) << (b + 1)) | (p & (bit - 1));
          a[lo + bit] = Goldilocks.sub(a[lo + bit], a[lo]);
        }
      });
    }
  }
}
