package io.deepprove.sumcheck;

import io.deepprove.core.codec.BinaryReader;
import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.core.field.Ext2;
import io.deepprove.core.parallel.Parallel;
import io.deepprove.core.poly.Eq;
import io.deepprove.core.transcript.Transcript;
import io.deepprove.core.verify.VerificationException;
import java.util.List;

/**
 * The matrix-product reduction (Thaler, "Time-optimal interactive proofs for circuit evaluation",
 * §3; the GKR-style chaining of ARCHITECTURE.md): for Y = A·X with A of 2^a × 2^c and X of
 * 2^c × 2^b (all row-major, big-endian variables: Y's index is (row, column)), a claim
 * Ỹ(r_row, r_col) = v becomes, after a degree-2 sum-check over the 2^c inner index j of
 *
 * <pre>  v = Σ_j Ã(r_row, j) · X̃(j, r_col),</pre>
 *
 * the two claims Ã(r_row, ρ) and X̃(ρ, r_col) at the sum-check's point ρ. A vector is a matrix
 * with one column (b = 0). The prover's work is one pass over A and X plus a sum-check over 2^c
 * points; neither matrix is ever evaluated as a whole by the verifier.
 */
public final class MatMulSumcheck {

  private MatMulSumcheck() {}

  /** Dimensions in variables: A is 2^rowVars × 2^innerVars, X is 2^innerVars × 2^colVars. */
  public record Dims(int rowVars, int innerVars, int colVars) {
    public Dims {
      if (rowVars < 0 || innerVars < 0 || colVars < 0 || rowVars + innerVars > 30 || innerVars + colVars > 30) {
        throw new IllegalArgumentException("matrix dimensions out of range: " + rowVars + ", " + innerVars + ", " + colVars);
      }
    }

    int rows() {
      return 1 << rowVars;
    }

    int inner() {
      return 1 << innerVars;
    }

    int cols() {
      return 1 << colVars;
    }
  }

  /** The prover's output: the proof and the two evaluations it sends (Ã(r_row, ρ), X̃(ρ, r_col)). */
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

  /** What the verifier is left with: claims on Ã and on X̃, which the caller must prove. */
  public record Claims(EvalClaim left, EvalClaim right) {}

  /**
   * Proves Ỹ(rRow ‖ rCol) = claim for Y = A·X, A and X given as canonical base-field matrices.
   * The caller's claim is absorbed by the sum-check; a claim that is not Ỹ's value fails here with
   * {@link IllegalArgumentException}.
   */
  public static Proof prove(
      Dims dims, long[] a, long[] x, Ext2[] rRow, Ext2[] rCol, Ext2 claim, Transcript transcript) {
    return prove(dims, a, x, rRow, rCol, claim, transcript, Parallel.defaultThreads());
  }

  public static Proof prove(
      Dims dims, long[] a, long[] x, Ext2[] rRow, Ext2[] rCol, Ext2 claim, Transcript transcript, int threads) {
    return reduce(dims, a, x, rRow, rCol, claim, transcript, threads).proof();
  }

  /** The proof together with the claims it leaves (the prover's view of {@link #verify}'s result). */
  public record Reduced(Proof proof, Claims claims) {}

  /** Like {@link #prove}, also returning the claims on Ã and X̃ the proof leaves. */
  public static Reduced reduce(
      Dims dims, long[] a, long[] x, Ext2[] rRow, Ext2[] rCol, Ext2 claim, Transcript transcript) {
    return reduce(dims, a, x, rRow, rCol, claim, transcript, Parallel.defaultThreads());
  }

  public static Reduced reduce(
      Dims dims, long[] a, long[] x, Ext2[] rRow, Ext2[] rCol, Ext2 claim, Transcript transcript, int threads) {
    checkShapes(dims, a, x, rRow, rCol);
    Mle right =
        dims.colVars() == 0
            ? Mle.base(x)
            : Mle.ext(PartialEval.bindColumns(x, dims.inner(), dims.cols(), Eq.table(rCol), threads));
    return finish(dims, a, right, rRow, rCol, claim, transcript, threads);
  }

  /**
   * Like {@link #reduce}, with X given as signed integers (e.g. int8 weights) rather than field
   * elements: binding its columns then runs on the small integers (exactly the same values and
   * proof, about twice as fast, and no field copy of X).
   */
  public static Reduced reduceSignedRight(
      Dims dims, long[] a, long[] xSigned, Ext2[] rRow, Ext2[] rCol, Ext2 claim, Transcript transcript) {
    int threads = Parallel.defaultThreads();
    checkShapes(dims, a, xSigned, rRow, rCol);
    Mle right =
        dims.colVars() == 0
            ? Mle.base(PartialEval.field(xSigned))
            : Mle.ext(PartialEval.bindColumnsSigned(xSigned, dims.inner(), dims.cols(), Eq.table(rCol), threads));
    return finish(dims, a, right, rRow, rCol, claim, transcript, threads);
  }

  private static void checkShapes(Dims dims, long[] a, long[] x, Ext2[] rRow, Ext2[] rCol) {
    if (a.length != dims.rows() * dims.inner() || x.length != dims.inner() * dims.cols()) {
      throw new IllegalArgumentException("matrix sizes do not match " + dims);
    }
    if (rRow.length != dims.rowVars() || rCol.length != dims.colVars()) {
      throw new IllegalArgumentException("claim point does not match " + dims);
    }
  }

  private static Reduced finish(
      Dims dims, long[] a, Mle right, Ext2[] rRow, Ext2[] rCol, Ext2 claim, Transcript transcript, int threads) {
    long[] aBound = PartialEval.bindRows(a, dims.rows(), dims.inner(), Eq.table(rRow), threads);
    SumcheckProver.Result r =
        SumcheckProver.prove(
            ProductShape.product(dims.innerVars(), 2), List.of(Mle.ext(aBound), right), transcript, threads);
    if (!r.claimedSum().equals(claim)) {
      throw new IllegalArgumentException("claimed value " + claim + " is not Ỹ(r) = " + r.claimedSum());
    }
    Ext2[] finals = r.finalEvaluations();
    absorbEvaluations(transcript, finals[0], finals[1]);
    Ext2[] rho = r.point();
    return new Reduced(
        new Proof(r.proof(), finals[0], finals[1]),
        new Claims(new EvalClaim(concat(rRow, rho), finals[0]), new EvalClaim(concat(rho, rCol), finals[1])));
  }

  /**
   * Checks the proof of Ỹ(rRow ‖ rCol) = claim and returns the claims on Ã(rRow ‖ ρ) and
   * X̃(ρ ‖ rCol); the proof is only as good as the caller's proof of those two claims.
   */
  public static Claims verify(
      Dims dims, Ext2[] rRow, Ext2[] rCol, Ext2 claim, Proof proof, Transcript transcript)
      throws VerificationException {
    if (rRow.length != dims.rowVars() || rCol.length != dims.colVars()) {
      throw new IllegalArgumentException("claim point does not match " + dims);
    }
    SubClaim sub = SumcheckVerifier.reduce(dims.innerVars(), 2, claim, proof.sumcheck(), transcript);
    sub.closeWithFactors(
        ProductShape.product(dims.innerVars(), 2),
        new Ext2[] {proof.leftEvaluation(), proof.rightEvaluation()});
    absorbEvaluations(transcript, proof.leftEvaluation(), proof.rightEvaluation());
    Ext2[] rho = sub.point();
    return new Claims(
        new EvalClaim(concat(rRow, rho), proof.leftEvaluation()),
        new EvalClaim(concat(rho, rCol), proof.rightEvaluation()));
  }

  private static void absorbEvaluations(Transcript t, Ext2 left, Ext2 right) {
    t.absorbExt("matmul/evaluations", new Ext2[] {left, right});
  }

  static Ext2[] concat(Ext2[] a, Ext2[] b) {
    Ext2[] c = new Ext2[a.length + b.length];
    System.arraycopy(a, 0, c, 0, a.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
