package io.deepprove.lookup;

import io.deepprove.core.transcript.Transcript;
import io.deepprove.core.verify.VerificationException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Shared test plumbing: a stand-in "commitment", the honest caller, and witnesses a cheater builds. */
final class Fixtures {

  private Fixtures() {}

  /**
   * A transcript after the stand-in commitment: the columns and multiplicities are absorbed in the
   * clear, as a real caller would absorb their commitment root.
   */
  static Transcript committed(LookupWitness w) {
    Transcript t = new Transcript("deepprove/lookup-test");
    for (ColumnRef ref : columns(w.statement())) {
      t.absorbBase("column", w.column(ref));
    }
    return t;
  }

  static List<ColumnRef> columns(LookupStatement st) {
    List<ColumnRef> refs = new ArrayList<>();
    for (int k = 0; k < st.lookups().size(); k++) {
      refs.add(ColumnRef.input(k));
      if (st.tables().get(st.lookups().get(k).table()).hasOutput()) {
        refs.add(ColumnRef.output(k));
      }
    }
    for (int t = 0; t < st.tables().size(); t++) {
      refs.add(ColumnRef.multiplicity(t));
    }
    return refs;
  }

  static LogUpProof prove(LookupWitness w, int threads) {
    return LogUpGkr.prove(w, committed(w), threads);
  }

  /** Prove, verify, and close the claims against the witness (the honest caller). */
  static LookupClaims proveAndVerify(LookupWitness w, int threads) throws VerificationException {
    return verifyAndClose(w, prove(w, threads));
  }

  static LookupClaims verifyAndClose(LookupWitness w, LogUpProof proof) throws VerificationException {
    LookupClaims claims = LogUpGkr.verify(w.statement(), proof, committed(w));
    claims.close(w.evaluator());
    return claims;
  }

  static long[] randomIn(SplittableRandom rng, int n, long lo, long hiExclusive) {
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextLong(lo, hiExclusive);
    }
    return v;
  }

  /**
   * A one-lookup witness with whatever columns and multiplicities a cheating prover chooses (the
   * builder would refuse a row outside the table). {@code outputs} is null for a range table.
   */
  static LookupWitness raw(Table table, long[] inputs, long[] outputs, long[] multiplicities) {
    LookupStatement st =
        new LookupStatement(List.of(table), List.of(new LookupStatement.Lookup(0, inputs.length)));
    return new LookupWitness(
        st, new long[][] {inputs.clone()}, new long[][] {outputs == null ? null : outputs.clone()},
        new long[][] {multiplicities.clone()});
  }

  /** The honest multiplicities of {@code inputs} (and outputs) in {@code table}, skipping rows not in it. */
  static long[] countsOf(Table table, long[] inputs, long[] outputs) {
    long[] m = new long[table.size()];
    for (int i = 0; i < inputs.length; i++) {
      int row = table.rowOf(inputs[i], outputs == null ? 0 : outputs[i]);
      if (row >= 0) {
        m[row]++;
      }
    }
    return m;
  }
}
