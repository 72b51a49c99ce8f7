package io.deepprove.quantizer;

import io.deepprove.onnx.Op;
import java.util.List;

/**
 * Public access to the data-movement kernels of {@link QNode.Structural} for callers that need the
 * index map of a structural node rather than its values (the prover derives its selection maps by
 * running a node on an index tensor).
 */
public final class StructuralMaps {
  private StructuralMaps() {}

  /** Runs structural op {@code op} exactly as the integer engine does. */
  public static List<long[]> apply(Op op, List<long[]> inputs, List<int[]> inShapes, List<int[]> outShapes,
      long padValue) {
    return StructuralKernels.eval(op, inputs, inShapes, outShapes, padValue);
  }
}
