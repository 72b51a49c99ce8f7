package io.deepprove.commit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepprove.core.codec.BinaryReader;
import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.parallel.Parallel;
import io.deepprove.core.pcs.OpeningClaim;
import io.deepprove.core.pcs.PolynomialCommitment.Committed;
import io.deepprove.core.transcript.Transcript;
import io.deepprove.core.verify.VerificationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** For every verifier check, a proof that violates exactly that check is rejected by it. */
class BasefoldSoundnessTest {

  private static final String LABEL = BasefoldPcsTest.LABEL;
  private final BasefoldPcs pcs = new BasefoldPcs(PcsParams.DEFAULT, 2);

  /** An honest instance: commitment, claims, proof. */
  private record Instance(Committed committed, List<OpeningClaim> claims, BasefoldProof proof) {}

  private Instance honest(BasefoldPcs scheme, int vars, int claimCount, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<long[]> polys = List.of(TestSupport.randomPoly(rng, vars));
    List<OpeningClaim> claims = TestSupport.claims(rng, polys, claimCount);
    Committed committed = scheme.commit(polys);
    BasefoldProof proof = scheme.open(committed.proverData(), claims, new Transcript(LABEL));
    return new Instance(committed, claims, proof);
  }

  private VerificationException rejected(Instance in, List<OpeningClaim> claims, BasefoldProof proof) {
    return assertThrows(
        VerificationException.class,
        () -> pcs.verify(in.committed().commitment(), claims, proof, new Transcript(LABEL)));
  }

  private static void assertCheck(PcsCheck expected, VerificationException e) {
    assertEquals(expected, e.check(), e.getMessage());
    assertTrue(e.getMessage().startsWith(expected.name()), e.getMessage());
  }

  private static OpeningClaim withValue(OpeningClaim c, Ext2 value) {
    return new OpeningClaim(c.polynomial(), c.point(), value);
  }

  @Test
  void honestProofIsAccepted() throws Exception {
    Instance in = honest(pcs, 12, 3, 1);
    pcs.verify(in.committed().commitment(), in.claims(), in.proof(), new Transcript(LABEL));
  }

  @Test
  void parametersOfAnotherPresetAreRejected() {
    Instance in = honest(pcs, 10, 1, 2);
    BasefoldPcs other = new BasefoldPcs(PcsParams.CONJECTURED_128, 1);
    VerificationException e = assertThrows(
        VerificationException.class,
        () -> other.verify(in.committed().commitment(), in.claims(), in.proof(), new Transcript(LABEL)));
    assertCheck(PcsCheck.PARAMETERS, e);
  }

  @Test
  void claimOnMissingPolynomialOrWithWrongArityIsRejected() {
    Instance in = honest(pcs, 10, 1, 3);
    OpeningClaim c = in.claims().get(0);
    assertCheck(PcsCheck.CLAIM_SHAPE,
        rejected(in, List.of(new OpeningClaim(1, c.point(), c.value())), in.proof()));
    Ext2[] shorter = Arrays.copyOf(c.point(), c.point().length - 1);
    assertCheck(PcsCheck.CLAIM_SHAPE,
        rejected(in, List.of(new OpeningClaim(0, shorter, c.value())), in.proof()));
    assertCheck(PcsCheck.CLAIM_SHAPE, rejected(in, List.of(), in.proof()));
  }

  @Test
  void wrongValueFailsTheFirstRound() {
    Instance in = honest(pcs, 12, 2, 4);
    List<OpeningClaim> claims = new ArrayList<>(in.claims());
    claims.set(1, withValue(claims.get(1), claims.get(1).value().add(Ext2.ONE)));
    VerificationException e = rejected(in, claims, in.proof());
    assertCheck(PcsCheck.SUMCHECK_ROUND, e);
    assertTrue(e.getMessage().contains("round 0"), e.getMessage());
  }

  @Test
  void wrongValueWithoutFoldingFailsTheFinalSum() {
    Instance in = honest(pcs, 5, 1, 5); // 5 variables: no folding round, the polynomial is sent
    assertEquals(0, in.proof().rounds());
    OpeningClaim c = in.claims().get(0);
    assertCheck(PcsCheck.FINAL_SUM,
        rejected(in, List.of(withValue(c, c.value().add(Ext2.ONE))), in.proof()));
  }

  @Test
  void wrongPointIsRejected() {
    Instance in = honest(pcs, 12, 1, 6);
    OpeningClaim c = in.claims().get(0);
    Ext2[] point = c.point();
    point[3] = point[3].add(Ext2.ONE);
    assertCheck(PcsCheck.SUMCHECK_ROUND,
        rejected(in, List.of(new OpeningClaim(0, point, c.value())), in.proof()));
  }

  @Test
  void wrongPointWithoutFoldingIsRejected() {
    Instance in = honest(pcs, 6, 1, 7);
    OpeningClaim c = in.claims().get(0);
    Ext2[] point = c.point();
    point[0] = point[0].add(Ext2.ONE);
    assertCheck(PcsCheck.FINAL_SUM,
        rejected(in, List.of(new OpeningClaim(0, point, c.value())), in.proof()));
  }

  @Test
  void swappedCommitmentIsRejected() {
    Instance a = honest(pcs, 12, 1, 8);
    Instance b = honest(pcs, 12, 1, 9);
    VerificationException e = assertThrows(
        VerificationException.class,
        () -> pcs.verify(b.committed().commitment(), a.claims(), a.proof(), new Transcript(LABEL)));
    assertCheck(PcsCheck.SUMCHECK_ROUND, e);
  }

  @Test
  void commitmentWithAnotherRootButTheSameTranscriptFailsTheMerkleCheck() {
    // A prover that opens polynomial A while the transcript binds commitment B can only pass the
    // algebra if the verifier is given A's root; with B's root the opened leaves do not hash to it.
    Instance a = honest(pcs, 12, 1, 10);
    BasefoldCommitment ca = (BasefoldCommitment) a.committed().commitment();
    byte[] otherRoot = ca.digest();
    otherRoot[0] ^= 1;
    BasefoldCommitment forged = new BasefoldCommitment(ca.params(), ca.numVars(), otherRoot);
    BasefoldPcs cheat = new BasefoldPcs(PcsParams.DEFAULT, Parallel.of(1), new BasefoldPcs.Tamper() {});
    BasefoldProof proof = cheat.openAs((BasefoldProverData) a.committed().proverData(), forged, a.claims(), new Transcript(LABEL));
    VerificationException e = assertThrows(
        VerificationException.class,
        () -> pcs.verify(forged, a.claims(), proof, new Transcript(LABEL)));
    assertCheck(PcsCheck.MERKLE_PATH, e);
  }

  @Test
  void tamperedRoundPolynomialIsRejected() {
    Instance in = honest(pcs, 12, 1, 11);
    BasefoldProof p = in.proof();
    long[] rounds = p.roundEvalsUnsafe().clone();
    rounds[0] = Goldilocks.add(rounds[0], 1); // h(0) of round 0
    assertCheck(PcsCheck.SUMCHECK_ROUND, rejected(in, in.claims(), replaceRounds(p, rounds)));
    long[] rounds2 = p.roundEvalsUnsafe().clone();
    rounds2[4] = Goldilocks.add(rounds2[4], 1); // h(2) of round 0: the next round's claim is off
    VerificationException e = rejected(in, in.claims(), replaceRounds(p, rounds2));
    assertCheck(PcsCheck.SUMCHECK_ROUND, e);
    assertTrue(e.getMessage().contains("round 1"), e.getMessage());
  }

  @Test
  void tamperedFinalPolynomialFailsTheFinalSum() {
    Instance in = honest(pcs, 12, 1, 12);
    BasefoldProof p = in.proof();
    long[] fin = p.finalEvalsUnsafe().clone();
    fin[3] = Goldilocks.add(fin[3], 1);
    assertCheck(PcsCheck.FINAL_SUM, rejected(in, in.claims(),
        p.with(p.oracleRootsUnsafe(), p.roundEvalsUnsafe(), fin, p.leafValuesUnsafe(), p.siblingsUnsafe())));
  }

  @Test
  void tamperedLeafOrSiblingFailsTheMerkleCheck() {
    Instance in = honest(pcs, 13, 1, 13);
    BasefoldProof p = in.proof();
    for (int level = 0; level < p.leafValuesUnsafe().length; level++) {
      long[][] leaves = deepCopy(p.leafValuesUnsafe());
      leaves[level][5] = Goldilocks.add(leaves[level][5], 1);
      assertCheck(PcsCheck.MERKLE_PATH, rejected(in, in.claims(),
          p.with(p.oracleRootsUnsafe(), p.roundEvalsUnsafe(), p.finalEvalsUnsafe(), leaves, p.siblingsUnsafe())));
      byte[][] sibs = deepCopy(p.siblingsUnsafe());
      if (sibs[level].length > 0) {
        sibs[level][7] ^= 0x10;
        assertCheck(PcsCheck.MERKLE_PATH, rejected(in, in.claims(),
            p.with(p.oracleRootsUnsafe(), p.roundEvalsUnsafe(), p.finalEvalsUnsafe(), p.leafValuesUnsafe(), sibs)));
      }
    }
  }

  @Test
  void missingOrExtraPartsFailTheShapeCheck() {
    Instance in = honest(pcs, 13, 1, 14);
    BasefoldProof p = in.proof();
    long[] fewerRounds = Arrays.copyOf(p.roundEvalsUnsafe(), p.roundEvalsUnsafe().length - 6);
    assertCheck(PcsCheck.PROOF_SHAPE, rejected(in, in.claims(), replaceRounds(p, fewerRounds)));
    long[] fin = Arrays.copyOf(p.finalEvalsUnsafe(), p.finalEvalsUnsafe().length + 2);
    assertCheck(PcsCheck.PROOF_SHAPE, rejected(in, in.claims(),
        p.with(p.oracleRootsUnsafe(), p.roundEvalsUnsafe(), fin, p.leafValuesUnsafe(), p.siblingsUnsafe())));
    byte[][] roots = Arrays.copyOf(p.oracleRootsUnsafe(), p.oracleRootsUnsafe().length + 1);
    roots[roots.length - 1] = new byte[32];
    assertCheck(PcsCheck.PROOF_SHAPE, rejected(in, in.claims(),
        p.with(roots, p.roundEvalsUnsafe(), p.finalEvalsUnsafe(), p.leafValuesUnsafe(), p.siblingsUnsafe())));
    long[][] leaves = deepCopy(p.leafValuesUnsafe());
    leaves[1] = Arrays.copyOf(leaves[1], leaves[1].length - 2);
    assertCheck(PcsCheck.PROOF_SHAPE, rejected(in, in.claims(),
        p.with(p.oracleRootsUnsafe(), p.roundEvalsUnsafe(), p.finalEvalsUnsafe(), leaves, p.siblingsUnsafe())));
    byte[][] moreSibs = deepCopy(p.siblingsUnsafe());
    moreSibs[0] = Arrays.copyOf(moreSibs[0], moreSibs[0].length + 32);
    assertCheck(PcsCheck.PROOF_SHAPE, rejected(in, in.claims(),
        p.with(p.oracleRootsUnsafe(), p.roundEvalsUnsafe(), p.finalEvalsUnsafe(), p.leafValuesUnsafe(), moreSibs)));
    byte[][] fewerSibs = deepCopy(p.siblingsUnsafe());
    fewerSibs[0] = Arrays.copyOf(fewerSibs[0], fewerSibs[0].length - 32);
    assertCheck(PcsCheck.PROOF_SHAPE, rejected(in, in.claims(),
        p.with(p.oracleRootsUnsafe(), p.roundEvalsUnsafe(), p.finalEvalsUnsafe(), p.leafValuesUnsafe(), fewerSibs)));
  }

  /** Adds 1 to every word of one oracle's codeword before it is hashed: a Merkle-valid non-codeword. */
  private static BasefoldPcs.Tamper corrupt(int level) {
    return new BasefoldPcs.Tamper() {
      @Override
      public void codeword(int l, long[] words) {
        if (l == level) {
          for (int i = 0; i < words.length; i++) {
            words[i] = Goldilocks.add(words[i], 1);
          }
        }
      }
    };
  }

  @Test
  void corruptedIntermediateOracleFailsFoldConsistency() {
    BasefoldPcs cheat = new BasefoldPcs(PcsParams.DEFAULT, Parallel.of(1), corrupt(1));
    Instance in = honest(cheat, 14, 1, 15); // 14 variables: oracles 0, 1 and 2
    VerificationException e = rejected(in, in.claims(), in.proof());
    assertCheck(PcsCheck.FOLD_CONSISTENCY, e);
  }

  @Test
  void corruptedLastOracleFailsTheFinalPolynomialCheck() {
    BasefoldPcs cheat = new BasefoldPcs(PcsParams.DEFAULT, Parallel.of(1), corrupt(0));
    Instance in = honest(cheat, 9, 1, 16); // 9 variables: one oracle, then the final polynomial
    assertEquals(4, in.proof().rounds());
    assertCheck(PcsCheck.FINAL_POLY, rejected(in, in.claims(), in.proof()));
    Instance small = honest(cheat, 3, 1, 17); // no folding: oracle 0 against the final polynomial
    assertCheck(PcsCheck.FINAL_POLY, rejected(small, small.claims(), small.proof()));
  }

  @Test
  void everySingleBitFlipOfASerializedProofIsRejected() throws Exception {
    for (int vars : new int[] {5, 9}) {
      Instance in = honest(pcs, vars, 2, 18 + vars);
      byte[] bytes = in.proof().toBytes();
      for (int i = 0; i < bytes.length; i++) {
        byte[] mutated = bytes.clone();
        mutated[i] ^= (byte) (1 << (i % 8));
        assertRejected(in, mutated, "bit " + (i % 8) + " of byte " + i);
      }
      for (int len = 0; len < bytes.length; len += Math.max(1, bytes.length / 200)) {
        assertRejected(in, Arrays.copyOf(bytes, len), "truncated to " + len);
      }
    }
  }

  @Test
  void truncatedProofIsAFormatError() {
    Instance in = honest(pcs, 12, 1, 30);
    byte[] bytes = in.proof().toBytes();
    assertThrows(ProofFormatException.class, () -> readFully(Arrays.copyOf(bytes, bytes.length - 1)));
    assertThrows(ProofFormatException.class, () -> readFully(Arrays.copyOf(bytes, bytes.length / 2)));
    assertThrows(ProofFormatException.class, () -> readFully(new byte[0]));
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThrows(ProofFormatException.class, () -> readFully(longer));
  }

  @Test
  void randomByteMutationsAreNeverAccepted() {
    SplittableRandom rng = new SplittableRandom(99);
    Instance in = honest(pcs, 10, 3, 31);
    byte[] bytes = in.proof().toBytes();
    int formatErrors = 0;
    int rejections = 0;
    for (int t = 0; t < 3000; t++) {
      byte[] mutated = bytes.clone();
      int kind = rng.nextInt(4);
      if (kind == 0) { // a few random bytes
        int count = 1 + rng.nextInt(4);
        for (int k = 0; k < count; k++) {
          mutated[rng.nextInt(mutated.length)] = (byte) rng.nextInt(256);
        }
      } else if (kind == 1) { // a 4-byte word (lengths live in these)
        int at = rng.nextInt(mutated.length - 4);
        int v = rng.nextInt();
        for (int k = 0; k < 4; k++) {
          mutated[at + k] = (byte) (v >>> (8 * k));
        }
      } else if (kind == 2) { // truncation
        mutated = Arrays.copyOf(bytes, rng.nextInt(bytes.length));
      } else { // a swapped run of bytes
        int a = rng.nextInt(mutated.length - 16);
        int b = rng.nextInt(mutated.length - 16);
        System.arraycopy(bytes, a, mutated, b, 16);
      }
      if (Arrays.equals(mutated, bytes)) {
        continue; // the mutation happened to restore the original bytes
      }
      try {
        BasefoldProof p = readFully(mutated);
        pcs.verify(in.committed().commitment(), in.claims(), p, new Transcript(LABEL));
        throw new AssertionError("mutation " + t + " (kind " + kind + ") was accepted");
      } catch (ProofFormatException e) {
        formatErrors++;
      } catch (VerificationException e) {
        rejections++;
      }
    }
    assertTrue(formatErrors > 0 && rejections > 0, formatErrors + " / " + rejections);
  }

  private void assertRejected(Instance in, byte[] mutated, String what) {
    try {
      BasefoldProof p = readFully(mutated);
      pcs.verify(in.committed().commitment(), in.claims(), p, new Transcript(LABEL));
      throw new AssertionError(what + ": mutated proof was accepted");
    } catch (ProofFormatException | VerificationException expected) {
      // rejected with a typed error: what the test wants
    }
  }

  private BasefoldProof readFully(byte[] bytes) throws ProofFormatException {
    BinaryReader r = new BinaryReader(bytes, "proof");
    BasefoldProof p = pcs.readOpeningProof(r);
    r.expectEnd();
    return p;
  }

  private static BasefoldProof replaceRounds(BasefoldProof p, long[] rounds) {
    return p.with(p.oracleRootsUnsafe(), rounds, p.finalEvalsUnsafe(), p.leafValuesUnsafe(), p.siblingsUnsafe());
  }

  private static long[][] deepCopy(long[][] a) {
    long[][] out = new long[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }

  private static byte[][] deepCopy(byte[][] a) {
    byte[][] out = new byte[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }
}
