package io.deepprove.aggregate;

import io.deepprove.core.verify.VerifierCheck;

/** The checks the aggregate verifier makes itself (sub-protocols name their own checks). */
public enum AggregateCheck implements VerifierCheck {
  VERIFYING_KEY("the proof names the digest of this verifying key"),
  PUBLIC_SHAPES("the public input and output have the circuit's sizes"),
  TRACE_COMMITMENT_SHAPE("the trace commitment holds the circuit's tensors with the key's parameters"),
  PUBLIC_INPUT("every claim on the input equals the public input's multilinear extension"),
  PUBLIC_INPUT_RANGE("every public input value lies in its input's range (int8, or int16 where the key says so)"),
  MAX_POOL_CHAIN("the max-pool differences and gains chain to the output"),
  MAX_MIN_CHAIN("the elementwise max/min differences and gains chain to the output"),
  REQUANTIZATION("a requantization with one multiplier holds at a random point"),
  ELEMENTWISE_SUM("an affine elementwise step's terms add up to its accumulator"),
  EXPECTED_INPUT("the proof is about the input the verifier was given"),
  FORMAT("the proof's messages are well formed");

  private final String description;

  AggregateCheck(String description) {
    this.description = description;
  }

  @Override
  public String description() {
    return description;
  }
}
