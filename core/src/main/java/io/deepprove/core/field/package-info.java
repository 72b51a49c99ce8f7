/**
 * The Goldilocks field p = 2^64 − 2^32 + 1 on {@code long} and its quadratic extension
 * F_p[X]/(X² − 7), from which all verifier challenges are drawn.
 */
package io.deepprove.core.field;
