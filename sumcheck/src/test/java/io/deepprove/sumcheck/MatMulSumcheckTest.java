package io.deepprove.sumcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deepprove.core.codec.BinaryReader;
import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.poly.Multilinear;
import io.deepprove.core.transcript.Transcript;
import io.deepprove.core.verify.VerificationException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MatMulSumcheckTest {

  /** Small signed integers, as int8 weights and activations are embedded. */
  private static long[] int8Matrix(SplittableRandom rng, int len) {
    long[] m = new long[len];
    for (int i = 0; i < len; i++) {
      m[i] = Goldilocks.fromSigned(rng.nextInt(256) - 128);
    }
    return m;
  }

  private static long[] multiply(long[] a, long[] x, MatMulSumcheck.Dims d) {
    int rows = 1 << d.rowVars(), inner = 1 << d.innerVars(), cols = 1 << d.colVars();
    long[] y = new long[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int k = 0; k < cols; k++) {
        long s = 0;
        for (int j = 0; j < inner; j++) {
          s = Goldilocks.add(s, Goldilocks.mul(a[i * inner + j], x[j * cols + k]));
        }
        y[i * cols + k] = s;
      }
    }
    return y;
  }

  @Test
  void claimsOnTheFactorsAreTheirTrueValues() throws Exception {
    int[][] dims = {{0, 0, 0}, {3, 0, 0}, {0, 4, 0}, {4, 5, 0}, {3, 4, 2}, {6, 7, 1}, {2, 10, 0}};
    for (int[] dd : dims) {
      SplittableRandom rng = new SplittableRandom(dd[0] * 100 + dd[1] * 10 + dd[2]);
      MatMulSumcheck.Dims d = new MatMulSumcheck.Dims(dd[0], dd[1], dd[2]);
      long[] a = int8Matrix(rng, 1 << (dd[0] + dd[1]));
      long[] x = int8Matrix(rng, 1 << (dd[1] + dd[2]));
      long[] y = multiply(a, x, d);
      Ext2[] rRow = Fixtures.randomPoint(rng, dd[0]);
      Ext2[] rCol = Fixtures.randomPoint(rng, dd[2]);
      Ext2 claim = Multilinear.evaluateBase(y, MatMulSumcheck.concat(rRow, rCol));
      Transcript pt = Fixtures.transcript();
      MatMulSumcheck.Proof proof = MatMulSumcheck.prove(d, a, x, rRow, rCol, claim, pt);
      Transcript vt = Fixtures.transcript();
      MatMulSumcheck.Claims c = MatMulSumcheck.verify(d, rRow, rCol, claim, proof, vt);
      assertEquals(Multilinear.evaluateBase(a, c.left().point()), c.left().value());
      assertEquals(Multilinear.evaluateBase(x, c.right().point()), c.right().value());
      assertEquals(pt.challengeExt("next"), vt.challengeExt("next"));
    }
  }

  @Test
  void wrongOutputClaimIsRejected() {
    SplittableRandom rng = new SplittableRandom(1);
    MatMulSumcheck.Dims d = new MatMulSumcheck.Dims(4, 5, 0);
    long[] a = int8Matrix(rng, 1 << 9);
    long[] x = int8Matrix(rng, 1 << 5);
    long[] y = multiply(a, x, d);
    Ext2[] r = Fixtures.randomPoint(rng, 4);
    Ext2 claim = Multilinear.evaluateBase(y, r);
    // the honest prover refuses a wrong claim
    assertThrows(IllegalArgumentException.class,
        () -> MatMulSumcheck.prove(d, a, x, r, new Ext2[0], claim.add(Ext2.ONE), Fixtures.transcript()));
    // and an honest proof does not verify against another claim
    MatMulSumcheck.Proof proof = MatMulSumcheck.prove(d, a, x, r, new Ext2[0], claim, Fixtures.transcript());
    VerificationException e = assertThrows(VerificationException.class,
        () -> MatMulSumcheck.verify(d, r, new Ext2[0], claim.add(Ext2.ONE), proof, Fixtures.transcript()));
    assertEquals(SumcheckCheck.ROUND_SUM, e.check());
  }

  @Test
  void wrongFactorEvaluationsAreRejected() {
    SplittableRandom rng = new SplittableRandom(2);
    MatMulSumcheck.Dims d = new MatMulSumcheck.Dims(3, 4, 1);
    long[] a = int8Matrix(rng, 1 << 7);
    long[] x = int8Matrix(rng, 1 << 5);
    Ext2[] rRow = Fixtures.randomPoint(rng, 3);
    Ext2[] rCol = Fixtures.randomPoint(rng, 1);
    Ext2 claim = Multilinear.evaluateBase(multiply(a, x, d), MatMulSumcheck.concat(rRow, rCol));
    MatMulSumcheck.Proof p = MatMulSumcheck.prove(d, a, x, rRow, rCol, claim, Fixtures.transcript());
    for (MatMulSumcheck.Proof bad : new MatMulSumcheck.Proof[] {
        new MatMulSumcheck.Proof(p.sumcheck(), p.leftEvaluation().add(Ext2.ONE), p.rightEvaluation()),
        new MatMulSumcheck.Proof(p.sumcheck(), p.leftEvaluation(), p.rightEvaluation().add(Ext2.ONE))}) {
      VerificationException e = assertThrows(VerificationException.class,
          () -> MatMulSumcheck.verify(d, rRow, rCol, claim, bad, Fixtures.transcript()));
      assertEquals(SumcheckCheck.FINAL_EVALUATION, e.check());
    }
  }

  @Test
  void changedWeightIsCaughtByTheCallersOpening() throws Exception {
    // the prover proves with a changed A; the verifier's claim on A then disagrees with the real A
    SplittableRandom rng = new SplittableRandom(3);
    MatMulSumcheck.Dims d = new MatMulSumcheck.Dims(2, 3, 0);
    long[] a = int8Matrix(rng, 1 << 5);
    long[] x = int8Matrix(rng, 1 << 3);
    long[] aCheat = a.clone();
    aCheat[7] = Goldilocks.add(aCheat[7], 1);
    Ext2[] r = Fixtures.randomPoint(rng, 2);
    Ext2 claim = Multilinear.evaluateBase(multiply(aCheat, x, d), r);
    MatMulSumcheck.Proof p = MatMulSumcheck.prove(d, aCheat, x, r, new Ext2[0], claim, Fixtures.transcript());
    MatMulSumcheck.Claims c = MatMulSumcheck.verify(d, r, new Ext2[0], claim, p, Fixtures.transcript());
    assertEquals(false, Multilinear.evaluateBase(a, c.left().point()).equals(c.left().value()));
  }

  @Test
  void proofSerializationRoundTripsAndThreadsAgree() throws Exception {
    SplittableRandom rng = new SplittableRandom(4);
    MatMulSumcheck.Dims d = new MatMulSumcheck.Dims(5, 14, 0);
    long[] a = int8Matrix(rng, 1 << 19);
    long[] x = int8Matrix(rng, 1 << 14);
    Ext2[] r = Fixtures.randomPoint(rng, 5);
    Ext2 claim = Multilinear.evaluateBase(multiply(a, x, d), r);
    MatMulSumcheck.Proof one = MatMulSumcheck.prove(d, a, x, r, new Ext2[0], claim, Fixtures.transcript(), 1);
    MatMulSumcheck.Proof two = MatMulSumcheck.prove(d, a, x, r, new Ext2[0], claim, Fixtures.transcript(), 2);
    BinaryWriter w1 = new BinaryWriter();
    one.write(w1);
    BinaryWriter w2 = new BinaryWriter();
    two.write(w2);
    assertArrayEquals(w1.toByteArray(), w2.toByteArray());
    BinaryReader rd = new BinaryReader(w1.toByteArray(), "matmul proof");
    MatMulSumcheck.Proof back = MatMulSumcheck.Proof.read(rd);
    rd.expectEnd();
    MatMulSumcheck.verify(d, r, new Ext2[0], claim, back, Fixtures.transcript());
  }
}
