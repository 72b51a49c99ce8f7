package io.deepprove.quantizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one node did in one integer inference: its input tensors (run-time values and constants,
 * in {@link QNode#inputs()} order), for requantizing nodes the accumulator before
 * requantization, the quotient q and remainder of {@link Requant} (so that
 * {@code acc·M + 2^(s−1) = q·2^s + rem} and {@code out = clamp(q)}), its outputs, and
 * op-specific intermediates in {@link #auxiliary()} (softmax: {@code rowMax}, {@code exp},
 * {@code rowSum}, {@code divRemainder} or {@code logSum}; average pool: {@code count},
 * {@code divRemainder}). Accessors return copies.
 */
public final class NodeTrace {
  private final QNode node;
  private final List<long[]> inputs;
  private final long[] accumulator;
  private final long[] quotient;
  private final long[] remainder;
  private final List<long[]> outputs;
  private final Map<String, long[]> auxiliary;

  NodeTrace(QNode node, List<long[]> inputs, long[] accumulator, long[] quotient, long[] remainder,
      List<long[]> outputs, Map<String, long[]> auxiliary) {
    this.node = node;
    this.inputs = Collections.unmodifiableList(new ArrayList<>(inputs));
    this.accumulator = accumulator;
    this.quotient = quotient;
    this.remainder = remainder;
    this.outputs = List.copyOf(outputs);
    this.auxiliary = Collections.unmodifiableMap(new LinkedHashMap<>(auxiliary));
  }

  public QNode node() {
    return node;
  }

  /** Input {@code k} in {@link QNode#inputs()} order. */
  public long[] input(int k) {
    return inputs.get(k).clone();
  }

  public int inputCount() {
    return inputs.size();
  }

  /** The integer accumulator before requantization, or null for nodes without one. */
  public long[] accumulator() {
    return accumulator == null ? null : accumulator.clone();
  }

  /** q = (acc·M + 2^(s−1)) >> s before the clamp, or null. */
  public long[] quotient() {
    return quotient == null ? null : quotient.clone();
  }

  /** The requantization remainder, in [0, 2^s), or null. */
  public long[] remainder() {
    return remainder == null ? null : remainder.clone();
  }

  /** Output {@code k}. */
  public long[] output(int k) {
    return outputs.get(k).clone();
  }

  public int outputCount() {
    return outputs.size();
  }

  /** Names of the op-specific intermediates. */
  public java.util.Set<String> auxiliaryNames() {
    return auxiliary.keySet();
  }

  /** An op-specific intermediate, or null. */
  public long[] auxiliary(String name) {
    long[] a = auxiliary.get(name);
    return a == null ? null : a.clone();
  }

  long[] outputRaw(int k) {
    return outputs.get(k);
  }
}
