package io.deepprove.commit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepprove.core.codec.BinaryReader;
import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.pcs.OpeningClaim;
import io.deepprove.core.pcs.PolynomialCommitment.Committed;
import io.deepprove.core.poly.Multilinear;
import io.deepprove.core.transcript.Transcript;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BasefoldPcsTest {

  static final String LABEL = "commit-test";

  /** Commits, opens, serializes the commitment and proof, reads them back and verifies. */
  static BasefoldProof openAndVerify(BasefoldPcs pcs, List<long[]> polys, List<OpeningClaim> claims) throws Exception {
    Committed committed = pcs.commit(polys);
    Transcript proverTranscript = new Transcript(LABEL);
    BasefoldProof proof = pcs.open(committed.proverData(), claims, proverTranscript);
    BinaryWriter w = new BinaryWriter();
    committed.commitment().write(w);
    proof.write(w);
    BinaryReader r = new BinaryReader(w.toByteArray(), "commitment+proof");
    BasefoldCommitment commitment = pcs.readCommitment(r);
    BasefoldProof read = pcs.readOpeningProof(r);
    r.expectEnd();
    assertEquals(committed.commitment(), commitment);
    Transcript verifierTranscript = new Transcript(LABEL);
    pcs.verify(commitment, claims, read, verifierTranscript);
    // both sides end in the same transcript state
    assertEquals(proverTranscript.challengeExt("after"), verifierTranscript.challengeExt("after"));
    return proof;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
  void completenessForEverySmallSize(int vars) throws Exception {
    SplittableRandom rng = new SplittableRandom(vars);
    BasefoldPcs pcs = new BasefoldPcs(PcsParams.DEFAULT, 2);
    List<long[]> polys = List.of(TestSupport.randomPoly(rng, vars));
    openAndVerify(pcs, polys, TestSupport.claims(rng, polys, 1)); // base-field point
    openAndVerify(pcs, polys, TestSupport.claims(rng, polys, 2)); // base and extension points
  }

  @Tag("slow")
  @ParameterizedTest
  @ValueSource(ints = {17, 18, 19, 20, 21, 22})
  void completenessForLargeSizes(int vars) throws Exception {
    SplittableRandom rng = new SplittableRandom(vars);
    BasefoldPcs pcs = new BasefoldPcs(PcsParams.DEFAULT);
    List<long[]> polys = List.of(TestSupport.randomPoly(rng, vars));
    openAndVerify(pcs, polys, TestSupport.claims(rng, polys, 2));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 16, 33, 64})
  void batchesOfClaimsOnPolynomialsOfDifferentSizes(int count) throws Exception {
    SplittableRandom rng = new SplittableRandom(100 + count);
    BasefoldPcs pcs = new BasefoldPcs(PcsParams.DEFAULT, 2);
    List<long[]> polys = new ArrayList<>();
    for (int vars : new int[] {3, 11, 0, 9, 11, 5}) {
      polys.add(TestSupport.randomPoly(rng, vars));
    }
    openAndVerify(pcs, polys, TestSupport.claims(rng, polys, count));
  }

  @Test
  void severalClaimsOnOnePointAndBasePointsWithExtensionValues() throws Exception {
    SplittableRandom rng = new SplittableRandom(7);
    BasefoldPcs pcs = new BasefoldPcs(PcsParams.DEFAULT, 2);
    List<long[]> polys = List.of(TestSupport.randomPoly(rng, 10), TestSupport.randomPoly(rng, 10));
    Ext2[] point = TestSupport.randomPoint(rng, 10, false);
    List<OpeningClaim> claims = List.of(
        new OpeningClaim(0, point, Multilinear.evaluateBase(polys.get(0), point)),
        new OpeningClaim(1, point, Multilinear.evaluateBase(polys.get(1), point)),
        new OpeningClaim(0, point, Multilinear.evaluateBase(polys.get(0), point)));
    openAndVerify(pcs, polys, claims);
    // a Boolean point: the claim is a plain table entry
    Ext2[] corner = new Ext2[10];
    for (int i = 0; i < 10; i++) {
      corner[i] = (i % 3 == 0) ? Ext2.ONE : Ext2.ZERO;
    }
    int index = 0;
    for (int i = 0; i < 10; i++) {
      index = 2 * index + (int) corner[i].c0();
    }
    openAndVerify(pcs, polys, List.of(new OpeningClaim(1, corner, Ext2.ofBase(polys.get(1)[index]))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"conjectured-128", "proven-100"})
  void otherPresetsAreComplete(String name) throws Exception {
    PcsParams params = name.equals("proven-100") ? PcsParams.PROVEN_100 : PcsParams.CONJECTURED_128;
    SplittableRandom rng = new SplittableRandom(name.hashCode());
    BasefoldPcs pcs = new BasefoldPcs(params, 2);
    for (int vars : new int[] {0, 6, 13}) {
      List<long[]> polys = List.of(TestSupport.randomPoly(rng, vars));
      openAndVerify(pcs, polys, TestSupport.claims(rng, polys, 3));
    }
  }

  @Test
  void parallelAndSequentialRunsProduceIdenticalBytes() {
    SplittableRandom rng = new SplittableRandom(11);
    List<long[]> polys = List.of(TestSupport.randomPoly(rng, 15), TestSupport.randomPoly(rng, 12));
    List<OpeningClaim> claims = TestSupport.claims(rng, polys, 5);
    byte[] reference = null;
    for (int threads : new int[] {1, 2, 3, 8}) {
      BasefoldPcs pcs = new BasefoldPcs(PcsParams.DEFAULT, threads);
      Committed committed = pcs.commit(polys);
      BinaryWriter w = new BinaryWriter();
      committed.commitment().write(w);
      pcs.open(committed.proverData(), claims, new Transcript(LABEL)).write(w);
      byte[] bytes = w.toByteArray();
      if (reference == null) {
        reference = bytes;
      } else {
        assertArrayEquals(reference, bytes, threads + " threads");
      }
    }
  }

  @Test
  void commitmentIsDeterministicAndBindsEveryValue() {
    SplittableRandom rng = new SplittableRandom(12);
    long[] poly = TestSupport.randomPoly(rng, 9);
    BasefoldPcs pcs = new BasefoldPcs(PcsParams.DEFAULT, 1);
    byte[] root = pcs.commit(List.of(poly)).commitment().digest();
    assertArrayEquals(root, pcs.commit(List.of(poly.clone())).commitment().digest());
    for (int i : new int[] {0, 1, 255, 511}) {
      long[] changed = poly.clone();
      changed[i] = Goldilocks.add(changed[i], 1);
      assertTrue(!java.util.Arrays.equals(root, pcs.commit(List.of(changed)).commitment().digest()), "index " + i);
    }
  }

  @Test
  void proverRejectsWrongClaimsAndBadInput() {
    SplittableRandom rng = new SplittableRandom(13);
    BasefoldPcs pcs = new BasefoldPcs(PcsParams.DEFAULT, 1);
    List<long[]> polys = List.of(TestSupport.randomPoly(rng, 8));
    Committed committed = pcs.commit(polys);
    OpeningClaim good = TestSupport.claims(rng, polys, 1).get(0);
    OpeningClaim bad = new OpeningClaim(0, good.point(), good.value().add(Ext2.ONE));
    assertThrows(IllegalArgumentException.class,
        () -> pcs.open(committed.proverData(), List.of(good, bad), new Transcript(LABEL)));
    assertThrows(IllegalArgumentException.class,
        () -> pcs.open(committed.proverData(), List.of(), new Transcript(LABEL)));
    assertThrows(IllegalArgumentException.class, () -> pcs.commit(List.of(new long[3])));
    assertThrows(IllegalArgumentException.class, () -> pcs.commit(List.of()));
    assertThrows(IllegalArgumentException.class, () -> pcs.commit(List.of(new long[] {-1L})));
    BasefoldPcs tiny = new BasefoldPcs(new PcsParams("tiny", 1, 10, 2, 2, false, 6), 1);
    tiny.commit(List.of(new long[1 << 5], new long[1 << 5])); // packs into 2^6: fine
    assertThrows(IllegalArgumentException.class, () -> tiny.commit(List.of(new long[1 << 6], new long[1])));
  }

  @Test
  void proofSizeAndSecurityAreAsDocumented() throws Exception {
    SplittableRandom rng = new SplittableRandom(14);
    BasefoldPcs pcs = new BasefoldPcs(PcsParams.DEFAULT, 2);
    List<long[]> polys = List.of(TestSupport.randomPoly(rng, 16));
    BasefoldProof proof = openAndVerify(pcs, polys, TestSupport.claims(rng, polys, 1));
    assertTrue(proof.sizeBytes() < 100 * 1024, proof.sizeBytes() + " bytes");
    assertEquals(100, PcsParams.DEFAULT.securityBits());
    assertEquals(100, PcsParams.PROVEN_100.securityBits());
    assertEquals(104, PcsParams.CONJECTURED_128.securityBits(20)); // capped by |D|/|F| with Ext2
    assertEquals(128, PcsParams.CONJECTURED_128.queryBits());
  }
}
