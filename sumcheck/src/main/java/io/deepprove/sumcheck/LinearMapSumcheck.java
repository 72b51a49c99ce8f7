package io.deepprove.sumcheck;

import io.deepprove.core.codec.BinaryReader;
import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.core.field.Ext2;
import io.deepprove.core.transcript.Transcript;
import io.deepprove.core.verify.VerificationException;
import java.util.List;

/**
 * Reduces a claim ỹ(r) = v on the output of a public linear map y = M·x to a claim on x̃:
 * v = Σ_i M̃(r, i)·x̃(i) is a degree-2 sum-check over the input's variables, after which the
 * verifier computes M̃(r, ρ) = Σ_{(o,i,c)∈M} c·eq(r, o)·eq(ρ, i) itself in O(nnz + |y| + |x|)
 * and is left with x̃(ρ). Pooling sums, padding, slicing, gathering and im2col go through here.
 */
public final class LinearMapSumcheck {

  private LinearMapSumcheck() {}

  /** The sum-check and the value x̃(ρ) the prover sends. */
  public record Proof(SumcheckProof sumcheck, Ext2 inputEvaluation) {
    public void write(BinaryWriter w) {
      sumcheck.write(w);
      w.writeExt(inputEvaluation);
    }

    public static Proof read(BinaryReader r) throws ProofFormatException {
      return new Proof(SumcheckProof.read(r), r.readExt());
    }
  }

  /** The proof and the claim on x̃ it leaves (the prover's view). */
  public record Reduced(Proof proof, EvalClaim inputClaim) {}

  public static Reduced prove(SparseLinearMap map, long[] x, Ext2[] r, Ext2 claim, Transcript transcript) {
    if (r.length != map.outVars()) {
      throw new IllegalArgumentException("claim point has " + r.length + " variables, map output " + map.outVars());
    }
    long[] m = map.bindOutputs(r);
    SumcheckProver.Result res =
        SumcheckProver.prove(ProductShape.product(map.inVars(), 2), List.of(Mle.ext(m), Mle.base(x)), transcript);
    if (!res.claimedSum().equals(claim)) {
      throw new IllegalArgumentException("claimed value is not ỹ(r) for y = M·x");
    }
    Ext2 u = res.finalEvaluations()[1];
    transcript.absorbExt("linear/evaluation", u);
    return new Reduced(new Proof(res.proof(), u), new EvalClaim(res.point(), u));
  }

  /**
   * The verifier's access to M̃: its dimensions and its value at (r, ρ). A map the verifier holds
   * entry by entry is one ({@link SparseLinearMap#evaluate}); a map with structure (the same map
   * repeated down a diagonal) can evaluate faster than its entries can be listed.
   */
  public interface MapEvaluation {
    int outVars();

    int inVars();

    /** M̃(r, ρ) for r over the output's variables and ρ over the input's. */
    Ext2 at(Ext2[] r, Ext2[] rho);
  }

  /** Checks the reduction and returns the claim x̃(ρ) = u the caller must still prove. */
  public static EvalClaim verify(SparseLinearMap map, Ext2[] r, Ext2 claim, Proof proof, Transcript transcript)
      throws VerificationException {
    return verify((MapEvaluation) map, r, claim, proof, transcript);
  }

  /** {@link #verify(SparseLinearMap, Ext2[], Ext2, Proof, Transcript)} for a map given by its evaluation. */
  public static EvalClaim verify(MapEvaluation map, Ext2[] r, Ext2 claim, Proof proof, Transcript transcript)
      throws VerificationException {
    if (r.length != map.outVars()) {
      throw new IllegalArgumentException("claim point has " + r.length + " variables, map output " + map.outVars());
    }
    SubClaim sub = SumcheckVerifier.reduce(map.inVars(), 2, claim, proof.sumcheck(), transcript);
    Ext2[] rho = sub.point();
    sub.close(map.at(r, rho).mul(proof.inputEvaluation()));
    transcript.absorbExt("linear/evaluation", proof.inputEvaluation());
    return new EvalClaim(rho, proof.inputEvaluation());
  }
}
