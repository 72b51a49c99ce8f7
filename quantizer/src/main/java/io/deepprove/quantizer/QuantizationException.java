package io.deepprove.quantizer;

import java.util.List;

/**
 * A model that cannot be quantized: an op or operand form the integer engine does not support, an
 * accumulator that could leave the range the field embedding assumes, or unusable calibration
 * data. The message is one line naming every offending layer.
 */
public final class QuantizationException extends Exception {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public QuantizationException(List<String> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  public QuantizationException(String problem) {
    this(List.of(problem));
  }

  private static String describe(List<String> problems) {
    if (problems.size() == 1) {
      return problems.get(0);
    }
    return problems.size() + " layers cannot be quantized: " + String.join("; ", problems);
  }

  /** Every problem, one per layer. */
  public List<String> problems() {
    return problems;
  }
}
