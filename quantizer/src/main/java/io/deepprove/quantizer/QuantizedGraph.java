package io.deepprove.quantizer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The integer model the prover proves: int8 inputs and outputs with their scales, the nodes in
 * topological order, and every constant (int8 weights, int32 biases, coefficients). Together
 * with the requantization parameters and tables inside the nodes this is all public data of
 * the verifying key except the constants (committed).
 */
public final class QuantizedGraph {
  private final String name;
  private final List<ValueSpec> inputs;
  private final List<ValueSpec> outputs;
  private final List<QNode> nodes;
  private final Map<String, QuantizedTensor> constants;
  private final Map<String, ValueSpec> values;

  QuantizedGraph(String name, List<ValueSpec> inputs, List<ValueSpec> outputs, List<QNode> nodes,
      Map<String, QuantizedTensor> constants, Map<String, ValueSpec> values) {
    this.name = name;
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
    this.nodes = List.copyOf(nodes);
    this.constants = Collections.unmodifiableMap(new LinkedHashMap<>(constants));
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public String name() {
    return name;
  }

  /** Graph inputs in order, with the scale an input is quantized with. */
  public List<ValueSpec> inputs() {
    return inputs;
  }

  /** Graph outputs in order, with the scale to dequantize them. */
  public List<ValueSpec> outputs() {
    return outputs;
  }

  /** Nodes in topological order. */
  public List<QNode> nodes() {
    return nodes;
  }

  /** Integer constants by name. */
  public Map<String, QuantizedTensor> constants() {
    return constants;
  }

  /** Every run-time value (inputs, node outputs) with its shape and scale. */
  public Map<String, ValueSpec> values() {
    return values;
  }

  /** The run-time value {@code name}. */
  public ValueSpec value(String name) {
    ValueSpec v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no run-time value '" + name + "'");
    }
    return v;
  }

  /** Quantizes float inputs (in {@link #inputs()} order) to their widths: clamp(round(x / scale)). */
  public List<long[]> quantizeInputs(List<float[]> in) {
    if (in.size() != inputs.size()) {
      throw new IllegalArgumentException("graph has " + inputs.size() + " inputs, got " + in.size());
    }
    long[][] q = new long[in.size()][];
    for (int k = 0; k < q.length; k++) {
      ValueSpec spec = inputs.get(k);
      float[] x = in.get(k);
      if (x.length != spec.size()) {
        throw new IllegalArgumentException("input '" + spec.name() + "' needs " + spec.size() + " values, got " + x.length);
      }
      q[k] = quantize(x, spec.scale(), spec.bits());
    }
    return List.of(q);
  }

  /** clamp(round(x / scale), −(2^(bits−1) − 1), 2^(bits−1) − 1) elementwise. */
  public static long[] quantize(float[] x, double scale, int bits) {
    long max = (1L << (bits - 1)) - 1;
    long[] q = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      long v = Math.round(x[i] / scale);
      q[i] = Math.max(-max, Math.min(max, v));
    }
    return q;
  }

  /** scale·q elementwise. */
  public static float[] dequantize(long[] q, double scale) {
    float[] f = new float[q.length];
    for (int i = 0; i < q.length; i++) {
      f[i] = (float) (q[i] * scale);
    }
    return f;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("QuantizedGraph '" + name + "'\n");
    for (ValueSpec v : inputs) {
      s.append("  input ").append(v).append('\n');
    }
    for (QNode n : nodes) {
      s.append("  ").append(n.outputs()).append(" = ").append(n.getClass().getSimpleName()).append(' ')
          .append(n.inputs());
      if (n.requant() != null) {
        s.append(' ').append(n.requant());
      }
      s.append('\n');
    }
    for (ValueSpec v : outputs) {
      s.append("  output ").append(v).append('\n');
    }
    return s.toString();
  }
}
