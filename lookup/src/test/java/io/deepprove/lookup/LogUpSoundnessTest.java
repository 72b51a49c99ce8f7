package io.deepprove.lookup;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.transcript.Transcript;
import io.deepprove.core.verify.VerificationException;
import org.junit.jupiter.api.Test;

/**
 * Soundness: cheating provers and tampered proofs, each rejected by exactly the check it breaks
 * (every {@link LogUpCheck} has at least one test here). The cheaters that keep the GKR itself
 * consistent use {@link LogUpProver.LeafHook} to rewrite their leaf fractions before the tree is
 * built, which is all a malicious prover controls besides the proof bytes.
 */
class LogUpSoundnessTest {

  private static final RangeTable RANGE4 = Tables.range(4);
  /** Eight values of Range(4) and one outside it at row 7. */
  private static final long[] WITH_OUTSIDER = {1, 2, 3, 4, 5, 6, 3, 20};

  private static void rejects(LogUpCheck expected, LookupWitness w, LogUpProof proof) {
    VerificationException e =
        assertThrows(VerificationException.class, () -> Fixtures.verifyAndClose(w, proof));
    assertEquals(expected, e.check(), e.getMessage());
  }

  private static LogUpProof cheat(LookupWitness w, LogUpProver.LeafHook hook) {
    return new LogUpProver(w, 1, hook).prove(Fixtures.committed(w));
  }

  private static LookupWitness honestRange() {
    return LookupWitness.builder().add(RANGE4, new long[] {1, 2, 3, 4, 5, 6, 3, 9, 0, 15, 15}).build();
  }

  private static LookupWitness honestPairs() {
    long[] in = {-20, -1, 0, 1, 5, 64, 100, 7};
    long[] out = new long[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = Math.max(0, Math.min(63, in[i]));
    }
    return LookupWitness.builder().add(Tables.clamp(8, 0, 63), in, out).build();
  }

  @Test
  void honestBaselinesVerify() {
    assertDoesNotThrow(() -> Fixtures.proveAndVerify(honestRange(), 1));
    assertDoesNotThrow(() -> Fixtures.proveAndVerify(honestPairs(), 1));
  }

  // ---- the statement is false: honest GKR over a false fraction sum -------------------------

  @Test
  void valueOutsideTheTableFailsTheFractionSum() {
    LookupWitness w = Fixtures.raw(RANGE4, WITH_OUTSIDER, null, Fixtures.countsOf(RANGE4, WITH_OUTSIDER, null));
    rejects(LogUpCheck.FRACTION_SUM, w, Fixtures.prove(w, 1));
  }

  @Test
  void wrongMultiplicityFailsTheFractionSum() {
    long[] v = {1, 2, 3, 4, 5, 6, 3, 9};
    long[] m = Fixtures.countsOf(RANGE4, v, null);
    m[3]--; // the same total, moved to another row
    m[4]++;
    LookupWitness w = Fixtures.raw(RANGE4, v, null, m);
    rejects(LogUpCheck.FRACTION_SUM, w, Fixtures.prove(w, 1));
    long[] m2 = Fixtures.countsOf(RANGE4, v, null);
    m2[0]++; // one too many
    LookupWitness w2 = Fixtures.raw(RANGE4, v, null, m2);
    rejects(LogUpCheck.FRACTION_SUM, w2, Fixtures.prove(w2, 1));
  }

  @Test
  void pairWithTheWrongOutputFailsTheFractionSum() {
    ClampTable relu = Tables.reluClamp(6);
    long[] x = {-3, 0, 4, 31, 17};
    long[] y = {0, 0, 4, 31, 18}; // 18 != f(17)
    long[] honestY = {0, 0, 4, 31, 17};
    LookupWitness w = Fixtures.raw(relu, x, y, Fixtures.countsOf(relu, x, honestY));
    rejects(LogUpCheck.FRACTION_SUM, w, Fixtures.prove(w, 1));
  }

  // ---- one test per verifier check --------------------------------------------------------

  @Test
  void proofShape() {
    LookupWitness w = honestRange();
    LogUpProof p = Fixtures.prove(w, 1);
    LogUpProof missingLayer = p.copy();
    rejects(LogUpCheck.PROOF_SHAPE, w,
        new LogUpProof(java.util.Arrays.copyOf(p.layers, p.layers.length - 1), p.rounds, p.lookupEvals, p.multiplicityEvals));
    LogUpProof extraEval = missingLayer.copy();
    extraEval.lookupEvals[0] = new Ext2[] {Ext2.ONE, Ext2.ONE}; // an output for a range lookup
    rejects(LogUpCheck.PROOF_SHAPE, w, extraEval);
    LogUpProof shortRound = p.copy();
    shortRound.rounds[1][0] = new Ext2[3];
    rejects(LogUpCheck.PROOF_SHAPE, w, shortRound);
    LogUpProof nullEval = p.copy();
    nullEval.multiplicityEvals[0] = null;
    rejects(LogUpCheck.PROOF_SHAPE, w, nullEval);
  }

  @Test
  void rootDenominator() {
    // a zero leaf denominator (a cheater dividing by zero) makes the whole product zero
    LookupWitness w = honestRange();
    LogUpProof p = cheat(w, (k, pl, ql, a, b) -> {
      if (k == 0) {
        ql[0] = 0;
        ql[1] = 0;
      }
    });
    rejects(LogUpCheck.ROOT_DENOMINATOR, w, p);
  }

  @Test
  void fractionSumOfATamperedOutputLayer() {
    LookupWitness w = honestRange();
    LogUpProof p = Fixtures.prove(w, 1).copy();
    p.layers[0][0][0] = p.layers[0][0][0].add(Ext2.ONE);
    rejects(LogUpCheck.FRACTION_SUM, w, p);
  }

  @Test
  void roundSum() {
    LookupWitness w = honestRange();
    LogUpProof p = Fixtures.prove(w, 1);
    for (int d = 0; d < p.rounds.length; d++) {
      for (int j = 0; j < p.rounds[d].length; j++) {
        LogUpProof bad = p.copy();
        bad.rounds[d][j][1] = bad.rounds[d][j][1].add(Ext2.ONE);
        rejects(LogUpCheck.ROUND_SUM, w, bad);
      }
    }
  }

  @Test
  void layerClaim() {
    LookupWitness w = honestRange();
    LogUpProof p = Fixtures.prove(w, 1);
    for (int d = 1; d < p.layers.length; d++) {
      for (int v = 0; v < 4; v++) {
        LogUpProof bad = p.copy();
        bad.layers[d][0][v] = bad.layers[d][0][v].add(Ext2.ONE);
        rejects(LogUpCheck.LAYER_CLAIM, w, bad);
      }
    }
    // a round polynomial changed only where s(0) + s(1) does not see it (s(3)) moves the claim
    LogUpProof bad = p.copy();
    int last = bad.rounds.length - 1;
    int lastRound = bad.rounds[last].length - 1;
    bad.rounds[last][lastRound][3] = bad.rounds[last][lastRound][3].add(Ext2.ONE);
    rejects(LogUpCheck.LAYER_CLAIM, w, bad);
  }

  @Test
  void witnessNumerator() {
    // drop the outsider's numerator (and its multiplicity): the fractions balance, but the
    // lookup's numerators are no longer its row indicator
    LookupWitness w = Fixtures.raw(RANGE4, WITH_OUTSIDER, null, Fixtures.countsOf(RANGE4, WITH_OUTSIDER, null));
    LogUpProof p = cheat(w, (k, pl, ql, a, b) -> {
      if (k == 0) {
        pl[2 * 7] = 0;
      }
    });
    rejects(LogUpCheck.WITNESS_NUMERATOR, w, p);
  }

  @Test
  void witnessDenominator() {
    LookupWitness w = honestRange();
    LogUpProof p = Fixtures.prove(w, 1).copy();
    p.lookupEvals[0][0] = p.lookupEvals[0][0].add(Ext2.ONE);
    rejects(LogUpCheck.WITNESS_DENOMINATOR, w, p);

    LookupWitness pw = honestPairs();
    LogUpProof pp = Fixtures.prove(pw, 1).copy();
    pp.lookupEvals[0][1] = pp.lookupEvals[0][1].add(Ext2.ONE); // the output evaluation
    rejects(LogUpCheck.WITNESS_DENOMINATOR, pw, pp);
  }

  @Test
  void tableNumerator() {
    LookupWitness w = honestRange();
    LogUpProof p = Fixtures.prove(w, 1).copy();
    p.multiplicityEvals[0] = p.multiplicityEvals[0].add(Ext2.ONE);
    rejects(LogUpCheck.TABLE_NUMERATOR, w, p);
  }

  @Test
  void tableDenominator() {
    // the cheater swaps table row 15 for the outsider 20 and counts it there: everything balances
    // except that the table's denominators are not the public table
    long[] m = Fixtures.countsOf(RANGE4, WITH_OUTSIDER, null);
    m[15] = 1;
    LookupWitness w = Fixtures.raw(RANGE4, WITH_OUTSIDER, null, m);
    LogUpProof p = cheat(w, (k, pl, ql, a, b) -> {
      if (k == 1) {
        ql[2 * 15] = Goldilocks.sub(a.c0(), 20);
      }
    });
    rejects(LogUpCheck.TABLE_DENOMINATOR, w, p);
  }

  @Test
  void tableDenominatorOfAPairTable() {
    // y != f(x) for x = 17: the cheater rewrites the table row of 17 to (17, 18)
    ClampTable relu = Tables.reluClamp(6);
    long[] x = {-3, 0, 4, 31, 17};
    long[] y = {0, 0, 4, 31, 18};
    long[] honestY = {0, 0, 4, 31, 17};
    LookupWitness w = Fixtures.raw(relu, x, y, Fixtures.countsOf(relu, x, honestY));
    int row = relu.rowOf(17, 17);
    LogUpProof p = cheat(w, (k, pl, ql, a, b) -> {
      if (k == 1) {
        long t0 = Goldilocks.add(17, Goldilocks.mul(b.c0(), 18));
        long t1 = Goldilocks.mul(b.c1(), 18);
        ql[2 * row] = Goldilocks.sub(a.c0(), t0);
        ql[2 * row + 1] = Goldilocks.sub(a.c1(), t1);
      }
    });
    rejects(LogUpCheck.TABLE_DENOMINATOR, w, p);
  }

  // ---- claims the verifier returns are wrong: only the caller can tell ----------------------

  @Test
  void fakeInputColumnIsCaughtByTheHonestCaller() {
    // committed column holds the outsider 20 at row 7; the proof is about a column holding 5 there
    long[] fake = WITH_OUTSIDER.clone();
    fake[7] = 5;
    LookupWitness w = Fixtures.raw(RANGE4, WITH_OUTSIDER, null, Fixtures.countsOf(RANGE4, fake, null));
    LogUpProof p = cheat(w, (k, pl, ql, a, b) -> {
      if (k == 0) {
        ql[2 * 7] = Goldilocks.sub(a.c0(), 5);
      }
    });
    // the verifier alone accepts: the proof is a valid proof about the fake column ...
    assertDoesNotThrow(() -> LogUpGkr.verify(w.statement(), p, Fixtures.committed(w)));
    // ... and the claim it hands back does not match the committed one
    rejects(LogUpCheck.COLUMN_CLAIM, w, p);
  }

  @Test
  void fakeOutputColumnIsCaughtByTheHonestCaller() {
    ClampTable relu = Tables.reluClamp(6);
    long[] x = {-3, 0, 4, 31, 17};
    long[] y = {0, 0, 4, 31, 18};
    long[] honestY = {0, 0, 4, 31, 17};
    LookupWitness w = Fixtures.raw(relu, x, y, Fixtures.countsOf(relu, x, honestY));
    LogUpProof p = cheat(w, (k, pl, ql, a, b) -> {
      if (k == 0) { // denominators of the honest pair (17, 17) instead of (17, 18)
        ql[2 * 4] = Goldilocks.sub(Goldilocks.sub(a.c0(), 17), Goldilocks.mul(b.c0(), 17));
        ql[2 * 4 + 1] = Goldilocks.sub(a.c1(), Goldilocks.mul(b.c1(), 17));
      }
    });
    assertDoesNotThrow(() -> LogUpGkr.verify(w.statement(), p, Fixtures.committed(w)));
    rejects(LogUpCheck.COLUMN_CLAIM, w, p);
  }

  @Test
  void shiftedPairEvaluationsAreCaughtByTheHonestCaller() throws Exception {
    // (in + δβ, out − δ) keeps in + β·out, so only the caller's openings can reject it
    LookupWitness w = honestPairs();
    LogUpProof p = Fixtures.prove(w, 1).copy();
    Transcript t = Fixtures.committed(w);
    w.statement().absorb(t);
    Ext2 beta = t.challengeExt("logup/beta");
    Ext2 delta = new Ext2(12345, 678);
    p.lookupEvals[0][0] = p.lookupEvals[0][0].add(delta.mul(beta));
    p.lookupEvals[0][1] = p.lookupEvals[0][1].sub(delta);
    LookupClaims claims = LogUpGkr.verify(w.statement(), p, Fixtures.committed(w));
    VerificationException e = assertThrows(VerificationException.class, () -> claims.close(w.evaluator()));
    assertEquals(LogUpCheck.COLUMN_CLAIM, e.check());
  }
}
