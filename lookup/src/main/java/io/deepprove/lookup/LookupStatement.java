package io.deepprove.lookup;

import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.core.transcript.Transcript;
import java.util.ArrayList;
import java.util.List;

/**
 * The public shape of a lookup argument, known to prover and verifier alike: the distinct tables,
 * and for every looked-up column its table and its length. The columns themselves (and the
 * multiplicities) are the prover's; the verifier only learns claims about their MLEs.
 *
 * <p>A column of length len has the MLE of its zero-padded values over n = max(1, ⌈log2 len⌉)
 * variables; rows past len are not looked up. Each table has one multiplicity column of 2^numVars
 * entries, shared by every lookup into it.
 */
public final class LookupStatement {

  /** The largest looked-up column: 2^26 entries. */
  public static final int MAX_LOG_LENGTH = 26;

  /** A looked-up column (an input, with an output when its table has one) of length {@code length}. */
  public record Lookup(int table, int length) {
    public Lookup {
      if (table < 0) {
        throw new IllegalArgumentException("negative table index");
      }
      if (length < 1 || length > (1 << MAX_LOG_LENGTH)) {
        throw new IllegalArgumentException("lookup length " + length + " outside 1..2^" + MAX_LOG_LENGTH);
      }
    }

    /** max(1, ⌈log2 length⌉). */
    public int numVars() {
      return Math.max(1, 32 - Integer.numberOfLeadingZeros(length - 1));
    }
  }

  private final List<Table> tables;
  private final List<Lookup> lookups;

  /**
   * Builds the statement the verifier needs from the public shape alone, with the same table
   * merging as {@link LookupWitness.Builder}: adding the same lookups in the same order on both
   * sides yields equal statements.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects (table, length) pairs; equal tables are merged into one multiplicity column. */
  public static final class Builder {
    private final List<Table> tables = new ArrayList<>();
    private final List<Lookup> lookups = new ArrayList<>();

    private Builder() {}

    /** Adds a lookup of {@code length} rows into {@code table}; its index is the count before. */
    public Builder add(Table table, int length) {
      int t = tables.indexOf(table);
      if (t < 0) {
        t = tables.size();
        tables.add(table);
      }
      lookups.add(new Lookup(t, length));
      return this;
    }

    public LookupStatement build() {
      return new LookupStatement(tables, lookups);
    }
  }

  public LookupStatement(List<Table> tables, List<Lookup> lookups) {
    this.tables = List.copyOf(tables);
    this.lookups = List.copyOf(lookups);
    if (this.tables.isEmpty()) {
      throw new IllegalArgumentException("a lookup statement needs a table");
    }
    boolean[] used = new boolean[this.tables.size()];
    for (Lookup l : this.lookups) {
      if (l.table() >= this.tables.size()) {
        throw new IllegalArgumentException("lookup into table " + l.table() + " of " + this.tables.size());
      }
      used[l.table()] = true;
    }
    for (int t = 0; t < used.length; t++) {
      if (!used[t]) {
        throw new IllegalArgumentException("table " + t + " (" + this.tables.get(t) + ") has no lookup");
      }
      for (int u = 0; u < t; u++) {
        if (this.tables.get(u).equals(this.tables.get(t))) {
          throw new IllegalArgumentException("table " + this.tables.get(t) + " listed twice");
        }
      }
    }
  }

  public List<Table> tables() {
    return tables;
  }

  public List<Lookup> lookups() {
    return lookups;
  }

  /**
   * GKR instances: lookups 0..L−1 first (instance k = lookup k), then tables (instance L + t =
   * the multiplicity side of table t).
   */
  int instanceCount() {
    return lookups.size() + tables.size();
  }

  int instanceVars(int instance) {
    return instance < lookups.size()
        ? lookups.get(instance).numVars()
        : tables.get(instance - lookups.size()).numVars();
  }

  int instanceTable(int instance) {
    return instance < lookups.size() ? lookups.get(instance).table() : instance - lookups.size();
  }

  int maxVars() {
    int m = 0;
    for (int k = 0; k < instanceCount(); k++) {
      m = Math.max(m, instanceVars(k));
    }
    return m;
  }

  /** Instances still active at depth d (those with at least d variables), in instance order. */
  int[] activeAt(int depth) {
    List<Integer> a = new ArrayList<>();
    for (int k = 0; k < instanceCount(); k++) {
      if (instanceVars(k) >= depth) {
        a.add(k);
      }
    }
    return a.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Binds the whole statement into the transcript (both sides call this first). */
  void absorb(Transcript transcript) {
    BinaryWriter w = new BinaryWriter();
    w.writeInt(tables.size());
    for (Table t : tables) {
      t.describe(w);
    }
    w.writeInt(lookups.size());
    for (Lookup l : lookups) {
      w.writeInt(l.table()).writeInt(l.length());
    }
    transcript.absorbBytes("logup/statement", w.toByteArray());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LookupStatement s && tables.equals(s.tables) && lookups.equals(s.lookups);
  }

  @Override
  public int hashCode() {
    return 31 * tables.hashCode() + lookups.hashCode();
  }

  @Override
  public String toString() {
    return "LookupStatement" + tables + lookups;
  }
}
