package io.deepprove.onnx;

import java.util.function.DoubleUnaryOperator;

/**
 * A pure elementwise function of one real variable with its parameters: the one mechanism behind
 * every unary activation (Relu, LeakyRelu, Elu, Selu, Sigmoid, HardSigmoid, Tanh, Softplus, Softsign,
 * Gelu, Erf, Exp, Abs, Neg, Clip, Sqrt, and PRelu with a single slope). A quantizer turns it into a
 * table over the int8 domain by evaluating {@link #applyAsDouble} on the 256 dequantized inputs;
 * no op needs its own class.
 *
 * @param kind which function
 * @param alpha first parameter (LeakyRelu/Elu/Selu/HardSigmoid alpha, Clip min); NaN when unused
 * @param beta second parameter (Selu gamma, HardSigmoid beta, Clip max); NaN when unused
 */
public record UnaryFunction(Kind kind, double alpha, double beta) implements DoubleUnaryOperator {

  /** The functions, each a pure {@code (x, alpha, beta) -> y}. */
  public enum Kind {
    RELU((x, a, b) -> x > 0 ? x : 0),
    LEAKY_RELU((x, a, b) -> x >= 0 ? x : a * x),
    ELU((x, a, b) -> x >= 0 ? x : a * (Math.exp(x) - 1)),
    /** alpha, gamma = beta. */
    SELU((x, a, b) -> x > 0 ? b * x : b * a * (Math.exp(x) - 1)),
    SIGMOID((x, a, b) -> x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
    HARD_SIGMOID((x, a, b) -> Math.max(0, Math.min(1, a * x + b))),
    TANH((x, a, b) -> Math.tanh(x)),
    SOFTPLUS((x, a, b) -> x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))),
    SOFTSIGN((x, a, b) -> x / (1 + Math.abs(x))),
    /** Exact GELU, x * Phi(x). */
    GELU((x, a, b) -> 0.5 * x * (1 + SpecialFunctions.erf(x / Math.sqrt(2)))),
    /** GELU with the tanh approximation ({@code approximate="tanh"}). */
    GELU_TANH((x, a, b) -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)))),
    ERF((x, a, b) -> SpecialFunctions.erf(x)),
    EXP((x, a, b) -> Math.exp(x)),
    ABS((x, a, b) -> Math.abs(x)),
    NEG((x, a, b) -> -x),
    /** min = alpha, max = beta (either may be infinite). */
    CLIP((x, a, b) -> Math.min(b, Math.max(a, x))),
    SQRT((x, a, b) -> Math.sqrt(x));

    private final Fn fn;

    Kind(Fn fn) {
      this.fn = fn;
    }
  }

  @FunctionalInterface
  private interface Fn {
    double apply(double x, double alpha, double beta);
  }

  /** A parameterless function. */
  public static UnaryFunction of(Kind kind) {
    return new UnaryFunction(kind, Double.NaN, Double.NaN);
  }

  /** A one-parameter function. */
  public static UnaryFunction of(Kind kind, double alpha) {
    return new UnaryFunction(kind, alpha, Double.NaN);
  }

  /** A two-parameter function. */
  public static UnaryFunction of(Kind kind, double alpha, double beta) {
    return new UnaryFunction(kind, alpha, beta);
  }

  @Override
  public double applyAsDouble(double x) {
    return kind.fn.apply(x, alpha, beta);
  }

  /** True when f(0) = 0 and the function is monotone non-decreasing (ReLU-like; fusable into a clamp). */
  public boolean isPiecewiseLinear() {
    return switch (kind) {
      case RELU, LEAKY_RELU, CLIP, ABS, NEG, HARD_SIGMOID -> true;
      default -> false;
    };
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(kind.name().toLowerCase(java.util.Locale.ROOT));
    if (!Double.isNaN(alpha)) {
      s.append('(').append(alpha);
      if (!Double.isNaN(beta)) {
        s.append(", ").append(beta);
      }
      s.append(')');
    }
    return s.toString();
  }
}
