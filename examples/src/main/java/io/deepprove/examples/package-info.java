/**
 * Will own runnable example models generated deterministically, used by the README's quick start
 * and the benchmarks.
 */
package io.deepprove.examples;
