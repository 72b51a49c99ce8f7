package io.deepprove.core.codec;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Bounded little-endian reader, the counterpart of {@link BinaryWriter}. Every read checks the
 * remaining input first, and every length is checked against what remains (times the element size)
 * before anything is allocated, so a forged length can never drive a large allocation. Malformed
 * input of any kind raises {@link ProofFormatException}; nothing else escapes.
 */
public final class BinaryReader {

  private final byte[] data;
  private final String what;
  private int pos;
  private final int end;

  /** Reads {@code data}; {@code what} names it in error messages (e.g. "proof.bin"). */
  public BinaryReader(byte[] data, String what) {
    this(data, 0, data.length, what);
  }

  public BinaryReader(byte[] data, int offset, int length, String what) {
    if (offset < 0 || length < 0 || length > data.length - offset) { // no int overflow
      throw new IllegalArgumentException("bad slice");
    }
    this.data = data;
    this.pos = offset;
    this.end = offset + length;
    this.what = what;
  }

  /** A format error naming the input and the current position, for callers that validate what they read. */
  public ProofFormatException error(String problem) {
    return new ProofFormatException(what + ": " + problem + " (at byte " + pos + ")");
  }

  public int remaining() {
    return end - pos;
  }

  private void need(long n) throws ProofFormatException {
    if (n > end - pos) {
      throw error("truncated: needs " + n + " more bytes, " + (end - pos) + " left");
    }
  }

  /** Checks magic bytes and returns the version, which must lie in [minVersion, maxVersion]. */
  public int readHeader(String magic, int minVersion, int maxVersion) throws ProofFormatException {
    byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
    need(m.length);
    if (!Arrays.equals(data, pos, pos + m.length, m, 0, m.length)) {
      throw error("not a " + magic + " file (wrong magic bytes)");
    }
    pos += m.length;
    int version = readInt();
    if (version < minVersion || version > maxVersion) {
      throw error(
          "unsupported " + magic + " format version " + version
              + " (this build reads " + minVersion + (minVersion == maxVersion ? "" : ".." + maxVersion) + ")");
    }
    return version;
  }

  public int readByte() throws ProofFormatException {
    need(1);
    return data[pos++] & 0xFF;
  }

  public boolean readBoolean() throws ProofFormatException {
    int b = readByte();
    if (b > 1) {
      throw error("invalid boolean " + b);
    }
    return b == 1;
  }

  public int readInt() throws ProofFormatException {
    need(4);
    int v = 0;
    for (int i = 0; i < 4; i++) {
      v |= (data[pos++] & 0xFF) << (8 * i);
    }
    return v;
  }

  public long readLong() throws ProofFormatException {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v |= (data[pos++] & 0xFFL) << (8 * i);
    }
    return v;
  }

  /**
   * A length or count of elements of {@code elementBytes} bytes each, checked against the remaining
   * input (so a caller may allocate that many elements) and against {@code max}.
   */
  public int readLength(int elementBytes, int max) throws ProofFormatException {
    int n = readInt();
    if (n < 0) {
      throw error("negative length " + n);
    }
    if (n > max) {
      throw error("length " + n + " exceeds the limit " + max);
    }
    if ((long) n * elementBytes > end - pos) {
      throw error("length " + n + " exceeds the remaining input");
    }
    return n;
  }

  /** A canonical base-field element. */
  public long readField() throws ProofFormatException {
    long x = readLong();
    if (!Goldilocks.isCanonical(x)) {
      throw error("non-canonical field element");
    }
    return x;
  }

  public Ext2 readExt() throws ProofFormatException {
    long c0 = readField();
    long c1 = readField();
    return new Ext2(c0, c1);
  }

  public long[] readFieldArray(int max) throws ProofFormatException {
    int n = readLength(8, max);
    long[] xs = new long[n];
    for (int i = 0; i < n; i++) {
      xs[i] = readField();
    }
    return xs;
  }

  public Ext2[] readExtArray(int max) throws ProofFormatException {
    int n = readLength(16, max);
    Ext2[] xs = new Ext2[n];
    for (int i = 0; i < n; i++) {
      xs[i] = readExt();
    }
    return xs;
  }

  /** Signed 64-bit integers (not field elements). */
  public long[] readLongArray(int max) throws ProofFormatException {
    int n = readLength(8, max);
    long[] xs = new long[n];
    for (int i = 0; i < n; i++) {
      xs[i] = readLong();
    }
    return xs;
  }

  public int[] readIntArray(int max) throws ProofFormatException {
    int n = readLength(4, max);
    int[] xs = new int[n];
    for (int i = 0; i < n; i++) {
      xs[i] = readInt();
    }
    return xs;
  }

  public byte[] readBytes(int max) throws ProofFormatException {
    int n = readLength(1, max);
    return readRaw(n);
  }

  /** Exactly {@code n} bytes with no length prefix. */
  public byte[] readRaw(int n) throws ProofFormatException {
    need(n);
    byte[] out = Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return out;
  }

  public String readString(int maxBytes) throws ProofFormatException {
    byte[] b = readBytes(maxBytes);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw error("invalid UTF-8 string");
    }
  }

  /** Fails unless every byte has been consumed (no trailing data accepted). */
  public void expectEnd() throws ProofFormatException {
    if (pos != end) {
      throw error((end - pos) + " unexpected trailing bytes");
    }
  }
}
