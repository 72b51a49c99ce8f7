/**
 * The arithmetic and plumbing every proof runs through: the Goldilocks field and its quadratic
 * extension, dense multilinear polynomials and eq tables, the Fiat–Shamir transcript, the binary
 * codec of every file format, the {@code PolynomialCommitment} interface, and the chunked thread
 * pool the provers share. Depends on nothing but the JDK and knows nothing about models, lookups
 * or any concrete commitment scheme.
 */
package io.deepprove.core;
