/**
 * Sum-check for sums of products of multilinear polynomials ({@link
 * io.deepprove.sumcheck.SumcheckProver}, {@link io.deepprove.sumcheck.SumcheckVerifier}) and the
 * reductions the layered prover chains: matrix products ({@link
 * io.deepprove.sumcheck.MatMulSumcheck}), public sparse linear maps such as pooling, padding and
 * im2col ({@link io.deepprove.sumcheck.LinearMapSumcheck}), element-wise products ({@link
 * io.deepprove.sumcheck.HadamardSumcheck}) and the merge of several claims on one polynomial
 * ({@link io.deepprove.sumcheck.ClaimMerge}). Verifiers return claims ({@link
 * io.deepprove.sumcheck.SubClaim}, {@link io.deepprove.sumcheck.EvalClaim}) that the caller must
 * close; this package never opens a commitment itself. The prover's hottest loops have vector forms
 * on the JDK's incubating Vector API ({@code SimdKernels}), used when the JVM resolves
 * jdk.incubator.vector and giving the same field values as the scalar loops.
 */
package io.deepprove.sumcheck;
