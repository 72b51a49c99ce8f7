package io.deepprove.sumcheck;

import io.deepprove.core.codec.BinaryReader;
import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.parallel.Parallel;
import io.deepprove.core.poly.Eq;
import io.deepprove.core.transcript.Transcript;
import io.deepprove.core.verify.VerificationException;
import java.util.List;

/**
 * Merges k claims f̃(r_i) = v_i on one multilinear f into one claim: with α_i drawn after the
 * claims are absorbed, Σ_i α_i·v_i = Σ_x f(x)·g(x) for g(x) = Σ_i α_i·eq(r_i, x), and a
 * degree-2 sum-check leaves f̃(ρ) = u and g(ρ), which the verifier computes itself in O(k·n). A
 * wrong v_i survives only if the random combination cancels it (probability ≤ 1/|F_ext|) or the
 * sum-check fails to catch it (≤ 2n/|F_ext|).
 */
public final class ClaimMerge {

  private ClaimMerge() {}

  /** The prover's message: the sum-check over f·g and the value f̃(ρ). */
  public record Proof(SumcheckProof sumcheck, Ext2 evaluation) {
    public void write(BinaryWriter w) {
      sumcheck.write(w);
      w.writeExt(evaluation);
    }

    public static Proof read(BinaryReader r) throws ProofFormatException {
      return new Proof(SumcheckProof.read(r), r.readExt());
    }
  }

  /** Proves the merge of {@code claims} on {@code f}; returns the proof and the merged claim. */
  public static Merged prove(Mle f, List<EvalClaim> claims, Transcript transcript) {
    return prove(f, claims, transcript, Parallel.defaultThreads());
  }

  /** The proof together with the single claim it leaves. */
  public record Merged(Proof proof, EvalClaim claim) {}

  public static Merged prove(Mle f, List<EvalClaim> claims, Transcript transcript, int threads) {
    int n = f.numVars();
    checkClaims(n, claims);
    Ext2[] alpha = absorbAndDrawCoefficients(claims, transcript);
    long[] g = new long[2 << n];
    for (int i = 0; i < claims.size(); i++) {
      long[] eq = Eq.table(claims.get(i).point());
      long a0 = alpha[i].c0();
      long a1 = alpha[i].c1();
      long[] tmp = new long[2];
      for (int x = 0; x < (1 << n); x++) {
        Ext2.mulInto(a0, a1, eq[2 * x], eq[2 * x + 1], tmp, 0);
        g[2 * x] = Goldilocks.add(g[2 * x], tmp[0]);
        g[2 * x + 1] = Goldilocks.add(g[2 * x + 1], tmp[1]);
      }
    }
    SumcheckProver.Result r =
        SumcheckProver.prove(ProductShape.product(n, 2), List.of(f, Mle.ext(g)), transcript, threads);
    Ext2 expected = combination(claims, alpha);
    if (!r.claimedSum().equals(expected)) {
      throw new IllegalArgumentException("a merged claim is not f's value at its point");
    }
    Ext2 u = r.finalEvaluations()[0];
    transcript.absorbExt("merge/evaluation", u);
    return new Merged(new Proof(r.proof(), u), new EvalClaim(r.point(), u));
  }

  /** Checks the merge proof; returns the one claim f̃(ρ) = u the caller must still prove. */
  public static EvalClaim verify(int numVars, List<EvalClaim> claims, Proof proof, Transcript transcript)
      throws VerificationException {
    checkClaims(numVars, claims);
    Ext2[] alpha = absorbAndDrawCoefficients(claims, transcript);
    SubClaim sub = SumcheckVerifier.reduce(numVars, 2, combination(claims, alpha), proof.sumcheck(), transcript);
    Ext2[] rho = sub.point();
    Ext2 g = Ext2.ZERO;
    for (int i = 0; i < claims.size(); i++) {
      g = g.add(alpha[i].mul(Eq.evaluate(claims.get(i).point(), rho)));
    }
    sub.close(proof.evaluation().mul(g));
    transcript.absorbExt("merge/evaluation", proof.evaluation());
    return new EvalClaim(rho, proof.evaluation());
  }

  private static void checkClaims(int n, List<EvalClaim> claims) {
    if (claims.isEmpty()) {
      throw new IllegalArgumentException("nothing to merge");
    }
    for (EvalClaim c : claims) {
      if (c.numVars() != n) {
        throw new IllegalArgumentException("claim on " + c.numVars() + " variables, polynomial has " + n);
      }
    }
  }

  private static Ext2[] absorbAndDrawCoefficients(List<EvalClaim> claims, Transcript t) {
    t.absorbBase("merge/count", claims.size());
    for (EvalClaim c : claims) {
      t.absorbExt("merge/point", c.point());
      t.absorbExt("merge/value", c.value());
    }
    Ext2[] alpha = new Ext2[claims.size()];
    alpha[0] = Ext2.ONE; // one coefficient can be fixed without loss of soundness
    for (int i = 1; i < alpha.length; i++) {
      alpha[i] = t.challengeExt("merge/alpha");
    }
    return alpha;
  }

  private static Ext2 combination(List<EvalClaim> claims, Ext2[] alpha) {
    Ext2 s = Ext2.ZERO;
    for (int i = 0; i < claims.size(); i++) {
      s = s.add(alpha[i].mul(claims.get(i).value()));
    }
    return s;
  }
}
