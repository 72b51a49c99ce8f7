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
}
