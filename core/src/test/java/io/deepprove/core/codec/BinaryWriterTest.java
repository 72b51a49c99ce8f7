package io.deepprove.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deepprove.core.field.Ext2;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The byte layout the writer produces (little-endian, lengths first). */
class BinaryWriterTest {

  @Test
  void headerIsMagicThenVersionLittleEndian() {
    byte[] b = new BinaryWriter().writeHeader("DPRF", 0x01020304).toByteArray();
    assertArrayEquals(new byte[] {'D', 'P', 'R', 'F', 4, 3, 2, 1}, b);
    assertThrows(IllegalArgumentException.class, () -> new BinaryWriter().writeHeader("ABC", 1));
    assertThrows(IllegalArgumentException.class, () -> new BinaryWriter().writeHeader("ABCDE", 1));
  }

  @Test
  void scalarsAreLittleEndian() {
    BinaryWriter w = new BinaryWriter(1);
    w.writeByte(0x1AB).writeBoolean(true).writeBoolean(false).writeInt(-2).writeLong(0x0102030405060708L);
    assertArrayEquals(
        new byte[] {(byte) 0xAB, 1, 0, (byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 8, 7, 6, 5, 4, 3, 2, 1},
        w.toByteArray());
    assertEquals(15, w.size());
  }

  @Test
  void arraysAndStringsAreLengthPrefixed() {
    byte[] b = new BinaryWriter()
        .writeFieldArray(new long[] {1})
        .writeExt(new Ext2(2, 3))
        .writeExtArray(new Ext2[0])
        .writeIntArray(new int[] {5, 6})
        .writeBytes(new byte[] {9})
        .writeString("é")
        .writeRaw(new byte[] {7, 7})
        .toByteArray();
    byte[] e = "é".getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(
        new byte[] {
          1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, // field array [1]
          2, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, // ext (2, 3)
          0, 0, 0, 0, // empty ext array
          2, 0, 0, 0, 5, 0, 0, 0, 6, 0, 0, 0, // int array
          1, 0, 0, 0, 9, // bytes
          2, 0, 0, 0, e[0], e[1], // UTF-8 string
          7, 7 // raw
        },
        b);
  }

  @Test
  void growsPastInitialCapacity() {
    BinaryWriter w = new BinaryWriter(0);
    long[] xs = new long[10000];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = i * 31L;
    }
    w.writeFieldArray(xs);
    assertEquals(4 + 8 * xs.length, w.size());
    byte[] b = w.toByteArray();
    assertEquals(b.length, w.size());
    assertEquals((byte) (9999 * 31L), b[4 + 8 * 9999]);
  }

  @Test
  void rejectsNegativeLength() {
    assertThrows(IllegalArgumentException.class, () -> new BinaryWriter().writeLength(-1));
  }

  @Test
  void toByteArrayIsACopy() {
    BinaryWriter w = new BinaryWriter().writeInt(1);
    byte[] b = w.toByteArray();
    b[0] = 9;
    assertEquals(1, w.toByteArray()[0]);
  }
}
