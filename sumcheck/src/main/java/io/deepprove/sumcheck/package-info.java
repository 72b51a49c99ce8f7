/**
 * Sum-check for sums of products of multilinear polynomials, and the reductions built on it:
 * matrix-vector products and the merge of several claims on one polynomial. The verifier returns
 * a sub-claim the caller must close; this package never opens a commitment itself.
 */
package io.deepprove.sumcheck;
