/**
 * JMH microbenchmarks of deepprove's hot paths: field arithmetic ({@link
 * io.deepprove.bench.FieldBench}) and multilinear folding / eq tables ({@link
 * io.deepprove.bench.PolyBench}). Not run by the tests; see bench/README.md for how to build and
 * run, and the measured numbers.
 */
package io.deepprove.bench;
