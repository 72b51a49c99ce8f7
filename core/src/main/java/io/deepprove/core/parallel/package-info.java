/**
 * Chunked data parallelism for the provers: one dedicated fork/join pool, index ranges cut into
 * contiguous chunks, per-chunk partial results that callers combine in chunk order. Knows nothing
 * about fields or proofs; it only promises that chunk boundaries depend on (n, grain, threads) and
 * never on scheduling.
 */
package io.deepprove.core.parallel;
