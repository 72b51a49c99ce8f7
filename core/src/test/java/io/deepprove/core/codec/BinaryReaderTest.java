package io.deepprove.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BinaryReaderTest {

  static final String MAGIC = "DPTS";
  static final int MAX = 1 << 20;

  static final long[] FIELDS = {0, 1, Goldilocks.P - 1, 1L << 63};
  static final Ext2[] EXTS = {Ext2.ZERO, new Ext2(Goldilocks.P - 1, 5), new Ext2(1L << 32, 1L << 63)};
  static final long[] LONGS = {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE};
  static final int[] INTS = {Integer.MIN_VALUE, -1, 0, 7, Integer.MAX_VALUE};
  static final byte[] BYTES = {0, -1, 127, -128};
  static final byte[] DIGEST = new byte[32];
  static final String TEXT = "héllo, 世界 🌍";

  static {
    for (int i = 0; i < DIGEST.length; i++) {
      DIGEST[i] = (byte) (i * 37);
    }
  }

  /** A message using every type the codec has. */
  static byte[] sampleMessage() {
    return new BinaryWriter()
        .writeHeader(MAGIC, 3)
        .writeByte(0xC3)
        .writeBoolean(true)
        .writeBoolean(false)
        .writeInt(-123456)
        .writeLong(Long.MIN_VALUE + 5)
        .writeField(Goldilocks.P - 1)
        .writeExt(new Ext2(12, Goldilocks.P - 2))
        .writeFieldArray(FIELDS)
        .writeExtArray(EXTS)
        .writeLongArray(LONGS)
        .writeIntArray(INTS)
        .writeBytes(BYTES)
        .writeRaw(DIGEST)
        .writeString(TEXT)
        .writeString("")
        .toByteArray();
  }

  /** Reads {@link #sampleMessage} back, asserting every value (the structure a real reader has). */
  static void readSample(BinaryReader r) throws ProofFormatException {
    assertEquals(3, r.readHeader(MAGIC, 1, 3));
    assertEquals(0xC3, r.readByte());
    assertTrue(r.readBoolean());
    assertFalse(r.readBoolean());
    assertEquals(-123456, r.readInt());
    assertEquals(Long.MIN_VALUE + 5, r.readLong());
    assertEquals(Goldilocks.P - 1, r.readField());
    assertEquals(new Ext2(12, Goldilocks.P - 2), r.readExt());
    assertArrayEquals(FIELDS, r.readFieldArray(MAX));
    assertArrayEquals(EXTS, r.readExtArray(MAX));
    assertArrayEquals(LONGS, r.readLongArray(MAX));
    assertArrayEquals(INTS, r.readIntArray(MAX));
    assertArrayEquals(BYTES, r.readBytes(MAX));
    assertArrayEquals(DIGEST, r.readRaw(32));
    assertEquals(TEXT, r.readString(MAX));
    assertEquals("", r.readString(MAX));
    assertEquals(0, r.remaining());
    r.expectEnd();
  }

  /** The same structure without assertions on the values, for fuzzing (values may be mutated). */
  static void parseSample(BinaryReader r) throws ProofFormatException {
    r.readHeader(MAGIC, 1, 3);
    r.readByte();
    r.readBoolean();
    r.readBoolean();
    r.readInt();
    r.readLong();
    r.readField();
    r.readExt();
    r.readFieldArray(MAX);
    r.readExtArray(MAX);
    r.readLongArray(MAX);
    r.readIntArray(MAX);
    r.readBytes(MAX);
    r.readRaw(32);
    r.readString(MAX);
    r.readString(MAX);
    r.expectEnd();
  }

  static BinaryReader reader(byte[] b) {
    return new BinaryReader(b, "test.bin");
  }

  @Test
  void roundTripsEveryType() throws ProofFormatException {
    byte[] b = sampleMessage();
    readSample(reader(b));
    // a slice of a larger buffer reads the same
    byte[] padded = new byte[b.length + 20];
    System.arraycopy(b, 0, padded, 7, b.length);
    readSample(new BinaryReader(padded, 7, b.length, "slice"));
  }

  @Test
  void roundTripsRandomValues() throws ProofFormatException {
    SplittableRandom rng = new SplittableRandom(51);
    for (int trial = 0; trial < 50; trial++) {
      long[] fs = new long[rng.nextInt(20)];
      Ext2[] es = new Ext2[rng.nextInt(20)];
      long[] ls = new long[rng.nextInt(20)];
      int[] is = new int[rng.nextInt(20)];
      byte[] bs = new byte[rng.nextInt(50)];
      for (int i = 0; i < fs.length; i++) {
        fs[i] = Goldilocks.random(rng);
      }
      for (int i = 0; i < es.length; i++) {
        es[i] = Ext2.random(rng);
      }
      for (int i = 0; i < ls.length; i++) {
        ls[i] = rng.nextLong();
      }
      for (int i = 0; i < is.length; i++) {
        is[i] = rng.nextInt();
      }
      rng.nextBytes(bs);
      byte[] b = new BinaryWriter().writeFieldArray(fs).writeExtArray(es).writeLongArray(ls)
          .writeIntArray(is).writeBytes(bs).toByteArray();
      BinaryReader r = reader(b);
      assertArrayEquals(fs, r.readFieldArray(MAX));
      assertArrayEquals(es, r.readExtArray(MAX));
      assertArrayEquals(ls, r.readLongArray(MAX));
      assertArrayEquals(is, r.readIntArray(MAX));
      assertArrayEquals(bs, r.readBytes(MAX));
      r.expectEnd();
    }
  }

  @Test
  void wrongMagicIsRejectedClearly() {
    byte[] b = new BinaryWriter().writeHeader("DPVK", 1).toByteArray();
    ProofFormatException e = assertThrows(ProofFormatException.class, () -> reader(b).readHeader("DPRF", 1, 1));
    assertTrue(e.getMessage().contains("test.bin"), e.getMessage());
    assertTrue(e.getMessage().contains("DPRF"), e.getMessage());
    assertTrue(e.getMessage().contains("magic"), e.getMessage());
    // too short to even hold the magic
    assertThrows(ProofFormatException.class, () -> reader(new byte[] {'D', 'P'}).readHeader("DPRF", 1, 1));
    assertThrows(ProofFormatException.class, () -> reader(new byte[0]).readHeader("DPRF", 1, 1));
  }

  @Test
  void unsupportedVersionIsRejectedClearly() throws ProofFormatException {
    byte[] v7 = new BinaryWriter().writeHeader("DPRF", 7).toByteArray();
    ProofFormatException e = assertThrows(ProofFormatException.class, () -> reader(v7).readHeader("DPRF", 1, 3));
    assertTrue(e.getMessage().contains("version 7"), e.getMessage());
    assertTrue(e.getMessage().contains("1..3"), e.getMessage());
    byte[] v0 = new BinaryWriter().writeHeader("DPRF", 0).toByteArray();
    assertThrows(ProofFormatException.class, () -> reader(v0).readHeader("DPRF", 1, 1));
    byte[] vNeg = new BinaryWriter().writeHeader("DPRF", -1).toByteArray();
    assertThrows(ProofFormatException.class, () -> reader(vNeg).readHeader("DPRF", 1, 1));
    assertEquals(2, reader(new BinaryWriter().writeHeader("DPRF", 2).toByteArray()).readHeader("DPRF", 1, 3));
    // header truncated inside the version
    byte[] cut = Arrays.copyOf(v7, 6);
    assertThrows(ProofFormatException.class, () -> reader(cut).readHeader("DPRF", 1, 9));
  }

  @Test
  void forgedHugeLengthIsRejectedBeforeAllocation() {
    // 2^31 − 1 elements announced with 10 bytes left: would be a 16 GiB allocation if trusted
    byte[] b = new BinaryWriter().writeInt(Integer.MAX_VALUE).writeRaw(new byte[10]).toByteArray();
    ProofFormatException e = assertThrows(ProofFormatException.class, () -> reader(b).readFieldArray(Integer.MAX_VALUE));
    assertTrue(e.getMessage().contains("remaining"), e.getMessage());
    assertThrows(ProofFormatException.class, () -> reader(b).readExtArray(Integer.MAX_VALUE));
    assertThrows(ProofFormatException.class, () -> reader(b).readLongArray(Integer.MAX_VALUE));
    assertThrows(ProofFormatException.class, () -> reader(b).readIntArray(Integer.MAX_VALUE));
    assertThrows(ProofFormatException.class, () -> reader(b).readBytes(Integer.MAX_VALUE));
    assertThrows(ProofFormatException.class, () -> reader(b).readString(Integer.MAX_VALUE));
    // a length that fits in bytes but not in elements: 2 field elements need 16 bytes, 10 are left
    byte[] c = new BinaryWriter().writeInt(2).writeRaw(new byte[10]).toByteArray();
    assertThrows(ProofFormatException.class, () -> reader(c).readFieldArray(MAX));
    // a length whose byte count overflows int (2^30 ints = 2^32 bytes)
    byte[] d = new BinaryWriter().writeInt(1 << 30).writeRaw(new byte[10]).toByteArray();
    assertThrows(ProofFormatException.class, () -> reader(d).readIntArray(Integer.MAX_VALUE));
    assertThrows(ProofFormatException.class, () -> reader(d).readExtArray(Integer.MAX_VALUE));
  }

  @Test
  void lengthAboveTheCallersLimitIsRejected() {
    byte[] b = new BinaryWriter().writeFieldArray(new long[5]).toByteArray();
    ProofFormatException e = assertThrows(ProofFormatException.class, () -> reader(b).readFieldArray(4));
    assertTrue(e.getMessage().contains("limit"), e.getMessage());
  }

  @Test
  void negativeLengthIsRejected() {
    byte[] b = new BinaryWriter().writeInt(-1).writeRaw(new byte[64]).toByteArray();
    ProofFormatException e = assertThrows(ProofFormatException.class, () -> reader(b).readBytes(MAX));
    assertTrue(e.getMessage().contains("negative"), e.getMessage());
    byte[] min = new BinaryWriter().writeInt(Integer.MIN_VALUE).writeRaw(new byte[64]).toByteArray();
    assertThrows(ProofFormatException.class, () -> reader(min).readFieldArray(MAX));
    assertThrows(ProofFormatException.class, () -> reader(min).readLength(8, MAX));
  }

  @Test
  void nonCanonicalFieldElementIsRejected() {
    for (long bad : new long[] {Goldilocks.P, Goldilocks.P + 1, -1L}) {
      byte[] b = new BinaryWriter().writeLong(bad).toByteArray();
      ProofFormatException e = assertThrows(ProofFormatException.class, () -> reader(b).readField());
      assertTrue(e.getMessage().contains("non-canonical"), e.getMessage());
      byte[] ext0 = new BinaryWriter().writeLong(bad).writeLong(0).toByteArray();
      byte[] ext1 = new BinaryWriter().writeLong(0).writeLong(bad).toByteArray();
      assertThrows(ProofFormatException.class, () -> reader(ext0).readExt());
      assertThrows(ProofFormatException.class, () -> reader(ext1).readExt());
      byte[] arr = new BinaryWriter().writeLength(2).writeLong(1).writeLong(bad).toByteArray();
      assertThrows(ProofFormatException.class, () -> reader(arr).readFieldArray(MAX));
    }
  }

  @Test
  void invalidBooleanIsRejected() {
    assertThrows(ProofFormatException.class, () -> reader(new byte[] {2}).readBoolean());
    assertThrows(ProofFormatException.class, () -> reader(new byte[] {-1}).readBoolean());
  }

  @Test
  void truncationAtEveryPrefixRaisesOnlyProofFormatException() {
    byte[] b = sampleMessage();
    for (int len = 0; len < b.length; len++) {
      byte[] prefix = Arrays.copyOf(b, len);
      try {
        parseSample(reader(prefix));
        fail("prefix of " + len + " bytes was accepted");
      } catch (ProofFormatException expected) {
        // the only acceptable outcome
      } catch (RuntimeException e) {
        throw new AssertionError("prefix of " + len + " bytes raised " + e, e);
      }
    }
  }

  @Test
  void trailingBytesAreRejected() throws ProofFormatException {
    byte[] b = sampleMessage();
    byte[] longer = Arrays.copyOf(b, b.length + 1);
    BinaryReader r = reader(longer);
    ProofFormatException e = assertThrows(ProofFormatException.class, () -> parseSample(r));
    assertTrue(e.getMessage().contains("trailing"), e.getMessage());
    BinaryReader s = reader(new byte[] {1, 2, 3});
    s.readByte();
    assertEquals(2, s.remaining());
    assertThrows(ProofFormatException.class, s::expectEnd);
    reader(new byte[0]).expectEnd();
  }

  @Test
  void invalidUtf8IsRejected() {
    byte[][] bad = {
      {(byte) 0xC3}, // truncated two-byte sequence
      {(byte) 0xFF}, // never valid
      {(byte) 0xC0, (byte) 0x80}, // overlong encoding of NUL
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // UTF-16 surrogate
      {'o', 'k', (byte) 0x80}, // stray continuation byte
    };
    for (byte[] s : bad) {
      byte[] b = new BinaryWriter().writeBytes(s).toByteArray();
      ProofFormatException e = assertThrows(ProofFormatException.class, () -> reader(b).readString(MAX), Arrays.toString(s));
      assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }
  }

  @Test
  void readsPastTheEndOfASliceAreRejected() {
    byte[] data = new byte[16];
    BinaryReader r = new BinaryReader(data, 4, 4, "slice");
    assertThrows(ProofFormatException.class, r::readLong);
    assertThrows(IllegalArgumentException.class, () -> new BinaryReader(data, 10, 10, "bad"));
    assertThrows(IllegalArgumentException.class, () -> new BinaryReader(data, -1, 4, "bad"));
    assertThrows(IllegalArgumentException.class, () -> new BinaryReader(data, 0, -1, "bad"));
    // offset + length overflowing int must not pass the bounds check
    assertThrows(IllegalArgumentException.class, () -> new BinaryReader(data, 1, Integer.MAX_VALUE, "bad"));
  }

  @Test
  void randomByteFlipsRaiseOnlyProofFormatException() {
    byte[] b = sampleMessage();
    SplittableRandom rng = new SplittableRandom(52);
    int accepted = 0;
    int rejected = 0;
    for (int trial = 0; trial < 20000; trial++) {
      byte[] m = b.clone();
      int flips = 1 + rng.nextInt(3);
      for (int f = 0; f < flips; f++) {
        int pos = rng.nextInt(m.length);
        // half the time a random byte, half the time a value that makes big or negative lengths
        m[pos] = rng.nextBoolean() ? (byte) rng.nextInt(256) : (byte) (rng.nextBoolean() ? 0xFF : 0x7F);
      }
      try {
        parseSample(reader(m));
        accepted++;
      } catch (ProofFormatException expected) {
        rejected++;
      } catch (RuntimeException | OutOfMemoryError e) {
        throw new AssertionError("mutation " + trial + " raised " + e, e);
      }
    }
    // both outcomes occur: the fuzzer reaches past the header and also breaks the structure
    assertTrue(accepted > 100, "accepted " + accepted);
    assertTrue(rejected > 100, "rejected " + rejected);
  }
}
