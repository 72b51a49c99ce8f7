package io.deepprove.onnx;

/**
 * A node the importer cannot represent, and why.
 *
 * @param name node name
 * @param opType ONNX op type (with its domain when not the default one)
 * @param reason what is unsupported (op, attribute value, shape ...)
 */
public record UnsupportedNode(String name, String opType, String reason) {
  @Override
  public String toString() {
    return "node '" + name + "' (" + opType + ")";
  }
}
