package io.deepprove.lookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A proof of format version {@value LogUpProof#VERSION} kept as a golden file: it must keep parsing
 * and verifying, and today's prover must reproduce it byte for byte (the protocol is
 * deterministic). A change to either is a format or protocol change: bump {@link
 * LogUpProof#VERSION} and add a new golden file rather than editing this one. To write the file
 * for a new version: {@code -Dlookup.golden.write=PATH} (the test then writes PATH and passes).
 */
class LogUpProofGoldenTest {

  private static final String RESOURCE = "logup-v1.bin";

  /** Range(4) lookups, ReLU-clamp pairs, and a small arbitrary table: every kind of instance. */
  static LookupWitness goldenWitness() {
    long[] in = {-9, -1, 0, 1, 2, 30, 31, 5, 5, -32};
    long[] out = new long[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = Math.max(0, Math.min(127, in[i]));
    }
    return LookupWitness.builder()
        .add(Tables.range(4), new long[] {0, 1, 2, 3, 15, 15, 7})
        .add(Tables.reluClamp(6), in, out)
        .add(Tables.pairs(new long[] {-1, 0, 1}, new long[] {10, 20, 30}), new long[] {0, 1, 1, -1}, new long[] {20, 30, 30, 10})
        .build();
  }

  @Test
  void goldenProofParsesVerifiesAndIsReproduced() throws Exception {
    LookupWitness w = goldenWitness();
    byte[] fresh = Fixtures.prove(w, 1).toBytes();
    String target = System.getProperty("lookup.golden.write");
    if (target != null && !target.isEmpty()) {
      Files.write(Path.of(target), fresh);
      return;
    }
    byte[] golden;
    try (InputStream s = LogUpProofGoldenTest.class.getResourceAsStream(RESOURCE)) {
      assertNotNull(s, "missing golden file " + RESOURCE);
      golden = s.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    Fixtures.verifyAndClose(w, LogUpProof.read(golden, w.statement()));
    assertArrayEquals(golden, fresh);
  }
}
