package io.deepprove.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.core.verify.VerificationException;
import io.deepprove.sumcheck.SumcheckCheck;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Cheating provers and forged proofs against the aggregate verifier: each attack is rejected, and
 * where the attack targets one check of the aggregate verifier, by exactly that check.
 */
class AggregateSoundnessTest {

  private static final AggregateFixtures.Model MLP = AggregateFixtures.mlp(1);
  private static final AggregateFixtures.Model CNN = AggregateFixtures.cnn(3);
  private static final long[] X = AggregateFixtures.int8(new SplittableRandom(2), 20);
  private static final long[] IMAGE = AggregateFixtures.int8(new SplittableRandom(4), 162);

  private static VerificationException rejected(AggregateFixtures.Model m, Proof p) {
    return assertThrows(VerificationException.class, () -> m.verifier().verify(p));
  }

  private static Proof with(Proof p, long[] input, long[] output) {
    return new Proof(p.vkDigest(), input, output, p.traceCommitment(), p.lookupProof(), p.steps(), p.traceOpening(),
        p.modelOpening());
  }

  @Test
  void aProofForAnotherInputIsCaughtOnTheInput() {
    long[] other = X.clone();
    other[7] = other[7] == 127 ? 126 : other[7] + 1;
    // the prover computes on X but states `other`: every sum-check is consistent, the input claim is not
    Proof p = MLP.prover().prove(X, null, other);
    assertEquals(AggregateCheck.PUBLIC_INPUT, rejected(MLP, p).check());
  }

  @Test
  void aChangedActivationIsCaught() {
    // raise q and the clamped value of one output together: the lookup still holds (and the public
    // output states the changed value), the requantization relation does not
    Proof p = MLP.prover().prove(X, w -> {
      long[] q = w.values("y#q");
      long[] y = w.values("y");
      int i = 0;
      while (y[i] <= -127 || y[i] >= 127) {
        i++;
      }
      q[i] += 1;
      y[i] += 1;
    }, X);
    assertEquals(SumcheckCheck.ROUND_SUM, rejected(MLP, p).check());
  }

  @Test
  void aWrongRemainderLimbIsCaught() {
    Proof p = MLP.prover().prove(X, w -> {
      long[] limb = w.values("y#rem0");
      limb[0] = (limb[0] + 1) & 0xFFFF; // still in range, no longer the remainder
    }, X);
    assertEquals(SumcheckCheck.ROUND_SUM, rejected(MLP, p).check());
  }

  @Test
  void aClaimedOutputOtherThanTheComputedOneIsRejected() {
    Proof p = MLP.prover().prove(X);
    long[] out = p.output();
    out[2] = out[2] == 127 ? 126 : out[2] + 1;
    rejected(MLP, with(p, p.input(), out));
  }

  @Test
  void publicValuesOfTheWrongSizeAreRejected() {
    Proof p = MLP.prover().prove(X);
    assertEquals(AggregateCheck.PUBLIC_SHAPES, rejected(MLP, with(p, p.input(), Arrays.copyOf(p.output(), 4))).check());
    assertEquals(AggregateCheck.PUBLIC_SHAPES, rejected(MLP, with(p, Arrays.copyOf(p.input(), 21), p.output())).check());
  }

  @Test
  void aTraceCommitmentOfAnotherShapeIsRejected() {
    Proof p = MLP.prover().prove(X);
    Proof q = CNN.prover().prove(IMAGE);
    Proof mixed = new Proof(p.vkDigest(), p.input(), p.output(), q.traceCommitment(), p.lookupProof(), p.steps(),
        p.traceOpening(), p.modelOpening());
    assertEquals(AggregateCheck.TRACE_COMMITMENT_SHAPE, rejected(MLP, mixed).check());
  }

  @Test
  void truncatedOrExtendedStepMessagesAreFormatErrors() {
    Proof p = MLP.prover().prove(X);
    byte[] steps = p.steps();
    for (byte[] s : new byte[][] {Arrays.copyOf(steps, steps.length - 1), Arrays.copyOf(steps, steps.length + 3)}) {
      Proof bad = new Proof(p.vkDigest(), p.input(), p.output(), p.traceCommitment(), p.lookupProof(), s,
          p.traceOpening(), p.modelOpening());
      assertEquals(AggregateCheck.FORMAT, rejected(MLP, bad).check());
    }
  }

  @Test
  void aBrokenMaxChainIsCaught() {
    // replace one (difference, gain) pair by another valid ReLU pair: lookups hold, the chain does not
    Proof p = CNN.prover().prove(IMAGE, w -> {
      long[] d = w.values("p#D");
      long[] g = w.values("p#G");
      int plane = w.values("p").length;
      d[plane] += 5;
      g[plane] = Math.max(0, d[plane]);
    }, IMAGE);
    assertEquals(AggregateCheck.MAX_POOL_CHAIN, rejected(CNN, p).check());
  }

  // ------------------------------------------------------------------ softmax

  private static final AggregateFixtures.Model SOFTMAX = AggregateFixtures.softmax(5, false);
  private static final AggregateFixtures.Model LOG_SOFTMAX = AggregateFixtures.softmax(6, true);
  private static final long[] ROWS = AggregateFixtures.int8(new SplittableRandom(6), 30);

  private static Circuit.Softmax softmaxStep(AggregateFixtures.Model m) {
    return (Circuit.Softmax) m.circuit().steps().get(0);
  }

  /** A softmax proof whose witness {@code edit} changes, recomputed consistently from {@code stage} on. */
  private static Proof cheatSoftmax(AggregateFixtures.Model m, int stage, java.util.function.BiConsumer<Witness,
      Circuit.Softmax> edit) {
    Circuit.Softmax s = softmaxStep(m);
    return m.prover().prove(ROWS, w -> {
      edit.accept(w, s);
      w.softmax(m.circuit(), s, stage);
    }, ROWS);
  }

  /** Adds {@code delta} to the value held in 8-bit limbs at position i; returns the new value. */
  private static long addToLimbs(Witness w, java.util.function.IntFunction<String> limb, int limbs, int i,
      long delta) {
    long v = 0;
    for (int k = limbs - 1; k >= 0; k--) {
      v = (v << 8) | w.values(limb.apply(k))[i];
    }
    v += delta;
    for (int k = 0; k < limbs; k++) {
      w.values(limb.apply(k))[i] = (v >>> (8 * k)) & 0xff;
    }
    return v;
  }

  @Test
  void honestSoftmaxProofsVerify() throws Exception {
    SOFTMAX.verifier().verify(SOFTMAX.prover().prove(ROWS));
    LOG_SOFTMAX.verifier().verify(LOG_SOFTMAX.prover().prove(ROWS));
  }

  @Test
  void aRowMaxAboveEveryElementIsCaught() {
    // m + 1 with the old selection kept: every d stays in 0..255 and everything after d follows,
    // but the selected element now has d = 1
    for (AggregateFixtures.Model m : List.of(SOFTMAX, LOG_SOFTMAX)) {
      Proof p = cheatSoftmax(m, Witness.SOFTMAX_EXPS, (w, s) -> {
        long[] sel = w.values(s.selector()).clone();
        w.values(s.max())[0] += 1;
        w.softmax(m.circuit(), s, Witness.SOFTMAX_DIFFERENCES);
        System.arraycopy(sel, 0, w.values(s.selector()), 0, sel.length);
        for (long v : w.values(s.differences())) {
          assertTrue(v >= 0 && v <= 255);
        }
      });
      assertEquals(SumcheckCheck.ROUND_SUM, rejected(m, p).check());
    }
  }

  @Test
  void aRowWithoutSelectedElementIsCaught() {
    // the max raised by one and, recomputed, no element selected in row 0 (no d is 0 there):
    // sel·d = 0 holds, Σ_j sel_j = 1 does not
    Circuit.Softmax s = softmaxStep(SOFTMAX);
    Witness w = Witness.compute(SOFTMAX.circuit(), ROWS, SOFTMAX.weights());
    w.values(s.max())[0] += 1;
    w.softmax(SOFTMAX.circuit(), s, Witness.SOFTMAX_DIFFERENCES);
    for (int j = 0; j < 5; j++) {
      assertEquals(0, w.values(s.selector())[j << 2]); // element (0, j, 0) of the [2, 8, 4] padded layout
    }
    Proof p = cheatSoftmax(SOFTMAX, Witness.SOFTMAX_DIFFERENCES, (v, t) -> v.values(t.max())[0] += 1);
    assertEquals(SumcheckCheck.ROUND_SUM, rejected(SOFTMAX, p).check());
  }

  @Test
  void aWrongExpEntryIsCaught() {
    // (d + 1, expTable[d + 1]) is a table row, so the lookup holds; d = m − x does not
    Proof p = cheatSoftmax(SOFTMAX, Witness.SOFTMAX_SUMS, (w, s) -> {
      long[] d = w.values(s.differences());
      long[] sel = w.values(s.selector());
      int i = 0;
      while (sel[i] == 1 || d[i] >= 255) {
        i++;
      }
      d[i] += 1;
      w.values(s.exps())[i] = s.expTable()[(int) d[i]];
    });
    assertEquals(SumcheckCheck.ROUND_SUM, rejected(SOFTMAX, p).check());
  }

  @Test
  void aWrongRowSumIsCaught() {
    for (AggregateFixtures.Model m : List.of(SOFTMAX, LOG_SOFTMAX)) {
      Proof p = cheatSoftmax(m, Witness.SOFTMAX_DECOMPOSITION, (w, s) -> w.values(s.sum())[1] += 3);
      assertEquals(SumcheckCheck.ROUND_SUM, rejected(m, p).check());
    }
  }

  @Test
  void aWrongDivisionQuotientIsCaught() {
    // q + 1 (and out = min(127, q) with it): the clamp lookup holds, the division does not
    Proof p = cheatSoftmax(SOFTMAX, Witness.SOFTMAX_OUTPUT + 1, (w, s) -> {
      w.values(s.q())[0] += 1;
      w.values(s.out())[0] = Math.min(127, w.values(s.q())[0]);
    });
    assertEquals(SumcheckCheck.ROUND_SUM, rejected(SOFTMAX, p).check());
  }

  @Test
  void aDivisionRemainderOfTwiceTheSumIsCaught() {
    // q − 1 and rem + 2·S satisfy 2·e·outK + S = 2·S·q + rem with every limb in range; the slack
    // cannot follow (2·S − 1 − rem < 0), so rem < 2·S fails
    Proof p = cheatSoftmax(SOFTMAX, Witness.SOFTMAX_OUTPUT + 1, (w, s) -> {
      long[] q = w.values(s.q());
      long[] sum = w.values(s.sum());
      int i = 0;
      while (q[i] < 1) {
        i++;
      }
      long sumRow = sum[((i >> 5) << 2) | (i & 3)];
      long rem = addToLimbs(w, s::remainder, s.remainderLimbs(), i, 2 * sumRow);
      assertTrue(rem < 1L << s.divisionBits());
      q[i] -= 1;
      w.values(s.out())[i] = Math.min(127, q[i]);
    });
    assertEquals(SumcheckCheck.ROUND_SUM, rejected(SOFTMAX, p).check());
  }

  @Test
  void aWrongLogSumDecompositionIsCaught() {
    // f − 1 and low + P keep S = P·(256 + f) + low with every lookup holding; low < P fails
    Proof p = cheatSoftmax(LOG_SOFTMAX, Witness.SOFTMAX_OUTPUT, (w, s) -> {
      long[] f = w.values(s.frac());
      long[] pow = w.values(s.pow());
      int r = 0;
      while (f[r] < 1) {
        r++;
      }
      long low = addToLimbs(w, s::low, s.lowLimbs(), r, pow[r]);
      assertTrue(low < 1L << s.lowBits());
      f[r] -= 1;
      w.values(s.lnFrac())[r] = s.lnTable()[(int) f[r]];
    });
    assertEquals(SumcheckCheck.ROUND_SUM, rejected(LOG_SOFTMAX, p).check());
  }

  @Test
  void aWrongLogSumMantissaIsCaught() {
    // f + 1 (with Lf = lnTable[f + 1]) keeps every lookup and low < P; S = P·(256 + f) + low fails
    Proof p = cheatSoftmax(LOG_SOFTMAX, Witness.SOFTMAX_OUTPUT, (w, s) -> {
      long[] f = w.values(s.frac());
      int r = 0;
      while (f[r] > 254) {
        r++;
      }
      f[r] += 1;
      w.values(s.lnFrac())[r] = s.lnTable()[(int) f[r]];
    });
    assertEquals(SumcheckCheck.ROUND_SUM, rejected(LOG_SOFTMAX, p).check());
  }

  @Test
  void aWrongLogSoftmaxRequantizationIsCaught() {
    Proof p = cheatSoftmax(LOG_SOFTMAX, Witness.SOFTMAX_OUTPUT + 1, (w, s) -> {
      long[] q = w.values(s.q());
      long[] out = w.values(s.out());
      int i = 0;
      while (out[i] <= -127 || out[i] >= 127) {
        i++;
      }
      q[i] += 1;
      out[i] += 1;
    });
    assertEquals(SumcheckCheck.ROUND_SUM, rejected(LOG_SOFTMAX, p).check());
  }

  @Test
  void randomMutationsOfARealProofAreNeverAccepted() throws Exception {
    Proof p = MLP.prover().prove(X);
    byte[] bytes = p.toBytes();
    int mutations = Integer.getInteger("deepprove.fuzz.mutations", 1500);
    SplittableRandom rng = new SplittableRandom(77);
    int formatErrors = 0;
    int rejections = 0;
    for (int i = 0; i < mutations; i++) {
      byte[] m = mutate(bytes, rng);
      if (Arrays.equals(m, bytes)) {
        continue;
      }
      try {
        MLP.verifier().verify(Proof.read(m, "proof.bin", AggregateFixtures.PCS));
        fail("mutation " + i + " was accepted");
      } catch (ProofFormatException e) {
        formatErrors++;
      } catch (VerificationException e) {
        rejections++;
      }
    }
    assertTrue(formatErrors + rejections >= mutations - 5);
  }

  @Test
  void randomMutationsOfASoftmaxProofAreNeverAccepted() throws Exception {
    for (AggregateFixtures.Model m : List.of(SOFTMAX, LOG_SOFTMAX)) {
      byte[] bytes = m.prover().prove(ROWS).toBytes();
      SplittableRandom rng = new SplittableRandom(78);
      for (int i = 0; i < 200; i++) {
        byte[] b = mutate(bytes, rng);
        if (Arrays.equals(b, bytes)) {
          continue;
        }
        try {
          m.verifier().verify(Proof.read(b, "proof.bin", AggregateFixtures.PCS));
          fail("mutation " + i + " of the " + m.circuit().name() + " proof was accepted");
        } catch (ProofFormatException | VerificationException e) {
          // rejected
        }
      }
    }
  }

  static byte[] mutate(byte[] bytes, SplittableRandom rng) {
    switch (rng.nextInt(4)) {
      case 0, 1 -> {
        byte[] m = bytes.clone();
        m[rng.nextInt(m.length)] ^= (byte) (1 << rng.nextInt(8));
        return m;
      }
      case 2 -> {
        return Arrays.copyOf(bytes, rng.nextInt(bytes.length));
      }
      default -> {
        int at = rng.nextInt(bytes.length + 1);
        byte[] m = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, m, 0, at);
        m[at] = (byte) rng.nextInt(256);
        System.arraycopy(bytes, at, m, at + 1, bytes.length - at);
        return m;
      }
    }
  }
}
