package io.deepprove.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepprove.aggregate.Circuit.Requant;
import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.core.verify.VerificationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** One proof for several inputs, and circuits with several public inputs and outputs. */
class BatchingTest {

  private static final AggregateFixtures.Model MLP = AggregateFixtures.mlp(11);
  private static final AggregateFixtures.Model CNN = AggregateFixtures.cnn(13);

  private static List<long[]> samples(int count, int size, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<long[]> s = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      s.add(AggregateFixtures.small(rng, size, 24));
    }
    return s;
  }

  private static Proof roundTrip(Proof p) throws ProofFormatException {
    return Proof.read(p.toBytes(), "proof", AggregateFixtures.PCS);
  }

  @Test
  void aBatchProofStatesEverySamplesOwnOutput() throws Exception {
    for (AggregateFixtures.Model m : List.of(MLP, CNN)) {
      int size = m.circuit().realSize(m.circuit().inputs());
      List<long[]> xs = samples(3, size, 5);
      Proof batch = roundTrip(m.prover().proveBatch(xs));
      assertEquals(3, batch.batch());
      m.verifier().verify(batch);
      List<long[]> outs = Batching.split(m.circuit(), m.circuit().outputs(), batch.output(), 3);
      List<long[]> ins = Batching.split(m.circuit(), m.circuit().inputs(), batch.input(), 3);
      for (int k = 0; k < 3; k++) {
        Proof single = m.prover().prove(xs.get(k));
        assertArrayEquals(single.output(), outs.get(k), m.circuit().name() + " sample " + k);
        assertArrayEquals(xs.get(k), ins.get(k));
      }
    }
  }

  @Test
  void int16InputsBatch() throws Exception {
    AggregateFixtures.Model m = AggregateFixtures.softmax16(33);
    java.util.SplittableRandom r = new java.util.SplittableRandom(34);
    List<long[]> xs = new java.util.ArrayList<>();
    for (int k = 0; k < 3; k++) {
      long[] x = new long[30];
      for (int i = 0; i < x.length; i++) {
        x[i] = r.nextLong(-30000, 30001);
      }
      xs.add(x);
    }
    Proof batch = roundTrip(m.prover().proveBatch(xs));
    assertEquals(Circuit.Kind.INPUT16, Batching.batched(m.circuit(), 3).tensor("x").kind());
    m.verifier().verify(batch);
    List<long[]> outs = Batching.split(m.circuit(), m.circuit().outputs(), batch.output(), 3);
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(m.prover().prove(xs.get(k)).output(), outs.get(k), "sample " + k);
    }
  }

  @Test
  void softmaxRowsOfDifferentSamplesStayApart() throws Exception {
    for (boolean log : new boolean[] {false, true}) {
      AggregateFixtures.Model m = AggregateFixtures.softmax(31, log);
      List<long[]> xs = samples(3, 30, 32);
      Proof batch = roundTrip(m.prover().proveBatch(xs));
      m.verifier().verify(batch);
      List<long[]> outs = Batching.split(m.circuit(), m.circuit().outputs(), batch.output(), 3);
      for (int k = 0; k < 3; k++) {
        assertArrayEquals(m.prover().prove(xs.get(k)).output(), outs.get(k), (log ? "log-" : "") + "softmax " + k);
      }
    }
  }

  @Test
  void poolingReductionsAndGroupedConvolutionsBatch() throws Exception {
    for (AggregateFixtures.Model m : List.of(AggregateFixtures.pools(41), AggregateFixtures.depthwise(42))) {
      int size = m.circuit().realSize(m.circuit().inputs());
      List<long[]> xs = samples(3, size, 43);
      Proof batch = roundTrip(m.prover().proveBatch(xs));
      m.verifier().verify(batch);
      List<long[]> outs = Batching.split(m.circuit(), m.circuit().outputs(), batch.output(), 3);
      for (int k = 0; k < 3; k++) {
        assertArrayEquals(m.prover().prove(xs.get(k)).output(), outs.get(k), m.circuit().name() + " sample " + k);
      }
    }
  }

  @Test
  void transposedConvolutionsBatch() throws Exception {
    // 3 images pad to 4: the padded image carries the bias like every padded position
    AggregateFixtures.Model m = AggregateFixtures.convTranspose(45);
    List<long[]> xs = samples(3, 48, 46);
    Proof batch = roundTrip(m.prover().proveBatch(xs));
    m.verifier().verify(batch);
    List<long[]> outs = Batching.split(m.circuit(), m.circuit().outputs(), batch.output(), 3);
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(m.prover().prove(xs.get(k)).output(), outs.get(k), "sample " + k);
    }
    // a run-time weight would be stacked along its channel axis: refused
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Batching.batched(AggregateFixtures.convTransposeRunTimeWeight(47).circuit(), 2));
    assertTrue(e.getMessage().contains("batch proving does not cover"), e.getMessage());
  }

  @Test
  void stepsThatWouldMixSamplesAreRefusedForBatches() {
    // the fixture multiplies two activations (x·xᵀ): rows of one sample must not meet another's columns
    AggregateFixtures.Model m = AggregateFixtures.elementwise(44);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Batching.batched(m.circuit(), 2));
    assertTrue(e.getMessage().contains("batch proving does not cover"), e.getMessage());
  }

  @Test
  void aTraceLargerThanThePresetAllowsIsAClearError() {
    // a preset that allows 2^10 committed values: the CNN fixture's trace fits once, not 16 times
    io.deepprove.commit.PcsParams small = new io.deepprove.commit.PcsParams("small", 1, 100, 4, 4, false, 10);
    AggregateProver p = new AggregateProver(CNN.circuit(), new io.deepprove.commit.BasefoldPcs(small),
        CNN.commitment(), CNN.weights(), CNN.vkDigest());
    ProvingException e = assertThrows(ProvingException.class, () -> p.proveBatch(samples(16, 162, 50)));
    assertTrue(e.getMessage().contains("for 16 inputs") && e.getMessage().contains("prove fewer inputs per proof"),
        e.getMessage());
  }

  @Test
  void aBatchOfOneIsTheSingleProof() throws Exception {
    long[] x = samples(1, 20, 7).get(0);
    assertArrayEquals(MLP.prover().prove(x).toBytes(), MLP.prover().proveBatch(List.of(x)).toBytes());
  }

  @Test
  void theProofGrowsSlowerThanTheBatch() throws Exception {
    int one = MLP.prover().proveBatch(samples(1, 20, 8)).toBytes().length;
    Proof eight = MLP.prover().proveBatch(samples(8, 20, 8));
    MLP.verifier().verify(roundTrip(eight));
    assertTrue(eight.toBytes().length < 2 * one, one + " bytes for 1 input, " + eight.toBytes().length + " for 8");
  }

  @Test
  void oneSwappedOutputInABatchIsRejected() throws Exception {
    Proof p = MLP.prover().proveBatch(samples(4, 20, 9));
    long[] out = p.output();
    out[5 + 2] = out[5 + 2] == 127 ? 126 : out[5 + 2] + 1; // sample 1's third output value
    Proof forged = new Proof(p.vkDigest(), p.batch(), p.input(), out, p.traceCommitment(), p.lookupProof(),
        p.steps(), p.traceOpening(), p.modelOpening());
    assertThrows(VerificationException.class, () -> MLP.verifier().verify(forged));
  }

  @Test
  void oneChangedInputInABatchIsCaughtOnTheInput() {
    List<long[]> xs = samples(4, 20, 10);
    long[] claimed = Batching.join(MLP.circuit(), MLP.circuit().inputs(), xs);
    claimed[3 * 20 + 4] = claimed[3 * 20 + 4] == 127 ? 126 : claimed[3 * 20 + 4] + 1;
    Circuit c = Batching.batched(MLP.circuit(), 4);
    AggregateProver cheat = new AggregateProver(c, AggregateFixtures.PCS, MLP.commitment(), MLP.weights(),
        MLP.vkDigest());
    cheat.batch = 4;
    Proof p = cheat.prove(Batching.join(MLP.circuit(), MLP.circuit().inputs(), xs), null, claimed);
    VerificationException e = assertThrows(VerificationException.class, () -> MLP.verifier().verify(p));
    assertEquals(AggregateCheck.PUBLIC_INPUT, e.check());
  }

  @Test
  void aProofCannotRestateItsBatch() throws Exception {
    // 4 samples of 20 inputs are also 2 "samples" of 40: the batch is part of the statement
    Proof p = MLP.prover().proveBatch(samples(4, 20, 12));
    Proof two = new Proof(p.vkDigest(), 2, p.input(), p.output(), p.traceCommitment(), p.lookupProof(), p.steps(),
        p.traceOpening(), p.modelOpening());
    assertEquals(AggregateCheck.PUBLIC_SHAPES,
        assertThrows(VerificationException.class, () -> MLP.verifier().verify(two)).check());
    // same lengths, a different batch: the MLP of a batch of 4 reinterpreted with an unbatched circuit
    Proof one = new Proof(p.vkDigest(), 1, p.input(), p.output(), p.traceCommitment(), p.lookupProof(), p.steps(),
        p.traceOpening(), p.modelOpening());
    assertThrows(VerificationException.class, () -> MLP.verifier().verify(one));
    byte[] bytes = p.toBytes();
    java.util.Arrays.fill(bytes, 4 + 4 + 32, 4 + 4 + 32 + 4, (byte) 0); // the batch (after magic, version, digest): 0
    assertThrows(ProofFormatException.class, () -> Proof.read(bytes, "proof", AggregateFixtures.PCS));
  }

  @Test
  void batchedShapesKeepSamplesContiguous() {
    Circuit c = Batching.batched(CNN.circuit(), 3);
    assertArrayEquals(new int[] {3, 2, 1, 9, 9}, c.tensor("x").shape());
    assertArrayEquals(new int[] {3, 27}, c.tensor("f").shape());
    assertArrayEquals(CNN.circuit().tensor("W").shape(), c.tensor("W").shape());
    assertThrows(IllegalArgumentException.class, () -> Batching.batched(CNN.circuit(), 0));
    assertThrows(IllegalArgumentException.class, () -> Batching.batched(CNN.circuit(), Batching.MAX_BATCH + 1));
  }

  /** a [1, 6] → dense 6→4 → y1; b [3] → table → y2, and a second view of y1 reshaped to [2, 2]. */
  private static AggregateFixtures.Model twoInTwoOut() {
    SplittableRandom rng = new SplittableRandom(21);
    CircuitBuilder b = new CircuitBuilder("two").input("a", 1, 6).input("b", 3).weight("W", 6, 4);
    b.dense("fc", "a", "W", null, "y1", new Requant(new long[] {300}, 16, -1, -127, 127));
    long[] table = new long[256];
    for (int i = 0; i < 256; i++) {
      table[i] = Math.max(0, i - 128);
    }
    b.unary("relu", "b", "y2", table);
    b.reshape("view", "y1", "y3", 2, 2);
    Map<String, long[]> w = new HashMap<>();
    w.put("W", AggregateFixtures.int8(rng, 24));
    return AggregateFixtures.commit(b.build(List.of("y2", "y1", "y3")), w, 21);
  }

  @Test
  void severalInputsAndOutputsAreProvedAndBound() throws Exception {
    AggregateFixtures.Model m = twoInTwoOut();
    SplittableRandom rng = new SplittableRandom(22);
    long[] x = AggregateFixtures.small(rng, 9, 60);
    Proof p = roundTrip(m.prover().prove(x));
    m.verifier().verify(p);
    long[] out = p.output();
    assertEquals(3 + 4 + 4, out.length);
    for (int i = 0; i < 3; i++) {
      assertEquals(Math.max(0, x[6 + i]), out[i], "relu of input b comes first");
    }
    for (int i = 0; i < 4; i++) {
      assertEquals(out[3 + i], out[7 + i], "the reshaped view equals y1");
    }
    // each output is bound: change a value of the last one
    long[] forgedOut = out.clone();
    forgedOut[10] = forgedOut[10] == 127 ? 126 : forgedOut[10] + 1;
    Proof forged = new Proof(p.vkDigest(), p.input(), forgedOut, p.traceCommitment(), p.lookupProof(), p.steps(),
        p.traceOpening(), p.modelOpening());
    assertThrows(VerificationException.class, () -> m.verifier().verify(forged));
    // and each input: the prover computes on x but states another second input
    long[] other = x.clone();
    other[7] = other[7] == 127 ? 126 : other[7] + 1;
    Proof lie = m.prover().prove(x, null, other);
    assertEquals(AggregateCheck.PUBLIC_INPUT,
        assertThrows(VerificationException.class, () -> m.verifier().verify(lie)).check());
    // and batches of it
    List<long[]> xs = samples(3, 9, 23);
    Proof batch = roundTrip(m.prover().proveBatch(xs));
    m.verifier().verify(batch);
    List<long[]> outs = Batching.split(m.circuit(), m.circuit().outputs(), batch.output(), 3);
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(m.prover().prove(xs.get(k)).output(), outs.get(k));
    }
  }
}
