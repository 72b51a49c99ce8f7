package io.deepprove.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

  // ------------------------------------------------------------------ elementwise, matmul, max/min

  private static final AggregateFixtures.Model EW = AggregateFixtures.elementwise(5);
  private static final long[] X3 = AggregateFixtures.int8(new SplittableRandom(6), 30);

  /**
   * A cheating prover that proves the honest circuit with the complete witness of another circuit
   * (every other relation and lookup then holds; only the changed step's relation does not).
   */
  private static Proof proveWithWitnessOf(AggregateFixtures.Variant v) {
    Circuit other = AggregateFixtures.elementwiseCircuit(v);
    return EW.prover().prove(X3, w -> {
      Witness o = Witness.compute(other, X3, EW.weights());
      for (Circuit.Tensor t : other.tensors(Circuit.Kind.TRACE)) {
        long[] src = o.values(t.name());
        System.arraycopy(src, 0, w.values(t.name()), 0, src.length);
      }
      for (Circuit.Step s : other.steps()) {
        if (s instanceof Circuit.Requantized) {
          long[] src = o.accumulator(s.name());
          System.arraycopy(src, 0, w.accumulator(s.name()), 0, src.length);
        }
      }
    }, X3);
  }

  @Test
  void theElementwiseFixtureProvesAndAnyVariantWitnessChangesItsOutput() throws Exception {
    EW.verifier().verify(EW.prover().prove(X3));
    long[] honest = EW.prover().prove(X3).output();
    for (AggregateFixtures.Variant v : List.of(new AggregateFixtures.Variant(4, 5, 1, true, false),
        new AggregateFixtures.Variant(3, 6, 1, true, false), new AggregateFixtures.Variant(3, 5, 2, true, false),
        new AggregateFixtures.Variant(3, 5, 1, false, false))) {
      // each cheat states another output: the attacks below are about something that matters
      assertFalse(Arrays.equals(honest, proveWithWitnessOf(v).output()), v.toString());
    }
  }

  @Test
  void anAffineStepWithAnotherCoefficientIsCaught() {
    Proof p = proveWithWitnessOf(new AggregateFixtures.Variant(4, 5, 1, true, false));
    assertEquals(AggregateCheck.ELEMENTWISE_SUM, rejected(EW, p).check());
  }

  @Test
  void aProductStepWithAnotherCoefficientIsCaught() {
    Proof p = proveWithWitnessOf(new AggregateFixtures.Variant(3, 6, 1, true, false));
    assertEquals(SumcheckCheck.ROUND_SUM, rejected(EW, p).check());
  }

  @Test
  void aMatrixProductWithAnotherCoefficientIsCaught() {
    Proof p = proveWithWitnessOf(new AggregateFixtures.Variant(3, 5, 2, true, false));
    assertEquals(SumcheckCheck.ROUND_SUM, rejected(EW, p).check());
  }

  @Test
  void aMinimumProvedAsTheMaximumIsCaught() {
    Proof p = proveWithWitnessOf(new AggregateFixtures.Variant(3, 5, 1, false, false));
    assertEquals(AggregateCheck.MAX_MIN_CHAIN, rejected(EW, p).check());
  }

  @Test
  void aBrokenMaxMinPairIsCaught() {
    // replace one (difference, gain) pair by another valid ReLU pair: lookups hold, the chain does not
    Proof p = EW.prover().prove(X3, w -> {
      long[] d = w.values("y#D1");
      long[] g = w.values("y#G1");
      d[0] += 5;
      g[0] = Math.max(0, d[0]);
    }, X3);
    assertEquals(AggregateCheck.MAX_MIN_CHAIN, rejected(EW, p).check());
  }

  @Test
  void aWrongSignWitnessCannotBeProved() {
    // relu(x) replaced by x with everything downstream consistent: only the ReLU lookup (the sign
    // witness of sign-dependent terms) stands in the way, and no multiplicity makes (x, x) a table row
    assertThrows(ProvingException.class,
        () -> proveWithWitnessOf(new AggregateFixtures.Variant(3, 5, 1, true, true)));
  }

  @Test
  void randomMutationsOfARealProofAreNeverAccepted() throws Exception {
    assertMutationsRejected(MLP, MLP.prover().prove(X), Integer.getInteger("deepprove.fuzz.mutations", 1500));
  }

  @Test
  void randomMutationsOfAnElementwiseProofAreNeverAccepted() throws Exception {
    assertMutationsRejected(EW, EW.prover().prove(X3), Integer.getInteger("deepprove.fuzz.mutations", 1500) / 5);
  }

  private static void assertMutationsRejected(AggregateFixtures.Model model, Proof p, int mutations) throws Exception {
    byte[] bytes = p.toBytes();
    SplittableRandom rng = new SplittableRandom(77);
    int formatErrors = 0;
    int rejections = 0;
    for (int i = 0; i < mutations; i++) {
      byte[] m = mutate(bytes, rng);
      if (Arrays.equals(m, bytes)) {
        continue;
      }
      try {
        model.verifier().verify(Proof.read(m, "proof.bin", AggregateFixtures.PCS));
        fail("mutation " + i + " was accepted");
      } catch (ProofFormatException e) {
        formatErrors++;
      } catch (VerificationException e) {
        rejections++;
      }
    }
    assertTrue(formatErrors + rejections >= mutations - 5);
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
