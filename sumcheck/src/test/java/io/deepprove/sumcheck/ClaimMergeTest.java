package io.deepprove.sumcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deepprove.core.codec.BinaryReader;
import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.core.field.Ext2;
import io.deepprove.core.transcript.Transcript;
import io.deepprove.core.verify.VerificationException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClaimMergeTest {

  private static List<EvalClaim> trueClaims(Mle f, int k, SplittableRandom rng) {
    List<EvalClaim> claims = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      Ext2[] p = Fixtures.randomPoint(rng, f.numVars());
      claims.add(new EvalClaim(p, Fixtures.evaluate(f, p)));
    }
    return claims;
  }

  @Test
  void mergedClaimIsTheTrueValue() throws Exception {
    for (int n : new int[] {0, 1, 5, 10}) {
      for (int k : new int[] {1, 2, 7}) {
        for (boolean ext : new boolean[] {false, true}) {
          SplittableRandom rng = new SplittableRandom(n * 100 + k * 2 + (ext ? 1 : 0));
          Mle f = Fixtures.randomMle(rng, n, ext);
          List<EvalClaim> claims = trueClaims(f, k, rng);
          Transcript pt = Fixtures.transcript();
          ClaimMerge.Merged m = ClaimMerge.prove(f, claims, pt);
          Transcript vt = Fixtures.transcript();
          EvalClaim merged = ClaimMerge.verify(n, claims, m.proof(), vt);
          assertEquals(m.claim().value(), merged.value());
          assertEquals(Fixtures.evaluate(f, merged.point()), merged.value());
          assertEquals(pt.challengeExt("next"), vt.challengeExt("next"));
        }
      }
    }
  }

  @Test
  void oneWrongClaimIsRejected() {
    SplittableRandom rng = new SplittableRandom(8);
    Mle f = Fixtures.randomMle(rng, 6, false);
    List<EvalClaim> claims = trueClaims(f, 4, rng);
    ClaimMerge.Merged m = ClaimMerge.prove(f, claims, Fixtures.transcript());
    for (int i = 0; i < 4; i++) {
      List<EvalClaim> wrong = new ArrayList<>(claims);
      wrong.set(i, new EvalClaim(claims.get(i).point(), claims.get(i).value().add(Ext2.ONE)));
      assertThrows(IllegalArgumentException.class, () -> ClaimMerge.prove(f, wrong, Fixtures.transcript()));
      VerificationException e =
          assertThrows(VerificationException.class, () -> ClaimMerge.verify(6, wrong, m.proof(), Fixtures.transcript()));
      assertEquals(SumcheckCheck.ROUND_SUM, e.check());
    }
  }

  @Test
  void wrongMergedEvaluationIsRejected() throws Exception {
    SplittableRandom rng = new SplittableRandom(9);
    Mle f = Fixtures.randomMle(rng, 5, true);
    List<EvalClaim> claims = trueClaims(f, 3, rng);
    ClaimMerge.Merged m = ClaimMerge.prove(f, claims, Fixtures.transcript());
    ClaimMerge.Proof bad = new ClaimMerge.Proof(m.proof().sumcheck(), m.proof().evaluation().add(Ext2.ONE));
    VerificationException e =
        assertThrows(VerificationException.class, () -> ClaimMerge.verify(5, claims, bad, Fixtures.transcript()));
    assertEquals(SumcheckCheck.FINAL_EVALUATION, e.check());
    BinaryWriter w = new BinaryWriter();
    m.proof().write(w);
    BinaryReader r = new BinaryReader(w.toByteArray(), "merge proof");
    ClaimMerge.Proof back = ClaimMerge.Proof.read(r);
    r.expectEnd();
    ClaimMerge.verify(5, claims, back, Fixtures.transcript());
  }
}
