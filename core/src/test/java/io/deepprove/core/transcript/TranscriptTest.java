package io.deepprove.core.transcript;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class TranscriptTest {

  /** The extension challenge after running {@code script} on a fresh transcript for {@code protocol}. */
  static Ext2 challengeAfter(String protocol, Consumer<Transcript> script) {
    Transcript t = new Transcript(protocol);
    script.accept(t);
    return t.challengeExt("c");
  }

  static Ext2 challengeAfter(Consumer<Transcript> script) {
    return challengeAfter("test", script);
  }

  static void reference(Transcript t) {
    t.absorbBase("a", 5);
    t.absorbExt("b", new Ext2(1, 2));
    t.absorbBytes("c", new byte[] {1, 2, 3});
  }

  @Test
  void sameMessagesGiveSameChallenges() {
    Transcript a = new Transcript("p");
    Transcript b = new Transcript("p");
    for (Transcript t : List.of(a, b)) {
      reference(t);
    }
    assertEquals(a.challengeExt("x"), b.challengeExt("x"));
    assertEquals(a.challengeBase("y"), b.challengeBase("y"));
    assertArrayEquals(a.challengeExts("z", 5), b.challengeExts("z", 5));
    assertArrayEquals(a.challengeIndices("i", 20, 1000), b.challengeIndices("i", 20, 1000));
    a.absorbBase("m", 1);
    b.absorbBase("m", 1);
    assertEquals(a.challengeExt("x"), b.challengeExt("x"));
  }

  @Test
  void knownAnswerIsStable() {
    // Pins the byte-level format: a change to framing or squeezing changes every proof.
    // Values cross-checked against an independent Python (hashlib) implementation of the framing:
    // frame = tag, u64le(label bytes), label, u64le(count); squeeze = SHA-256(state ‖ 0x06 ‖ u64le(block)).
    Transcript t = new Transcript("deepprove-kat");
    t.absorbBase("x", 42);
    Ext2 c = t.challengeExt("c");
    assertEquals(new Ext2(Long.parseUnsignedLong("7977795521104270350"), Long.parseUnsignedLong("17953150071511301461")), c);
    assertEquals(Long.parseUnsignedLong("7298055455080066671"), t.challengeBase("d"));
    Transcript u = new Transcript("deepprove-kat");
    u.absorbBase("x", new long[] {42});
    assertEquals(c, u.challengeExt("c"));
    Transcript v = new Transcript("deepprove-kat");
    v.absorbBase("x", new long[] {7, 42, 9}, 1, 1);
    assertEquals(c, v.challengeExt("c"));
  }

  @Test
  void everyChangeOfMessageChangesTheChallenge() {
    Ext2 ref = challengeAfter(TranscriptTest::reference);
    Set<Ext2> seen = new HashSet<>();
    seen.add(ref);
    List<Consumer<Transcript>> variants = List.of(
        // label changed
        t -> { t.absorbBase("A", 5); t.absorbExt("b", new Ext2(1, 2)); t.absorbBytes("c", new byte[] {1, 2, 3}); },
        t -> { t.absorbBase("a", 5); t.absorbExt("b", new Ext2(1, 2)); t.absorbBytes("", new byte[] {1, 2, 3}); },
        // payload changed
        t -> { t.absorbBase("a", 6); t.absorbExt("b", new Ext2(1, 2)); t.absorbBytes("c", new byte[] {1, 2, 3}); },
        t -> { t.absorbBase("a", 5); t.absorbExt("b", new Ext2(1, 3)); t.absorbBytes("c", new byte[] {1, 2, 3}); },
        t -> { t.absorbBase("a", 5); t.absorbExt("b", new Ext2(2, 1)); t.absorbBytes("c", new byte[] {1, 2, 3}); },
        t -> { t.absorbBase("a", 5); t.absorbExt("b", new Ext2(1, 2)); t.absorbBytes("c", new byte[] {1, 2, 4}); },
        t -> { t.absorbBase("a", 5); t.absorbExt("b", new Ext2(1, 2)); t.absorbBytes("c", new byte[] {1, 2}); },
        t -> { t.absorbBase("a", 5); t.absorbExt("b", new Ext2(1, 2)); t.absorbBytes("c", new byte[] {1, 2, 3, 0}); },
        // order changed
        t -> { t.absorbExt("b", new Ext2(1, 2)); t.absorbBase("a", 5); t.absorbBytes("c", new byte[] {1, 2, 3}); },
        // message dropped / added
        t -> { t.absorbBase("a", 5); t.absorbExt("b", new Ext2(1, 2)); },
        t -> { reference(t); t.absorbBytes("d", new byte[0]); },
        // a challenge drawn in between
        t -> { t.absorbBase("a", 5); t.challengeBase("mid"); t.absorbExt("b", new Ext2(1, 2)); t.absorbBytes("c", new byte[] {1, 2, 3}); });
    for (int i = 0; i < variants.size(); i++) {
      Ext2 c = challengeAfter(variants.get(i));
      assertTrue(seen.add(c), "variant " + i + " collides");
    }
    assertNotEquals(ref, challengeAfter("other", TranscriptTest::reference), "protocol label");
    assertNotEquals(challengeAfter("", t -> {}), challengeAfter("x", t -> {}));
    // the challenge label matters too
    Transcript a = new Transcript("p");
    Transcript b = new Transcript("p");
    assertNotEquals(a.challengeExt("r1"), b.challengeExt("r2"));
  }

  @Test
  void framingSeparatesLabelFromPayload() {
    assertNotEquals(
        challengeAfter(t -> t.absorbBytes("ab", "c".getBytes())),
        challengeAfter(t -> t.absorbBytes("a", "bc".getBytes())));
    // one message of two bytes vs two messages of one byte each
    assertNotEquals(
        challengeAfter(t -> t.absorbBytes("a", new byte[] {1, 2})),
        challengeAfter(t -> { t.absorbBytes("a", new byte[] {1}); t.absorbBytes("a", new byte[] {2}); }));
    // two base elements in one message vs two messages
    assertNotEquals(
        challengeAfter(t -> t.absorbBase("a", new long[] {1, 2})),
        challengeAfter(t -> { t.absorbBase("a", 1); t.absorbBase("a", 2); }));
    // empty label vs empty payload placement
    assertNotEquals(
        challengeAfter(t -> t.absorbBytes("", "x".getBytes())),
        challengeAfter(t -> t.absorbBytes("x", new byte[0])));
  }

  @Test
  void messageKindsWithIdenticalBytesDiffer() {
    // (c0, c1) as one ext element, as two base elements, as 16 raw bytes, as a 16-byte digest
    long c0 = 3;
    long c1 = 4;
    byte[] bytes = new byte[16];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (c0 >>> (8 * i));
      bytes[8 + i] = (byte) (c1 >>> (8 * i));
    }
    Set<Ext2> seen = new HashSet<>();
    seen.add(challengeAfter(t -> t.absorbExt("m", new Ext2(c0, c1))));
    assertTrue(seen.add(challengeAfter(t -> t.absorbBase("m", new long[] {c0, c1}))), "base");
    assertTrue(seen.add(challengeAfter(t -> t.absorbBytes("m", bytes))), "bytes");
    assertTrue(seen.add(challengeAfter(t -> t.absorbDigest("m", bytes))), "digest");
    // the three ways to absorb extension elements agree with each other
    assertEquals(
        challengeAfter(t -> t.absorbExt("m", new Ext2[] {new Ext2(c0, c1)})),
        challengeAfter(t -> t.absorbExt("m", new Ext2(c0, c1))));
    assertEquals(
        challengeAfter(t -> t.absorbExtInterleaved("m", new long[] {c0, c1, 5, 6})),
        challengeAfter(t -> t.absorbExt("m", new Ext2[] {new Ext2(c0, c1), new Ext2(5, 6)})));
  }

  @Test
  void interleavedAbsorbRejectsOddWordCount() {
    // an odd count would be framed as floor(n/2) elements followed by a stray word, which could
    // collide with the framing of the next message
    Transcript t = new Transcript("p");
    assertThrows(IllegalArgumentException.class, () -> t.absorbExtInterleaved("m", new long[] {1, 2, 3}));
  }

  @Test
  void successiveChallengesDiffer() {
    Transcript t = new Transcript("p");
    Set<Long> bases = new HashSet<>();
    Set<Ext2> exts = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      assertTrue(bases.add(t.challengeBase("same")));
      assertTrue(exts.add(t.challengeExt("same")));
    }
    Ext2[] many = t.challengeExts("v", 50);
    assertEquals(50, Set.of(many).size());
  }

  @Test
  void challengesAreCanonicalAndUseTheWholeField() {
    Transcript t = new Transcript("p");
    int highC0 = 0;
    int highC1 = 0;
    for (int i = 0; i < 2000; i++) {
      long b = t.challengeBase("b");
      assertTrue(Goldilocks.isCanonical(b));
      Ext2 e = t.challengeExt("e"); // the Ext2 constructor checks canonical coordinates too
      assertTrue(Goldilocks.isCanonical(e.c0()) && Goldilocks.isCanonical(e.c1()));
      highC0 += e.c0() < 0 ? 1 : 0;
      highC1 += e.c1() < 0 ? 1 : 0;
    }
    // the top bit is set about half the time: coordinates are full 64-bit values, not truncated
    assertTrue(highC0 > 850 && highC0 < 1150, "c0 top bit " + highC0);
    assertTrue(highC1 > 850 && highC1 < 1150, "c1 top bit " + highC1);
    for (Ext2 e : t.challengeExts("many", 300)) {
      assertTrue(Goldilocks.isCanonical(e.c0()) && Goldilocks.isCanonical(e.c1()));
    }
  }

  @Test
  void challengeIndicesAreInRangeAndRoughlyUniform() {
    Transcript t = new Transcript("indices");
    int bound = 10;
    int n = 20000;
    int[] idx = t.challengeIndices("q", n, bound);
    assertEquals(n, idx.length);
    long[] counts = new long[bound];
    for (int i : idx) {
      assertTrue(i >= 0 && i < bound, "index " + i);
      counts[i]++;
    }
    double expected = (double) n / bound;
    double chi2 = 0;
    for (long c : counts) {
      chi2 += (c - expected) * (c - expected) / expected;
    }
    // 9 degrees of freedom: P(χ² > 40) ≈ 7e-6; the seed is fixed, so this cannot flake
    assertTrue(chi2 < 40, "chi-square " + chi2);

    for (int bnd : new int[] {1, 2, 3, 1000, Integer.MAX_VALUE}) {
      for (int i : t.challengeIndices("b" + bnd, 500, bnd)) {
        assertTrue(i >= 0 && i < bnd);
      }
    }
    assertEquals(0, t.challengeIndices("empty", 0, 5).length);
    assertThrows(IllegalArgumentException.class, () -> t.challengeIndices("bad", 3, 0));
    assertThrows(IllegalArgumentException.class, () -> t.challengeIndices("bad", 3, -5));
  }

  @Test
  void largeBaseVectorsAreAbsorbedCompletely() {
    // the chunked absorb (4096 words per chunk) must cover every word, including the last chunk
    long[] xs = new long[10000];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = i;
    }
    Ext2 ref = challengeAfter(t -> t.absorbBase("v", xs));
    for (int pos : new int[] {0, 4095, 4096, 8191, 8192, 9999}) {
      long[] ys = xs.clone();
      ys[pos] ^= 1;
      assertNotEquals(ref, challengeAfter(t -> t.absorbBase("v", ys)), "word " + pos);
    }
  }

  @Test
  void copyContinuesLikeTheOriginalAndIndependently() {
    Transcript t = new Transcript("copy");
    t.absorbBase("x", 5);
    t.challengeExt("c");
    Transcript c = t.copy();
    assertEquals(t.challengeExt("d"), c.challengeExt("d"));
    c.absorbBase("only-copy", 1);
    assertNotEquals(t.challengeExt("e"), c.challengeExt("e"));
  }
}
