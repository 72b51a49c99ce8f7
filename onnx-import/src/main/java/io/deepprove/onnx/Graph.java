package io.deepprove.onnx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An imported model: immutable, fully static, ready to be quantized or interpreted.
 *
 * <ul>
 *   <li>{@link #inputs()}: the real inputs (graph inputs without an initializer and not bound),
 *       batch dimension resolved;
 *   <li>{@link #outputs()}: graph outputs with their inferred shapes;
 *   <li>{@link #nodes()}: the remaining computations in topological order (constants folded away);
 *   <li>{@link #initializers()}: every constant a node reads (weights, biases, folded constants);
 *   <li>{@link #info(String)}: shape and type of every value (inputs, node outputs, initializers).
 * </ul>
 *
 * A graph output may be an initializer or a graph input when the file computes nothing for it.
 */
public final class Graph {
  private final String name;
  private final int opset;
  private final long irVersion;
  private final List<TensorInfo> inputs;
  private final List<TensorInfo> outputs;
  private final List<Node> nodes;
  private final Map<String, Tensor> initializers;
  private final Map<String, TensorInfo> infos;
  private final Map<String, Node> producers = new HashMap<>();
  private final Map<String, List<Node>> consumers = new HashMap<>();

  Graph(String name, int opset, long irVersion, List<TensorInfo> inputs, List<TensorInfo> outputs,
      List<Node> nodes, Map<String, Tensor> initializers, Map<String, TensorInfo> infos) {
    this.name = name;
    this.opset = opset;
    this.irVersion = irVersion;
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
    this.nodes = List.copyOf(nodes);
    this.initializers = Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
    this.infos = Collections.unmodifiableMap(new LinkedHashMap<>(infos));
    for (Node n : nodes) {
      for (String o : n.outputs()) {
        producers.put(o, n);
      }
      for (String i : n.inputs()) {
        consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(n);
      }
    }
  }

  /** The graph name in the file. */
  public String name() {
    return name;
  }

  /** The default-domain (ai.onnx) opset the model imports. */
  public int opset() {
    return opset;
  }

  /** The file's IR version. */
  public long irVersion() {
    return irVersion;
  }

  public List<TensorInfo> inputs() {
    return inputs;
  }

  public List<TensorInfo> outputs() {
    return outputs;
  }

  /** Nodes in topological order. */
  public List<Node> nodes() {
    return nodes;
  }

  /** Constants by name (insertion order: file initializers first, then folded values). */
  public Map<String, Tensor> initializers() {
    return initializers;
  }

  /** Shape and type of the value {@code name}; throws when the graph has no such value. */
  public TensorInfo info(String name) {
    TensorInfo t = infos.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no value named '" + name + "'");
    }
    return t;
  }

  /** Shape of the value {@code name}. */
  public int[] shape(String name) {
    return info(name).shape();
  }

  /** Every value's info. */
  public Map<String, TensorInfo> infos() {
    return infos;
  }

  /** True when {@code name} is a constant (an initializer). */
  public boolean isConstant(String name) {
    return initializers.containsKey(name);
  }

  /** The constant {@code name}; throws when it is not one. */
  public Tensor initializer(String name) {
    Tensor t = initializers.get(name);
    if (t == null) {
      throw new IllegalArgumentException("'" + name + "' is not a constant");
    }
    return t;
  }

  /** The node producing {@code name}, or null for graph inputs and constants. */
  public Node producer(String name) {
    return producers.get(name);
  }

  /** The nodes reading {@code name}, in topological order. */
  public List<Node> consumers(String name) {
    return List.copyOf(consumers.getOrDefault(name, List.of()));
  }

  /** Number of elements in all constants the nodes read (the model's parameters). */
  public long parameterCount() {
    long n = 0;
    for (Tensor t : initializers.values()) {
      n += Shapes.sizeLong(t.shape());
    }
    return n;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Graph '" + name + "' opset " + opset + "\n");
    for (TensorInfo i : inputs) {
      s.append("  input ").append(i).append('\n');
    }
    for (Node n : nodes) {
      s.append("  ").append(n.outputs()).append(" = ").append(n.op()).append(n.inputs()).append('\n');
    }
    for (TensorInfo o : outputs) {
      s.append("  output ").append(o).append('\n');
    }
    return s.toString();
  }
}
