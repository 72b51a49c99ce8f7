package io.deepprove.sumcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.poly.Multilinear;
import io.deepprove.core.transcript.Transcript;
import io.deepprove.core.verify.VerificationException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearMapSumcheckTest {

  /** 2×2 sum pooling of a 8×8 image into 4×4 (a map with 4 ones per output). */
  private static SparseLinearMap sumPool() {
    SparseLinearMap.Builder b = SparseLinearMap.builder(4, 6);
    for (int oy = 0; oy < 4; oy++) {
      for (int ox = 0; ox < 4; ox++) {
        for (int k = 0; k < 4; k++) {
          b.select(oy * 4 + ox, (2 * oy + k / 2) * 8 + 2 * ox + k % 2);
        }
      }
    }
    return b.build();
  }

  @Test
  void applyMatchesTheDefinitionAndEntriesAddUp() {
    SparseLinearMap m = SparseLinearMap.builder(1, 2).add(1, 3, 5).add(0, 0, 2).add(1, 3, 1).build();
    long[] y = m.apply(new long[] {10, 0, 0, 7});
    assertArrayEquals(new long[] {20, 42}, y);
    assertEquals(3, m.nonZeros());
  }

  @Test
  void theMapsValueAtAPointIsItsDefinition() {
    // M̃(r, ρ) = Σ_(o,i,c) c·eq(r, o)·eq(ρ, i), for odd and even output sizes and coefficients ≠ 1
    SplittableRandom rng = new SplittableRandom(9);
    for (int outVars : new int[] {0, 1, 2, 5, 8}) {
      for (int inVars : new int[] {0, 3, 6}) {
        SparseLinearMap.Builder b = SparseLinearMap.builder(outVars, inVars);
        java.util.List<long[]> entries = new java.util.ArrayList<>();
        for (int e = 0; e < 40; e++) {
          long[] entry = {rng.nextInt(1 << outVars), rng.nextInt(1 << inVars), rng.nextInt(3) == 0
              ? Goldilocks.random(rng) : 1};
          entries.add(entry);
          b.add((int) entry[0], (int) entry[1], entry[2]);
        }
        SparseLinearMap m = b.build();
        Ext2[] r = Fixtures.randomPoint(rng, outVars);
        Ext2[] rho = Fixtures.randomPoint(rng, inVars);
        Ext2 expected = Ext2.ZERO;
        for (long[] entry : entries) {
          expected = expected.add(eqAt(r, (int) entry[0]).mul(eqAt(rho, (int) entry[1])).mulBase(entry[2]));
        }
        assertEquals(expected, m.at(r, rho), outVars + " × " + inVars);
      }
    }
  }

  /** eq(r, bits of i), most significant bit first. */
  private static Ext2 eqAt(Ext2[] r, int i) {
    Ext2 e = Ext2.ONE;
    for (int k = 0; k < r.length; k++) {
      boolean bit = ((i >>> (r.length - 1 - k)) & 1) == 1;
      e = e.mul(bit ? r[k] : Ext2.ONE.sub(r[k]));
    }
    return e;
  }

  @Test
  void claimOnThePooledOutputBecomesTheInputsTrueValue() throws Exception {
    SplittableRandom rng = new SplittableRandom(1);
    SparseLinearMap pool = sumPool();
    long[] x = new long[64];
    for (int i = 0; i < 64; i++) {
      x[i] = Goldilocks.fromSigned(rng.nextInt(256) - 128);
    }
    long[] y = pool.apply(x);
    Ext2[] r = Fixtures.randomPoint(rng, 4);
    Ext2 v = Multilinear.evaluateBase(y, r);
    Transcript pt = Fixtures.transcript();
    LinearMapSumcheck.Reduced red = LinearMapSumcheck.prove(pool, x, r, v, pt);
    Transcript vt = Fixtures.transcript();
    EvalClaim c = LinearMapSumcheck.verify(pool, r, v, red.proof(), vt);
    assertEquals(Multilinear.evaluateBase(x, c.point()), c.value());
    assertEquals(pt.challengeExt("next"), vt.challengeExt("next"));
  }

  @Test
  void wrongOutputOrInputValueIsRejected() {
    SplittableRandom rng = new SplittableRandom(2);
    SparseLinearMap pool = sumPool();
    long[] x = new long[64];
    for (int i = 0; i < 64; i++) {
      x[i] = Goldilocks.fromSigned(rng.nextInt(256) - 128);
    }
    Ext2[] r = Fixtures.randomPoint(rng, 4);
    Ext2 v = Multilinear.evaluateBase(pool.apply(x), r);
    LinearMapSumcheck.Proof p = LinearMapSumcheck.prove(pool, x, r, v, Fixtures.transcript()).proof();
    VerificationException e = assertThrows(VerificationException.class,
        () -> LinearMapSumcheck.verify(pool, r, v.add(Ext2.ONE), p, Fixtures.transcript()));
    assertEquals(SumcheckCheck.ROUND_SUM, e.check());
    LinearMapSumcheck.Proof bad = new LinearMapSumcheck.Proof(p.sumcheck(), p.inputEvaluation().add(Ext2.ONE));
    e = assertThrows(VerificationException.class, () -> LinearMapSumcheck.verify(pool, r, v, bad, Fixtures.transcript()));
    assertEquals(SumcheckCheck.FINAL_EVALUATION, e.check());
    assertThrows(IllegalArgumentException.class,
        () -> LinearMapSumcheck.prove(pool, x, r, v.add(Ext2.ONE), Fixtures.transcript()));
  }

  @Test
  void hadamardClaimsAreTheFactorsTrueValues() throws Exception {
    SplittableRandom rng = new SplittableRandom(3);
    for (int n : new int[] {0, 1, 6}) {
      long[] a = Fixtures.randomBase(rng, 1 << n);
      long[] b = Fixtures.randomBase(rng, 1 << n);
      long[] y = new long[1 << n];
      for (int i = 0; i < y.length; i++) {
        y[i] = Goldilocks.mul(a[i], b[i]);
      }
      Ext2[] r = Fixtures.randomPoint(rng, n);
      Ext2 v = Multilinear.evaluateBase(y, r);
      HadamardSumcheck.Proof p = HadamardSumcheck.prove(a, b, r, v, Fixtures.transcript());
      HadamardSumcheck.Claims c = HadamardSumcheck.verify(r, v, p, Fixtures.transcript());
      assertEquals(Multilinear.evaluateBase(a, c.left().point()), c.left().value());
      assertEquals(Multilinear.evaluateBase(b, c.right().point()), c.right().value());
      HadamardSumcheck.Proof bad = new HadamardSumcheck.Proof(p.sumcheck(), p.leftEvaluation().add(Ext2.ONE), p.rightEvaluation());
      if (n > 0) {
        VerificationException e =
            assertThrows(VerificationException.class, () -> HadamardSumcheck.verify(r, v, bad, Fixtures.transcript()));
        assertEquals(SumcheckCheck.FINAL_EVALUATION, e.check());
      }
    }
  }
}
