package io.deepprove.onnx;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to import a model.
 *
 * @param batchSize the size given to a dynamic first dimension of the inputs ({@code N}, -1, 0 or
 *     a symbolic name); default 1
 * @param boundInputs graph inputs to treat as constants with the given values (for files that pass
 *     their weights as inputs, like the ONNX node test cases)
 */
public record ImportOptions(int batchSize, Map<String, Tensor> boundInputs) {
  public ImportOptions {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive: " + batchSize);
    }
    boundInputs = Map.copyOf(boundInputs);
  }

  /** Batch size 1, nothing bound. */
  public static ImportOptions defaults() {
    return new ImportOptions(1, Map.of());
  }

  /** These options with another batch size. */
  public ImportOptions withBatchSize(int n) {
    return new ImportOptions(n, boundInputs);
  }

  /** These options with graph input {@code name} bound to the constant {@code value}. */
  public ImportOptions withBoundInput(String name, Tensor value) {
    Map<String, Tensor> m = new LinkedHashMap<>(boundInputs);
    m.put(name, value);
    return new ImportOptions(batchSize, m);
  }
}
