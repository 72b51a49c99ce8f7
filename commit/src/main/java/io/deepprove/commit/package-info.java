/**
 * Will own the transparent, hash-based multilinear polynomial commitment (Merkle trees, batched
 * openings) implementing {@code io.deepprove.core.pcs.PolynomialCommitment}, and the model
 * commitment with its weight layout table. Knows nothing about graphs or lookups.
 */
package io.deepprove.commit;
