package io.deepprove.lookup;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.poly.Eq;
import io.deepprove.core.transcript.Transcript;
import io.deepprove.core.verify.VerificationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The LogUp-GKR verifier; mirrors {@link LogUpProver} message by message. */
final class LogUpVerifier {

  private LogUpVerifier() {}

  static LookupClaims verify(LookupStatement st, LogUpProof proof, Transcript t)
      throws VerificationException {
    checkShape(st, proof);
    st.absorb(t);
    Ext2 beta = t.challengeExt("logup/beta");
    Ext2 alpha = t.challengeExt("logup/alpha");

    int count = st.instanceCount();
    int maxVars = st.maxVars();
    Ext2[] claimP = new Ext2[count];
    Ext2[] claimQ = new Ext2[count];
    Ext2[][] leafPoint = new Ext2[count][];
    Ext2[] point = new Ext2[0];

    for (int d = 1; d <= maxVars; d++) {
      int[] active = st.activeAt(d);
      Ext2[] rho;
      Ext2 lambda = null;
      Ext2 claim = null;
      if (d == 1) {
        rho = new Ext2[0];
      } else {
        lambda = t.challengeExt("logup/lambda");
        Ext2 lambda2 = lambda.square();
        Ext2 c = Ext2.ONE;
        claim = Ext2.ZERO;
        for (int k : active) {
          claim = claim.add(c.mul(claimP[k].add(lambda.mul(claimQ[k]))));
          c = c.mul(lambda2);
        }
        rho = new Ext2[d - 1];
        for (int j = 0; j < d - 1; j++) {
          Ext2[] s = proof.rounds[d - 2][j];
          t.absorbExt("logup/round", s);
          if (!s[0].add(s[1]).equals(claim)) {
            throw new VerificationException(LogUpCheck.ROUND_SUM, "depth " + d + " round " + j);
          }
          rho[j] = t.challengeExt("logup/rho");
          claim = Interpolation.cubic(s, rho[j]);
        }
      }
      Ext2[][] children = proof.layers[d - 1];
      for (Ext2[] v : children) {
        t.absorbExt("logup/children", v);
      }
      if (d == 1) {
        checkRoots(st, active, children);
      } else {
        Ext2 lambda2 = lambda.square();
        Ext2 c = Ext2.ONE;
        Ext2 sum = Ext2.ZERO;
        for (Ext2[] v : children) {
          Ext2 f = v[0].mul(v[3]).add(v[1].mul(v[2])).add(lambda.mul(v[2].mul(v[3])));
          sum = sum.add(c.mul(f));
          c = c.mul(lambda2);
        }
        if (!Eq.evaluate(point, rho).mul(sum).equals(claim)) {
          throw new VerificationException(LogUpCheck.LAYER_CLAIM, "depth " + d);
        }
      }
      Ext2 mu = t.challengeExt("logup/mu");
      point = Arrays.copyOf(rho, d);
      point[d - 1] = mu;
      for (int i = 0; i < active.length; i++) {
        int k = active[i];
        Ext2[] v = children[i];
        claimP[k] = v[0].add(mu.mul(v[1].sub(v[0])));
        claimQ[k] = v[2].add(mu.mul(v[3].sub(v[2])));
        if (st.instanceVars(k) == d) {
          leafPoint[k] = point.clone();
        }
      }
    }

    List<ColumnClaim> claims = new ArrayList<>();
    int lookups = st.lookups().size();
    for (int k = 0; k < lookups; k++) {
      Ext2[] e = proof.lookupEvals[k];
      t.absorbExt("logup/lookup-evals", e);
      LookupStatement.Lookup l = st.lookups().get(k);
      Ext2 s = StructuredMle.prefixIndicator(l.length(), leafPoint[k]);
      if (!claimP[k].equals(s)) {
        throw new VerificationException(LogUpCheck.WITNESS_NUMERATOR, "lookup " + k);
      }
      Ext2 combined = e.length == 2 ? e[0].add(beta.mul(e[1])) : e[0];
      Ext2 expected = alpha.mul(s).add(Ext2.ONE).sub(s).sub(combined);
      if (!claimQ[k].equals(expected)) {
        throw new VerificationException(LogUpCheck.WITNESS_DENOMINATOR, "lookup " + k);
      }
      claims.add(new ColumnClaim(ColumnRef.input(k), leafPoint[k], e[0]));
      if (e.length == 2) {
        claims.add(new ColumnClaim(ColumnRef.output(k), leafPoint[k], e[1]));
      }
    }
    t.absorbExt("logup/multiplicity-evals", proof.multiplicityEvals);
    for (int tb = 0; tb < st.tables().size(); tb++) {
      int k = lookups + tb;
      Ext2 m = proof.multiplicityEvals[tb];
      if (!claimP[k].equals(m.neg())) {
        throw new VerificationException(LogUpCheck.TABLE_NUMERATOR, "table " + tb);
      }
      Table table = st.tables().get(tb);
      Ext2 tv = table.evaluateInput(leafPoint[k]).add(beta.mul(table.evaluateOutput(leafPoint[k])));
      if (!claimQ[k].equals(alpha.sub(tv))) {
        throw new VerificationException(LogUpCheck.TABLE_DENOMINATOR, "table " + tb + " " + table);
      }
      claims.add(new ColumnClaim(ColumnRef.multiplicity(tb), leafPoint[k], m));
    }
    return new LookupClaims(claims);
  }

  /** Root fraction of each instance: p = p0·q1 + p1·q0, q = q0·q1; per table Σ p/q = 0. */
  private static void checkRoots(LookupStatement st, int[] active, Ext2[][] children)
      throws VerificationException {
    int tables = st.tables().size();
    Ext2[] num = new Ext2[tables];
    Ext2[] den = new Ext2[tables];
    Arrays.fill(num, Ext2.ZERO);
    Arrays.fill(den, Ext2.ONE);
    for (int i = 0; i < active.length; i++) {
      Ext2[] v = children[i];
      Ext2 p = v[0].mul(v[3]).add(v[1].mul(v[2]));
      Ext2 q = v[2].mul(v[3]);
      if (q.isZero()) {
        throw new VerificationException(LogUpCheck.ROOT_DENOMINATOR, "instance " + active[i]);
      }
      int tb = st.instanceTable(active[i]);
      // num/den + p/q = (num·q + p·den)/(den·q); den stays non-zero
      num[tb] = num[tb].mul(q).add(p.mul(den[tb]));
      den[tb] = den[tb].mul(q);
    }
    for (int tb = 0; tb < tables; tb++) {
      if (!num[tb].isZero()) {
        throw new VerificationException(LogUpCheck.FRACTION_SUM, "table " + tb + " " + st.tables().get(tb));
      }
    }
  }

  private static void checkShape(LookupStatement st, LogUpProof proof) throws VerificationException {
    int maxVars = st.maxVars();
    boolean ok = proof.layers != null && proof.layers.length == maxVars
        && proof.rounds != null && proof.rounds.length == Math.max(0, maxVars - 1)
        && proof.lookupEvals != null && proof.lookupEvals.length == st.lookups().size()
        && proof.multiplicityEvals != null && proof.multiplicityEvals.length == st.tables().size();
    for (int d = 1; ok && d <= maxVars; d++) {
      Ext2[][] layer = proof.layers[d - 1];
      ok = layer != null && layer.length == st.activeAt(d).length && allOf(layer, 4);
      if (ok && d >= 2) {
        Ext2[][] r = proof.rounds[d - 2];
        ok = r != null && r.length == d - 1 && allOf(r, 4);
      }
    }
    for (int k = 0; ok && k < st.lookups().size(); k++) {
      boolean pair = st.tables().get(st.lookups().get(k).table()).hasOutput();
      Ext2[] e = proof.lookupEvals[k];
      ok = e != null && e.length == (pair ? 2 : 1) && noNull(e);
    }
    ok = ok && noNull(proof.multiplicityEvals);
    if (!ok) {
      throw new VerificationException(LogUpCheck.PROOF_SHAPE, "");
    }
  }

  private static boolean allOf(Ext2[][] xs, int len) {
    for (Ext2[] x : xs) {
      if (x == null || x.length != len || !noNull(x)) {
        return false;
      }
    }
    return true;
  }

  private static boolean noNull(Ext2[] xs) {
    for (Ext2 x : xs) {
      if (x == null) {
        return false;
      }
    }
    return true;
  }
}
