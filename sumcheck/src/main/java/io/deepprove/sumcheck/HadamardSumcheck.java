package io.deepprove.sumcheck;

import io.deepprove.core.codec.BinaryReader;
import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.core.field.Ext2;
import io.deepprove.core.poly.Eq;
import io.deepprove.core.transcript.Transcript;
import io.deepprove.core.verify.VerificationException;
import java.util.List;

/**
 * The element-wise product y = a ⊙ b of two tensors of one shape: ỹ(r) = Σ_x eq(r, x)·a(x)·b(x),
 * a degree-3 sum-check whose end leaves claims ã(ρ) and b̃(ρ); the verifier computes eq(r, ρ).
 */
public final class HadamardSumcheck {

  private HadamardSumcheck() {}

  public record Proof(SumcheckProof sumcheck, Ext2 leftEvaluation, Ext2 rightEvaluation) {
    public void write(BinaryWriter w) {
      sumcheck.write(w);
      w.writeExt(leftEvaluation);
      w.writeExt(rightEvaluation);
    }

    public static Proof read(BinaryReader r) throws ProofFormatException {
      return new Proof(SumcheckProof.read(r), r.readExt(), r.readExt());
    }
  }

  /** Claims left on ã and b̃ (both at the same point). */
  public record Claims(EvalClaim left, EvalClaim right) {}

  private static ProductShape shape(int n) {
    return ProductShape.product(n, 3); // eq · a · b
  }

  public static Proof prove(long[] a, long[] b, Ext2[] r, Ext2 claim, Transcript transcript) {
    if (a.length != b.length || a.length != 1 << r.length) {
      throw new IllegalArgumentException("factors and claim point do not match");
    }
    SumcheckProver.Result res =
        SumcheckProver.prove(shape(r.length), List.of(Mle.ext(Eq.table(r)), Mle.base(a), Mle.base(b)), transcript);
    if (!res.claimedSum().equals(claim)) {
      throw new IllegalArgumentException("claimed value is not ỹ(r) for y = a ⊙ b");
    }
    Ext2[] f = res.finalEvaluations();
    transcript.absorbExt("hadamard/evaluations", new Ext2[] {f[1], f[2]});
    return new Proof(res.proof(), f[1], f[2]);
  }

  public static Claims verify(Ext2[] r, Ext2 claim, Proof proof, Transcript transcript) throws VerificationException {
    SubClaim sub = SumcheckVerifier.reduce(r.length, 3, claim, proof.sumcheck(), transcript);
    Ext2[] rho = sub.point();
    sub.close(Eq.evaluate(r, rho).mul(proof.leftEvaluation()).mul(proof.rightEvaluation()));
    transcript.absorbExt("hadamard/evaluations", new Ext2[] {proof.leftEvaluation(), proof.rightEvaluation()});
    return new Claims(new EvalClaim(rho, proof.leftEvaluation()), new EvalClaim(rho, proof.rightEvaluation()));
  }
}
