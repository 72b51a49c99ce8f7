/**
 * The layered prover and verifier ({@link io.deepprove.aggregate.AggregateProver}, {@link
 * io.deepprove.aggregate.AggregateVerifier}): a quantized graph compiled into a {@link
 * io.deepprove.aggregate.Circuit} of steps, proved from the output back to the input. Linear
 * layers are matrix or linear-map sum-checks, requantizations are q and remainder limbs opened at
 * a random point plus a sum-check over the channel variables of M·acc, nonlinearities and ranges
 * are LogUp-GKR lookups, and every claim on the trace and on the weights ends in one batched
 * opening per commitment: one {@link io.deepprove.aggregate.Proof} per input or batch.
 */
package io.deepprove.aggregate;
