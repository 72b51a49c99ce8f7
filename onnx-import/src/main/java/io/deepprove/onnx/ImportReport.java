package io.deepprove.onnx;

import java.util.List;

/**
 * What {@link OnnxImporter#inspect} finds in a model, without failing on unsupported nodes and
 * without running it.
 *
 * @param opset default-domain opset
 * @param irVersion IR version of the file
 * @param inputs real inputs (batch dimension resolved)
 * @param outputs graph outputs (shape null when it could not be inferred)
 * @param nodes every node of the file in order
 * @param parameterCount elements of the initializers the file's nodes read
 * @param unsupported the unsupported nodes with reasons (empty when the model imports)
 */
public record ImportReport(int opset, long irVersion, List<TensorInfo> inputs, List<ValueReport> outputs,
    List<NodeReport> nodes, long parameterCount, List<UnsupportedNode> unsupported) {

  public ImportReport {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    nodes = List.copyOf(nodes);
    unsupported = List.copyOf(unsupported);
  }

  /** A graph output and its shape (null when not inferable). */
  public record ValueReport(String name, int[] shape) {}

  /**
   * One node of the file.
   *
   * @param name node name
   * @param opType ONNX op type
   * @param outputShape shape of its first output, null when not inferable
   * @param supported false when the node is in {@link #unsupported}
   * @param reason why not, null when supported
   * @param params a short description of the resolved attributes (or "" )
   * @param folded true when the node was folded into a constant at import
   */
  public record NodeReport(String name, String opType, int[] outputShape, boolean supported, String reason,
      String params, boolean folded) {}
}
