package io.deepprove.quantizer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every tensor of one integer inference: the value of each run-time value by name and one
 * {@link NodeTrace} per node of the {@link QuantizedGraph}, in node order. This is what the prover
 * consumes; it is deterministic (same graph and input give the same trace on any machine).
 */
public final class Trace {
  private final QuantizedGraph graph;
  private final Map<String, long[]> values;
  private final List<NodeTrace> nodes;

  Trace(QuantizedGraph graph, Map<String, long[]> values, List<NodeTrace> nodes) {
    this.graph = graph;
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.nodes = List.copyOf(nodes);
  }

  public QuantizedGraph graph() {
    return graph;
  }

  /** Per node, in {@link QuantizedGraph#nodes()} order. */
  public List<NodeTrace> nodes() {
    return nodes;
  }

  /** The trace of node {@code i}. */
  public NodeTrace node(int i) {
    return nodes.get(i);
  }

  /** The int8 value {@code name} (a copy). */
  public long[] value(String name) {
    long[] v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no value '" + name + "' in the trace");
    }
    return v.clone();
  }

  /** The int8 graph outputs in order (copies). */
  public List<long[]> outputs() {
    return graph.outputs().stream().map(o -> value(o.name())).toList();
  }

  /** The graph outputs dequantized with their scales. */
  public List<float[]> dequantizedOutputs() {
    return graph.outputs().stream().map(o -> QuantizedGraph.dequantize(values.get(o.name()), o.scale())).toList();
  }
}
