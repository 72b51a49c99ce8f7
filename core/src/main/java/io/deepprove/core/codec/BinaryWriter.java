package io.deepprove.core.codec;

import io.deepprove.core.field.Ext2;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Little-endian writer for deepprove's binary formats. Every file starts with {@link
 * #writeHeader}; lengths are written before the data they count so {@link BinaryReader} can
 * bound them.
 */
public final class BinaryWriter {

  private byte[] buf;
  private int size;

  public BinaryWriter() {
    this(256);
  }

  public BinaryWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  private void ensure(int extra) {
    long need = (long) size + extra;
    if (need > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("serialized data exceeds 2 GiB");
    }
    if (need > buf.length) {
      buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(need, 2L * buf.length)));
    }
  }

  /** Magic bytes (4 ASCII characters) and a format version. */
  public BinaryWriter writeHeader(String magic, int version) {
    byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
    if (m.length != 4) {
      throw new IllegalArgumentException("magic must be 4 ASCII characters: " + magic);
    }
    writeRaw(m);
    return writeInt(version);
  }

  public BinaryWriter writeByte(int v) {
    ensure(1);
    buf[size++] = (byte) v;
    return this;
  }

  public BinaryWriter writeBoolean(boolean v) {
    return writeByte(v ? 1 : 0);
  }

  public BinaryWriter writeInt(int v) {
    ensure(4);
    for (int i = 0; i < 4; i++) {
      buf[size++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  public BinaryWriter writeLong(long v) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[size++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  /** A non-negative length or count. */
  public BinaryWriter writeLength(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("negative length " + n);
    }
    return writeInt(n);
  }

  /** A field element (canonical by construction of the field API). */
  public BinaryWriter writeField(long x) {
    return writeLong(x);
  }

  public BinaryWriter writeExt(Ext2 x) {
    return writeLong(x.c0()).writeLong(x.c1());
  }

  /** A length-prefixed vector of base-field elements. */
  public BinaryWriter writeFieldArray(long[] xs) {
    writeLength(xs.length);
    ensure(8 * xs.length);
    for (long x : xs) {
      writeLong(x);
    }
    return this;
  }

  /** A length-prefixed vector of extension elements. */
  public BinaryWriter writeExtArray(Ext2[] xs) {
    writeLength(xs.length);
    for (Ext2 x : xs) {
      writeExt(x);
    }
    return this;
  }

  /** A length-prefixed vector of signed 64-bit integers (not field elements). */
  public BinaryWriter writeLongArray(long[] xs) {
    return writeFieldArray(xs);
  }

  public BinaryWriter writeIntArray(int[] xs) {
    writeLength(xs.length);
    for (int x : xs) {
      writeInt(x);
    }
    return this;
  }

  /** A length-prefixed byte string. */
  public BinaryWriter writeBytes(byte[] bytes) {
    writeLength(bytes.length);
    return writeRaw(bytes);
  }

  /** Bytes with no length prefix (fixed-size digests). */
  public BinaryWriter writeRaw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, size, bytes.length);
    size += bytes.length;
    return this;
  }

  public BinaryWriter writeString(String s) {
    return writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  public int size() {
    return size;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }
}
