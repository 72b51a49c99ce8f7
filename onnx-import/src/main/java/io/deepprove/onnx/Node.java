package io.deepprove.onnx;

import java.util.List;
import java.util.Objects;

/**
 * One computation of the graph.
 *
 * @param name the ONNX node name (or a generated {@code OpType_k} when the file has none)
 * @param onnxOpType the ONNX op type it was imported from (e.g. {@code "Flatten"} for a {@link Op.Reshape})
 * @param op what it computes, attributes resolved
 * @param inputs input value names in the op's order (optional inputs that were omitted are absent,
 *     never empty strings)
 * @param outputs output value names
 */
public record Node(String name, String onnxOpType, Op op, List<String> inputs, List<String> outputs) {
  public Node {
    Objects.requireNonNull(name);
    Objects.requireNonNull(onnxOpType);
    Objects.requireNonNull(op);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /** The first input. */
  public String input(int i) {
    return inputs.get(i);
  }

  /** The single (first) output. */
  public String output() {
    return outputs.get(0);
  }
}
