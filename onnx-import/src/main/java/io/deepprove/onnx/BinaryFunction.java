package io.deepprove.onnx;

/**
 * Elementwise functions of two tensors under numpy (multidirectional) broadcasting; a node with
 * more than two inputs (Sum, Max, Min) folds them left to right.
 */
public enum BinaryFunction {
  ADD,
  SUB,
  MUL,
  DIV,
  MAX,
  MIN,
  /** PRelu: x if x >= 0 else slope * x (slope is the second input, broadcast to x). */
  PRELU;

  /** The function on one pair of values. */
  public double apply(double a, double b) {
    return switch (this) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case DIV -> a / b;
      case MAX -> Math.max(a, b);
      case MIN -> Math.min(a, b);
      case PRELU -> a >= 0 ? a : a * b;
    };
  }
}
