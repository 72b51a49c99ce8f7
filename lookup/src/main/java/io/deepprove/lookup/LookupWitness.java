package io.deepprove.lookup;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import java.util.ArrayList;
import java.util.List;

/**
 * The prover's side of a lookup argument: the looked-up columns and, computed here, one
 * multiplicity column per table (m_j = how many looked-up rows equal table row j, over every lookup
 * into that table).
 *
 * <p>Soundness precondition: the caller commits to every column this witness names — the lookup
 * columns and the {@link #multiplicities} — and binds the commitments into the transcript
 * <em>before</em> {@link LogUpGkr#prove} draws its challenges, and the verifier absorbs the same
 * commitments before {@link LogUpGkr#verify}.
 */
public final class LookupWitness {

  private final LookupStatement statement;
  private final long[][] inputs; // signed values, per lookup
  private final long[][] outputs; // null entries for single-column tables
  private final long[][] multiplicities; // counts, per table (padded size)

  LookupWitness(LookupStatement statement, long[][] inputs, long[][] outputs, long[][] multiplicities) {
    this.statement = statement;
    this.inputs = inputs;
    this.outputs = outputs;
    this.multiplicities = multiplicities;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects lookups; equal tables are merged so they share one multiplicity column. */
  public static final class Builder {
    private final LookupStatement.Builder shape = LookupStatement.builder();
    private final List<Table> tables = new ArrayList<>();
    private final List<LookupStatement.Lookup> lookups = new ArrayList<>();
    private final List<long[]> ins = new ArrayList<>();
    private final List<long[]> outs = new ArrayList<>();

    private Builder() {}

    /** Looks up every value of {@code inputs} in a single-column table (lookup index = {@link #count()} before the call). */
    public Builder add(Table table, long[] inputs) {
      if (table.hasOutput()) {
        throw new IllegalArgumentException(table + " has an output column: use add(table, inputs, outputs)");
      }
      return addColumn(table, inputs, null);
    }

    /** Looks up every pair (inputs[i], outputs[i]) (lookup index = {@link #count()} before the call). */
    public Builder add(Table table, long[] inputs, long[] outputs) {
      if (!table.hasOutput()) {
        throw new IllegalArgumentException(table + " has no output column: use add(table, inputs)");
      }
      if (outputs.length != inputs.length) {
        throw new IllegalArgumentException("inputs and outputs differ in length");
      }
      return addColumn(table, inputs, outputs.clone());
    }

    /** The number of lookups added so far. */
    public int count() {
      return lookups.size();
    }

    private Builder addColumn(Table table, long[] inputs, long[] outputs) {
      int t = tables.indexOf(table);
      if (t < 0) {
        t = tables.size();
        tables.add(table);
      }
      lookups.add(new LookupStatement.Lookup(t, inputs.length));
      shape.add(table, inputs.length);
      ins.add(inputs.clone());
      outs.add(outputs);
      return this;
    }

    /**
     * Computes the multiplicities. Throws {@link IllegalArgumentException} naming the first looked-up
     * row that is not in its table (an honest prover cannot prove it).
     */
    public LookupWitness build() {
      LookupStatement st = shape.build();
      long[][] m = new long[tables.size()][];
      for (int t = 0; t < m.length; t++) {
        m[t] = new long[tables.get(t).size()];
      }
      for (int k = 0; k < lookups.size(); k++) {
        Table table = tables.get(lookups.get(k).table());
        long[] in = ins.get(k);
        long[] out = outs.get(k);
        long[] mt = m[lookups.get(k).table()];
        for (int i = 0; i < in.length; i++) {
          int row = table.rowOf(in[i], out == null ? 0 : out[i]);
          if (row < 0) {
            throw new IllegalArgumentException(
                "lookup " + k + " row " + i + ": (" + in[i] + (out == null ? "" : ", " + out[i])
                    + ") is not in " + table);
          }
          mt[row]++;
        }
      }
      return new LookupWitness(st, ins.toArray(long[][]::new), outs.toArray(long[][]::new), m);
    }
  }

  public LookupStatement statement() {
    return statement;
  }

  /** The multiplicity counts of table {@code table} (2^numVars entries). */
  public long[] multiplicities(int table) {
    return multiplicities[table].clone();
  }

  long[] inputsOf(int lookup) {
    return inputs[lookup];
  }

  long[] outputsOf(int lookup) {
    return outputs[lookup];
  }

  long[] multiplicitiesOf(int table) {
    return multiplicities[table];
  }

  /**
   * The column as field elements, zero-padded to 2^numVars entries — exactly the multilinear the
   * claims of {@link LookupClaims} are about (commit to this).
   */
  public long[] column(ColumnRef ref) {
    long[] src;
    int n;
    switch (ref.kind()) {
      case LOOKUP_INPUT -> {
        src = inputs[ref.index()];
        n = statement.lookups().get(ref.index()).numVars();
      }
      case LOOKUP_OUTPUT -> {
        src = outputs[ref.index()];
        if (src == null) {
          throw new IllegalArgumentException("lookup " + ref.index() + " has no output column");
        }
        n = statement.lookups().get(ref.index()).numVars();
      }
      default -> {
        src = multiplicities[ref.index()];
        n = statement.tables().get(ref.index()).numVars();
      }
    }
    long[] f = new long[1 << n];
    for (int i = 0; i < src.length; i++) {
      f[i] = Goldilocks.fromSigned(src[i]);
    }
    return f;
  }

  /** An evaluator that closes claims from this witness directly (tests, benchmarks, debugging). */
  public LookupClaims.ColumnEvaluator evaluator() {
    return (ref, point) -> Mle.evaluate(column(ref), point);
  }

  /** The MLE of a column at a point (prover side). */
  public Ext2 evaluate(ColumnRef ref, Ext2[] point) {
    return Mle.evaluate(column(ref), point);
  }
}
