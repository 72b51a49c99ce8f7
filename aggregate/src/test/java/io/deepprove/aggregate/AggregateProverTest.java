package io.deepprove.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deepprove.core.verify.VerificationException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AggregateProverTest {

  @Test
  void mlpProofVerifiesAndRoundTrips() throws Exception {
    AggregateFixtures.Model m = AggregateFixtures.mlp(1);
    long[] x = AggregateFixtures.int8(new SplittableRandom(2), 20);
    Proof p = m.prover().prove(x);
    m.verifier().verify(p);
    assertArrayEquals(x, p.input());
    Proof back = Proof.read(p.toBytes(), "proof.bin", AggregateFixtures.PCS);
    m.verifier().verify(back);
    // the output is the circuit's own integer semantics
    long[] expected = Witness.compute(m.circuit(), x, m.weights()).values("y");
    assertEquals(expected[0], p.output()[0]);
  }

  @Test
  void cnnProofVerifies() throws Exception {
    AggregateFixtures.Model m = AggregateFixtures.cnn(3);
    long[] x = AggregateFixtures.int8(new SplittableRandom(4), 162);
    Proof p = m.prover().prove(x);
    m.verifier().verify(p);
  }

  @Test
  void proofForAnotherModelIsRejected() throws Exception {
    AggregateFixtures.Model a = AggregateFixtures.mlp(1);
    AggregateFixtures.Model b = AggregateFixtures.mlp(5); // same circuit shape, other weights and key
    long[] x = AggregateFixtures.int8(new SplittableRandom(2), 20);
    Proof p = a.prover().prove(x);
    VerificationException e = assertThrows(VerificationException.class, () -> b.verifier().verify(p));
    assertEquals(AggregateCheck.VERIFYING_KEY, e.check());
    // same key digest but the other model's commitment: the weight opening fails
    AggregateVerifier other = new AggregateVerifier(a.circuit(), AggregateFixtures.PCS, b.commitment(), a.vkDigest());
    assertThrows(VerificationException.class, () -> other.verify(p));
  }

  @Test
  void weightsChangedAfterSetupAreCaught() {
    AggregateFixtures.Model m = AggregateFixtures.mlp(1);
    java.util.Map<String, long[]> changed = new java.util.HashMap<>(m.weights());
    long[] w1 = changed.get("W1").clone();
    w1[3] += 1;
    changed.put("W1", w1);
    long[] x = AggregateFixtures.int8(new SplittableRandom(2), 20);
    // the honest prover refuses weights that do not match the commitment it opens
    AggregateProver mismatched =
        new AggregateProver(m.circuit(), AggregateFixtures.PCS, m.commitment(), changed, m.vkDigest());
    assertThrows(IllegalArgumentException.class, () -> mismatched.prove(x));
    // a prover that commits to its changed weights is caught by the verifying key's commitment
    AggregateFixtures.Model recommitted = AggregateFixtures.commit(m.circuit(), changed, 1);
    AggregateProver cheat = new AggregateProver(
        m.circuit(), AggregateFixtures.PCS, recommitted.commitment(), changed, m.vkDigest());
    Proof p = cheat.prove(x);
    assertThrows(VerificationException.class, () -> m.verifier().verify(p));
  }

  @Test
  void paddingWithAConstantIsProvedAndItsFillIsBound() throws Exception {
    // x [1, 6] → pad to [1, 9] with 3 values of 5 in front → dense 9→2
    int[] src = {-1, -1, -1, 0, 1, 2, 3, 4, 5};
    CircuitBuilder b = new CircuitBuilder("pad").input("x", 1, 6).weight("W", 9, 2);
    b.relayout("pad", "x", "xp", new int[] {1, 9}, src, 5);
    b.dense("fc", "xp", "W", null, "y", new Circuit.Requant(new long[] {700}, 12, -1, -127, 127));
    java.util.Map<String, long[]> w = java.util.Map.of("W", AggregateFixtures.int8(new SplittableRandom(8), 18));
    AggregateFixtures.Model m = AggregateFixtures.commit(b.build("y"), w, 8);
    long[] x = AggregateFixtures.int8(new SplittableRandom(9), 6);
    Proof p = m.prover().prove(x);
    m.verifier().verify(p);
    // the fill is part of the statement: a verifier whose circuit pads with 6 rejects the proof
    CircuitBuilder b6 = new CircuitBuilder("pad").input("x", 1, 6).weight("W", 9, 2);
    b6.relayout("pad", "x", "xp", new int[] {1, 9}, src, 6);
    b6.dense("fc", "xp", "W", null, "y", new Circuit.Requant(new long[] {700}, 12, -1, -127, 127));
    AggregateVerifier six = new AggregateVerifier(b6.build("y"), AggregateFixtures.PCS, m.commitment(), m.vkDigest());
    assertThrows(VerificationException.class, () -> six.verify(p));
  }

  @Test
  void aSingleOutputValueIsProved() throws Exception {
    // the one-entry output column is padded to two entries by the lookup module
    CircuitBuilder b = new CircuitBuilder("scalar").input("x", 1, 4).weight("W", 4, 1).weight("b", 1);
    b.dense("fc", "x", "W", "b", "y", new Circuit.Requant(new long[] {900}, 13, -1, -127, 127));
    java.util.Map<String, long[]> w = java.util.Map.of("W", new long[] {3, -7, 11, 2}, "b", new long[] {40});
    AggregateFixtures.Model m = AggregateFixtures.commit(b.build("y"), w, 12);
    long[] x = {5, -9, 17, 100};
    Proof p = m.prover().prove(x);
    m.verifier().verify(p);
    long[] out = p.output();
    out[0] += 1;
    assertThrows(VerificationException.class, () -> m.verifier().verify(new Proof(p.vkDigest(), p.input(), out,
        p.traceCommitment(), p.lookupProof(), p.steps(), p.traceOpening(), p.modelOpening())));
  }

  @Test
  void poolingStepsRoundTripAndTheirCountsAreBound() throws Exception {
    AggregateFixtures.Model m = AggregateFixtures.pools(5);
    io.deepprove.core.codec.BinaryWriter out = new io.deepprove.core.codec.BinaryWriter();
    m.circuit().write(out);
    Circuit back = Circuit.read(new io.deepprove.core.codec.BinaryReader(out.toByteArray(), "circuit"));
    assertEquals(m.circuit().toString(), back.toString());
    long[] x = AggregateFixtures.int8(new SplittableRandom(6), 98);
    Proof p = m.prover().prove(x);
    new AggregateVerifier(back, AggregateFixtures.PCS, m.commitment(), m.vkDigest()).verify(p);
    // a verifier whose circuit divides one border position by another count rejects the proof
    java.util.List<Circuit.Step> steps = new java.util.ArrayList<>(back.steps());
    Circuit.AvgPool a = (Circuit.AvgPool) steps.get(0);
    int[] counts = a.counts();
    counts[0] += 1;
    steps.set(0, new Circuit.AvgPool(a.name(), a.in(), a.out(), a.geometry(), a.multiplier(), counts, a.lo(), a.hi()));
    Circuit changed = new Circuit(back.name(), java.util.List.copyOf(back.tensors().values()), steps, back.inputs(),
        back.outputs());
    AggregateVerifier other = new AggregateVerifier(changed, AggregateFixtures.PCS, m.commitment(), m.vkDigest());
    assertThrows(VerificationException.class, () -> other.verify(p));
  }

  @Test
  void theLargestProvableShiftProvesAndOneMoreIsRefused() throws Exception {
    java.util.SplittableRandom rng = new java.util.SplittableRandom(50);
    CircuitBuilder b = new CircuitBuilder("shift").input("x", 1, 16).weight("W", 16, 4);
    // acc up to 16·127·127 ≈ 2^18, M ≈ 2^39: acc·M/2^50 stays in the int8 range
    b.dense("fc", "x", "W", null, "y", new Circuit.Requant(new long[] {(1L << 39) + 12345}, Circuit.Requant.MAX_SHIFT,
        -1, -127, 127));
    java.util.Map<String, long[]> w = new java.util.HashMap<>();
    w.put("W", AggregateFixtures.int8(rng, 64));
    AggregateFixtures.Model m = AggregateFixtures.commit(b.build("y"), w, 50);
    long[] x = AggregateFixtures.int8(rng, 16);
    m.verifier().verify(Proof.read(m.prover().prove(x).toBytes(), "proof", AggregateFixtures.PCS));
    assertThrows(IllegalArgumentException.class,
        () -> new Circuit.Requant(new long[] {1}, Circuit.Requant.MAX_SHIFT + 1, -1, -127, 127));
  }
}
