package io.deepprove.sumcheck;

import io.deepprove.core.field.Ext2;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The public structure of a sum-check statement Σ_{x∈{0,1}^n} Σ_t c_t·Π_k f_{t,k}(x): the number
 * of variables, the number of multilinears in the pool, and the terms (a coefficient and the
 * indices of its factors, repetitions allowed). Prover and verifier share it; only the prover
 * holds the evaluation tables.
 */
public final class ProductShape {

  /** Largest degree per variable supported (terms of at most this many factors). */
  public static final int MAX_DEGREE = 4;

  private final int numVars;
  private final int numMultilinears;
  private final Ext2[] coefficients;
  private final int[][] factors;
  private final int degree;

  private ProductShape(int numVars, int numMultilinears, Ext2[] coefficients, int[][] factors) {
    this.numVars = numVars;
    this.numMultilinears = numMultilinears;
    this.coefficients = coefficients;
    this.factors = factors;
    int d = 0;
    for (int[] f : factors) {
      d = Math.max(d, f.length);
    }
    this.degree = d;
  }

  /** The shape of the single product f_0·f_1·…·f_{m−1} with coefficient 1. */
  public static ProductShape product(int numVars, int numFactors) {
    Builder b = builder(numVars, numFactors);
    int[] idx = new int[numFactors];
    for (int i = 0; i < numFactors; i++) {
      idx[i] = i;
    }
    return b.term(Ext2.ONE, idx).build();
  }

  public static Builder builder(int numVars, int numMultilinears) {
    return new Builder(numVars, numMultilinears);
  }

  /** Builder of terms. */
  public static final class Builder {
    private final int numVars;
    private final int numMultilinears;
    private final List<Ext2> coefficients = new ArrayList<>();
    private final List<int[]> factors = new ArrayList<>();

    private Builder(int numVars, int numMultilinears) {
      if (numVars < 0 || numVars > 40) {
        throw new IllegalArgumentException("number of variables out of range: " + numVars);
      }
      if (numMultilinears <= 0) {
        throw new IllegalArgumentException("at least one multilinear is needed");
      }
      this.numVars = numVars;
      this.numMultilinears = numMultilinears;
    }

    /** Adds c·Π f_k for the given factor indices (1 to MAX_DEGREE of them). */
    public Builder term(Ext2 coefficient, int... factorIndices) {
      if (factorIndices.length == 0 || factorIndices.length > MAX_DEGREE) {
        throw new IllegalArgumentException("a term has 1 to " + MAX_DEGREE + " factors");
      }
      for (int k : factorIndices) {
        if (k < 0 || k >= numMultilinears) {
          throw new IllegalArgumentException("factor index " + k + " out of range");
        }
      }
      coefficients.add(coefficient);
      factors.add(factorIndices.clone());
      return this;
    }

    public ProductShape build() {
      if (factors.isEmpty()) {
        throw new IllegalArgumentException("a sum-check statement needs at least one term");
      }
      return new ProductShape(
          numVars, numMultilinears, coefficients.toArray(new Ext2[0]), factors.toArray(new int[0][]));
    }
  }

  public int numVars() {
    return numVars;
  }

  public int numMultilinears() {
    return numMultilinears;
  }

  /** The degree per variable: the largest number of factors in a term. */
  public int degree() {
    return degree;
  }

  public int numTerms() {
    return factors.length;
  }

  public Ext2 coefficient(int term) {
    return coefficients[term];
  }

  public int[] factors(int term) {
    return factors[term].clone();
  }

  int[][] factorsUnsafe() {
    return factors;
  }

  Ext2[] coefficientsUnsafe() {
    return coefficients;
  }

  /** Σ_t c_t·Π_k values[f_{t,k}]: the statement's polynomial given its multilinears' values. */
  public Ext2 combine(Ext2[] values) {
    if (values.length != numMultilinears) {
      throw new IllegalArgumentException(
          "expected " + numMultilinears + " multilinear evaluations, got " + values.length);
    }
    Ext2 acc = Ext2.ZERO;
    for (int t = 0; t < factors.length; t++) {
      Ext2 p = coefficients[t];
      for (int k : factors[t]) {
        p = p.mul(values[k]);
      }
      acc = acc.add(p);
    }
    return acc;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Σ over 2^" + numVars + ": ");
    for (int t = 0; t < factors.length; t++) {
      if (t > 0) {
        sb.append(" + ");
      }
      sb.append('(').append(coefficients[t]).append(")·f").append(Arrays.toString(factors[t]));
    }
    return sb.toString();
  }
}
