package io.deepprove.lookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.core.verify.VerificationException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The serialized proof: round trip, malformed input, and byte-flip fuzzing. */
class LogUpProofTest {

  /** Two tables, one with pairs, lookups of different lengths: every section of the format. */
  private static LookupWitness mixed() {
    SplittableRandom rng = new SplittableRandom(31);
    long[] in = Fixtures.randomIn(rng, 40, -100, 100);
    long[] out = new long[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = Math.max(0, Math.min(127, in[i]));
    }
    return LookupWitness.builder()
        .add(Tables.range(6), Fixtures.randomIn(rng, 100, 0, 64))
        .add(Tables.reluClamp(8), in, out)
        .add(Tables.range(6), Fixtures.randomIn(rng, 3, 0, 64))
        .build();
  }

  @Test
  void roundTrip() throws Exception {
    LookupWitness w = mixed();
    byte[] bytes = Fixtures.prove(w, 1).toBytes();
    LogUpProof back = LogUpProof.read(bytes, w.statement());
    assertArrayEquals(bytes, back.toBytes());
    Fixtures.verifyAndClose(w, back);
  }

  @Test
  void sizeIsFixedByTheStatement() {
    LookupWitness w = mixed();
    int expected = 8; // magic, version
    int maxVars = w.statement().maxVars();
    for (int d = 1; d <= maxVars; d++) {
      expected += 16 * ((d - 1) * 4 + 4 * w.statement().activeAt(d).length);
    }
    expected += 16 * (1 + 2 + 1) + 16 * 2; // lookup evaluations, multiplicity evaluations
    assertEquals(expected, Fixtures.prove(w, 1).toBytes().length);
  }

  @Test
  void malformedInputIsAFormatError() {
    LookupWitness w = mixed();
    byte[] bytes = Fixtures.prove(w, 1).toBytes();
    for (int len = 0; len < bytes.length; len += 7) {
      byte[] cut = Arrays.copyOf(bytes, len);
      assertThrows(ProofFormatException.class, () -> LogUpProof.read(cut, w.statement()), "length " + len);
    }
    byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
    assertThrows(ProofFormatException.class, () -> LogUpProof.read(trailing, w.statement()));
    byte[] magic = bytes.clone();
    magic[0] ^= 1;
    assertThrows(ProofFormatException.class, () -> LogUpProof.read(magic, w.statement()));
    byte[] version = bytes.clone();
    version[4] = 2;
    assertThrows(ProofFormatException.class, () -> LogUpProof.read(version, w.statement()));
    byte[] nonCanonical = bytes.clone();
    Arrays.fill(nonCanonical, 8, 16, (byte) 0xFF); // 2^64 − 1 ≥ p
    assertThrows(ProofFormatException.class, () -> LogUpProof.read(nonCanonical, w.statement()));
  }

  @Test
  void aProofForAnotherStatementDoesNotParse() {
    LookupWitness w = mixed();
    byte[] bytes = Fixtures.prove(w, 1).toBytes();
    LookupWitness other = LookupWitness.builder().add(Tables.range(6), new long[] {1, 2, 3}).build();
    assertThrows(ProofFormatException.class, () -> LogUpProof.read(bytes, other.statement()));
  }

  /**
   * Every byte of the proof, flipped by a random non-zero mask: not one is accepted, and every
   * rejection is a {@link ProofFormatException} or a {@link VerificationException}.
   */
  @Test
  void byteFlipFuzzing() {
    for (LookupWitness w : new LookupWitness[] {mixed(), LookupWitness.builder().add(Tables.range(4), new long[] {7}).build()}) {
      byte[] bytes = Fixtures.prove(w, 1).toBytes();
      SplittableRandom rng = new SplittableRandom(bytes.length);
      int format = 0;
      int rejected = 0;
      for (int i = 0; i < bytes.length; i++) {
        byte[] bad = bytes.clone();
        bad[i] ^= (byte) (1 + rng.nextInt(255));
        try {
          Fixtures.verifyAndClose(w, LogUpProof.read(bad, w.statement()));
          fail("flipped byte " + i + " accepted");
        } catch (ProofFormatException e) {
          format++;
        } catch (VerificationException e) {
          rejected++;
        } catch (RuntimeException e) {
          fail("flipped byte " + i + ": untyped " + e, e);
        }
      }
      assertEquals(bytes.length, format + rejected);
    }
  }
}
