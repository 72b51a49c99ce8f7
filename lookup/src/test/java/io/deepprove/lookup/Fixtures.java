package io.deepprove.lookup;

import io.deepprove.core.transcript.Transcript;
import io.deepprove.core.verify.VerificationException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Shared test plumbing: a stand-in "commitment" and the honest caller. */
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

  /** Prove, verify, and close the claims against the witness (the honest caller). */
  static void proveAndVerify(LookupWitness w, int threads) throws VerificationException {
    LogUpProof proof = LogUpGkr.prove(w, committed(w), threads);
    verifyAndClose(w, proof);
  }

  static void verifyAndClose(LookupWitness w, LogUpProof proof) throws VerificationException {
    LookupClaims claims = LogUpGkr.verify(w.statement(), proof, committed(w));
    claims.close(w.evaluator());
  }

  static long[] randomIn(SplittableRandom rng, int n, long lo, long hiExclusive) {
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextLong(lo, hiExclusive);
    }
    return v;
  }
}
