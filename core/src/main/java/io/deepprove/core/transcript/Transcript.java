package io.deepprove.core.transcript;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Fiat–Shamir transcript over SHA-256: a running hash of every labelled message, from which
 * challenges are derived. Prover and verifier use this one type and drive it identically — the
 * verifier absorbs exactly what it reads from the proof, in the order the prover wrote it.
 *
 * <p>Every message is framed as (kind tag, label length, label, payload length, payload), so
 * different message sequences never hash the same byte string. The protocol label given at
 * construction separates domains. A challenge is derived from a clone of the running hash plus the
 * challenge label and a counter; the challenge label and counter are then absorbed, so successive
 * challenges differ and bind to each other.
 *
 * <p>Challenges are uniform: 64-bit words are rejection-sampled below p (rejection probability
 * about 2^−32 per word), so there is no modular bias.
 */
public final class Transcript {

  private static final byte TAG_PROTOCOL = 0x00;
  private static final byte TAG_BASE = 0x01;
  private static final byte TAG_EXT = 0x02;
  private static final byte TAG_BYTES = 0x03;
  private static final byte TAG_DIGEST = 0x04;
  private static final byte TAG_CHALLENGE = 0x05;
  private static final byte TAG_SQUEEZE = 0x06;

  private final MessageDigest state;
  private final byte[] word = new byte[8];
  private long challengeCount;

  /** A fresh transcript for the protocol named by {@code protocolLabel} (domain separation). */
  public Transcript(String protocolLabel) {
    try {
      state = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
    frame(TAG_PROTOCOL, protocolLabel, 0);
  }

  private Transcript(MessageDigest state, long challengeCount) {
    this.state = state;
    this.challengeCount = challengeCount;
  }

  /**
   * An independent transcript in the same state: what this one would produce from here on, the
   * copy produces too. Lets a prover replay a sub-protocol's verifier to learn its claims.
   */
  public Transcript copy() {
    try {
      return new Transcript((MessageDigest) state.clone(), challengeCount);
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the platform's SHA-256 cannot be cloned", e);
    }
  }

  private void frame(byte tag, String label, long payloadLength) {
    byte[] l = label.getBytes(StandardCharsets.UTF_8);
    state.update(tag);
    putLong(l.length);
    state.update(l);
    putLong(payloadLength);
  }

  private void putLong(long v) {
    for (int i = 0; i < 8; i++) {
      word[i] = (byte) (v >>> (8 * i));
    }
    state.update(word, 0, 8);
  }

  public void absorbBase(String label, long x) {
    frame(TAG_BASE, label, 1);
    putLong(x);
  }

  public void absorbBase(String label, long[] xs) {
    absorbBase(label, xs, 0, xs.length);
  }

  public void absorbBase(String label, long[] xs, int from, int count) {
    frame(TAG_BASE, label, count);
    byte[] buf = new byte[8 * Math.min(count, 4096)];
    int i = from;
    int end = from + count;
    while (i < end) {
      int n = Math.min(end - i, buf.length / 8);
      for (int j = 0; j < n; j++) {
        long v = xs[i + j];
        for (int b = 0; b < 8; b++) {
          buf[8 * j + b] = (byte) (v >>> (8 * b));
        }
      }
      state.update(buf, 0, 8 * n);
      i += n;
    }
  }

  public void absorbExt(String label, Ext2 x) {
    frame(TAG_EXT, label, 1);
    putLong(x.c0());
    putLong(x.c1());
  }

  public void absorbExt(String label, Ext2[] xs) {
    frame(TAG_EXT, label, xs.length);
    for (Ext2 x : xs) {
      putLong(x.c0());
      putLong(x.c1());
    }
  }

  /** Absorbs an interleaved vector of extension elements. */
  public void absorbExtInterleaved(String label, long[] xs) {
    if ((xs.length & 1) != 0) {
      // framed as xs.length / 2 elements, a stray word would run into the next message's frame
      throw new IllegalArgumentException("interleaved extension vector of odd length " + xs.length);
    }
    frame(TAG_EXT, label, xs.length / 2);
    for (long x : xs) {
      putLong(x);
    }
  }

  public void absorbBytes(String label, byte[] bytes) {
    frame(TAG_BYTES, label, bytes.length);
    state.update(bytes);
  }

  /** Absorbs a digest (a Merkle root, a key hash). */
  public void absorbDigest(String label, byte[] digest) {
    frame(TAG_DIGEST, label, digest.length);
    state.update(digest);
  }

  /** A uniformly random base-field challenge. */
  public long challengeBase(String label) {
    long[] out = new long[1];
    squeeze(label, out);
    return out[0];
  }

  /** A uniformly random extension-field challenge. */
  public Ext2 challengeExt(String label) {
    long[] out = new long[2];
    squeeze(label, out);
    return new Ext2(out[0], out[1]);
  }

  /** {@code n} extension challenges under one label. */
  public Ext2[] challengeExts(String label, int n) {
    long[] out = new long[2 * n];
    squeeze(label, out);
    Ext2[] result = new Ext2[n];
    for (int i = 0; i < n; i++) {
      result[i] = new Ext2(out[2 * i], out[2 * i + 1]);
    }
    return result;
  }

  /** {@code n} challenge indices in [0, bound), uniform (for query positions). */
  public int[] challengeIndices(String label, int n, int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("index bound must be positive");
    }
    long[] out = new long[n];
    squeeze(label, out);
    int[] idx = new int[n];
    // Goldilocks elements are uniform in [0, p); reduce with rejection of the top partial block
    // by re-squeezing, so each index is exactly uniform.
    long limit = Long.divideUnsigned(Goldilocks.P, bound) * bound; // unsigned
    for (int i = 0; i < n; i++) {
      long v = out[i];
      while (Long.compareUnsigned(v, limit) >= 0) {
        v = challengeBase(label + "/retry");
      }
      idx[i] = (int) Long.remainderUnsigned(v, bound);
    }
    return idx;
  }

  /** Fills {@code out} with uniform field elements and binds them into the transcript. */
  private void squeeze(String label, long[] out) {
    long index = challengeCount++;
    frame(TAG_CHALLENGE, label, out.length);
    putLong(index);
    int filled = 0;
    long block = 0;
    while (filled < out.length) {
      MessageDigest fork;
      try {
        fork = (MessageDigest) state.clone();
      } catch (CloneNotSupportedException e) {
        throw new IllegalStateException("SHA-256 digest is not cloneable", e);
      }
      fork.update(TAG_SQUEEZE);
      for (int i = 0; i < 8; i++) {
        fork.update((byte) (block >>> (8 * i)));
      }
      byte[] h = fork.digest();
      block++;
      for (int w = 0; w < 4 && filled < out.length; w++) {
        long v = 0;
        for (int b = 0; b < 8; b++) {
          v |= (h[8 * w + b] & 0xFFL) << (8 * b);
        }
        if (Goldilocks.isCanonical(v)) {
          out[filled++] = v;
        }
      }
    }
    // Bind the challenge output so later messages and challenges depend on it.
    state.update(TAG_SQUEEZE);
    putLong(block);
  }
}
