/**
 * Will own the layered prover and verifier: walking the quantized graph from output to input,
 * chaining sum-check and lookup claims, batching every opening, and emitting one proof.
 */
package io.deepprove.aggregate;
