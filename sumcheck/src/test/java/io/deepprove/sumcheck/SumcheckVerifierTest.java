package io.deepprove.sumcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.deepprove.core.codec.BinaryReader;
import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.core.field.Ext2;
import io.deepprove.core.verify.VerificationException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every check of {@link SumcheckVerifier} and {@link SubClaim}, each broken on its own. */
class SumcheckVerifierTest {

  private static final int N = 6;
  private static final int DEGREE = 3;

  private ProductShape shape;
  private List<Mle> inputs;
  private SumcheckProver.Result honest;

  @BeforeEach
  void prove() {
    SplittableRandom rng = new SplittableRandom(42);
    shape = ProductShape.product(N, DEGREE);
    inputs = List.of(Fixtures.randomMle(rng, N, false), Fixtures.randomMle(rng, N, true), Fixtures.randomMle(rng, N, false));
    honest = SumcheckProver.prove(shape, inputs, Fixtures.transcript());
  }

  private void verify(Ext2 claim, SumcheckProof proof) throws VerificationException {
    SubClaim sub = SumcheckVerifier.reduce(N, DEGREE, claim, proof, Fixtures.transcript());
    Ext2[] values = new Ext2[inputs.size()];
    for (int k = 0; k < values.length; k++) {
      values[k] = Fixtures.evaluate(inputs.get(k), sub.point());
    }
    sub.closeWithFactors(shape, values);
  }

  private SumcheckCheck rejection(Ext2 claim, SumcheckProof proof) {
    VerificationException e = assertThrows(VerificationException.class, () -> verify(claim, proof));
    return (SumcheckCheck) e.check();
  }

  @Test
  void honestProofIsAccepted() throws Exception {
    verify(honest.claimedSum(), honest.proof());
  }

  @Test
  void wrongClaimedSumFailsTheFirstRoundSum() {
    assertEquals(SumcheckCheck.ROUND_SUM, rejection(honest.claimedSum().add(Ext2.ONE), honest.proof()));
  }

  @Test
  void tamperedRoundEvaluationAtZeroOrOneFailsThatRoundSum() {
    for (int round = 0; round < N; round++) {
      for (int at = 0; at < 2; at++) {
        Ext2[][] rounds = honest.proof().rounds();
        rounds[round][at] = rounds[round][at].add(Ext2.ONE);
        assertEquals(SumcheckCheck.ROUND_SUM, rejection(honest.claimedSum(), new SumcheckProof(rounds)));
      }
    }
  }

  @Test
  void consistentlyShiftedRoundStillFailsLater() {
    // move value from s_i(0) to s_i(1): round i's sum holds, the interpolated claim changes
    for (int round = 0; round < N; round++) {
      Ext2[][] rounds = honest.proof().rounds();
      rounds[round][0] = rounds[round][0].add(Ext2.ONE);
      rounds[round][1] = rounds[round][1].sub(Ext2.ONE);
      SumcheckCheck expected = round == N - 1 ? SumcheckCheck.FINAL_EVALUATION : SumcheckCheck.ROUND_SUM;
      assertEquals(expected, rejection(honest.claimedSum(), new SumcheckProof(rounds)));
    }
  }

  @Test
  void tamperedHigherEvaluationIsCaught() {
    for (int round = 0; round < N; round++) {
      for (int at = 2; at <= DEGREE; at++) {
        Ext2[][] rounds = honest.proof().rounds();
        rounds[round][at] = rounds[round][at].add(Ext2.ONE);
        SumcheckCheck expected = round == N - 1 ? SumcheckCheck.FINAL_EVALUATION : SumcheckCheck.ROUND_SUM;
        assertEquals(expected, rejection(honest.claimedSum(), new SumcheckProof(rounds)));
      }
    }
  }

  @Test
  void wrongFinalEvaluationIsRejected() throws Exception {
    SubClaim sub = SumcheckVerifier.reduce(N, DEGREE, honest.claimedSum(), honest.proof(), Fixtures.transcript());
    Ext2[] values = honest.finalEvaluations();
    values[1] = values[1].add(Ext2.ONE);
    VerificationException e = assertThrows(VerificationException.class, () -> sub.closeWithFactors(shape, values));
    assertEquals(SumcheckCheck.FINAL_EVALUATION, e.check());
    assertThrows(VerificationException.class, () -> sub.close(sub.expectedEvaluation().add(Ext2.ONE)));
  }

  @Test
  void missingOrExtraRoundIsRejected() {
    Ext2[][] rounds = honest.proof().rounds();
    assertEquals(SumcheckCheck.ROUND_COUNT,
        rejection(honest.claimedSum(), new SumcheckProof(Arrays.copyOf(rounds, N - 1))));
    Ext2[][] more = Arrays.copyOf(rounds, N + 1);
    more[N] = rounds[0];
    assertEquals(SumcheckCheck.ROUND_COUNT, rejection(honest.claimedSum(), new SumcheckProof(more)));
  }

  @Test
  void roundOfTheWrongDegreeIsRejected() {
    Ext2[][] rounds = honest.proof().rounds();
    rounds[2] = Arrays.copyOf(rounds[2], DEGREE + 2);
    rounds[2][DEGREE + 1] = Ext2.ZERO;
    assertEquals(SumcheckCheck.DEGREE, rejection(honest.claimedSum(), new SumcheckProof(rounds)));
    Ext2[][] shorter = honest.proof().rounds();
    shorter[3] = Arrays.copyOf(shorter[3], DEGREE);
    assertEquals(SumcheckCheck.DEGREE, rejection(honest.claimedSum(), new SumcheckProof(shorter)));
  }

  @Test
  void proofForOtherTablesIsRejected() {
    // a prover that changed one entry of one table proves a different sum
    long[] changed = inputs.get(0).valuesUnsafe().clone();
    changed[17] ^= 1;
    List<Mle> other = List.of(Mle.base(changed), inputs.get(1), inputs.get(2));
    SumcheckProver.Result cheat = SumcheckProver.prove(shape, other, Fixtures.transcript());
    assertEquals(SumcheckCheck.ROUND_SUM, rejection(honest.claimedSum(), cheat.proof()));
    // claiming its own sum, it is caught when the caller closes the claim with the true tables
    assertEquals(SumcheckCheck.FINAL_EVALUATION, rejection(cheat.claimedSum(), cheat.proof()));
  }

  @Test
  void serializationRoundTrips() throws Exception {
    BinaryWriter w = new BinaryWriter();
    honest.proof().write(w);
    byte[] bytes = w.toByteArray();
    assertEquals(honest.proof().sizeBytes(), bytes.length);
    BinaryReader r = new BinaryReader(bytes, "sum-check proof");
    SumcheckProof back = SumcheckProof.read(r);
    r.expectEnd();
    verify(honest.claimedSum(), back);
  }

  @Test
  void mutatedProofBytesAreNeverAccepted() {
    BinaryWriter w = new BinaryWriter();
    honest.proof().write(w);
    byte[] bytes = w.toByteArray();
    SplittableRandom rng = new SplittableRandom(99);
    int formatErrors = 0;
    int rejections = 0;
    for (int trial = 0; trial < 3000; trial++) {
      byte[] m = mutate(bytes, rng);
      try {
        BinaryReader r = new BinaryReader(m, "sum-check proof");
        SumcheckProof p = SumcheckProof.read(r);
        r.expectEnd();
        verify(honest.claimedSum(), p);
        if (!Arrays.equals(m, bytes)) {
          fail("mutation " + trial + " accepted");
        }
      } catch (ProofFormatException e) {
        formatErrors++;
      } catch (VerificationException e) {
        rejections++;
      }
    }
    assertEquals(3000, formatErrors + rejections);
  }

  /** A byte flip, a truncation or an insertion. */
  static byte[] mutate(byte[] bytes, SplittableRandom rng) {
    switch (rng.nextInt(3)) {
      case 0 -> {
        byte[] m = bytes.clone();
        m[rng.nextInt(m.length)] ^= (byte) (1 << rng.nextInt(8));
        return m;
      }
      case 1 -> {
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
