package io.deepprove.lookup;

import io.deepprove.core.codec.BinaryReader;
import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.core.field.Ext2;

/**
 * A LogUp-GKR proof: plain data, every element an extension-field value.
 *
 * <ul>
 *   <li>{@code layers[d−1][i]} = (p(ρ,0), p(ρ,1), q(ρ,0), q(ρ,1)) of the i-th instance active at
 *       depth d (d = 1 is the output layer, ρ empty);
 *   <li>{@code rounds[d−2][j]} = s(0), s(1), s(2), s(3) of round j of the depth-d sum-check;
 *   <li>{@code lookupEvals[k]} = the input (and output) column evaluations of lookup k at its leaf
 *       point; {@code multiplicityEvals[t]} = table t's multiplicity evaluation.
 * </ul>
 *
 * The serialized form (magic {@value #MAGIC}, version {@value #VERSION}) carries no counts: the
 * statement fixes the shape, and {@link #read} rejects anything else with a {@link
 * ProofFormatException}.
 */
public final class LogUpProof {

  public static final String MAGIC = "DPLU";
  public static final int VERSION = 1;

  final Ext2[][][] layers;
  final Ext2[][][] rounds;
  final Ext2[][] lookupEvals;
  final Ext2[] multiplicityEvals;

  LogUpProof(Ext2[][][] layers, Ext2[][][] rounds, Ext2[][] lookupEvals, Ext2[] multiplicityEvals) {
    this.layers = layers;
    this.rounds = rounds;
    this.lookupEvals = lookupEvals;
    this.multiplicityEvals = multiplicityEvals;
  }

  /** A deep copy (tests tamper with copies). */
  LogUpProof copy() {
    Ext2[][][] l = new Ext2[layers.length][][];
    for (int i = 0; i < l.length; i++) {
      l[i] = new Ext2[layers[i].length][];
      for (int j = 0; j < l[i].length; j++) {
        l[i][j] = layers[i][j].clone();
      }
    }
    Ext2[][][] r = new Ext2[rounds.length][][];
    for (int i = 0; i < r.length; i++) {
      r[i] = new Ext2[rounds[i].length][];
      for (int j = 0; j < r[i].length; j++) {
        r[i][j] = rounds[i][j].clone();
      }
    }
    Ext2[][] e = new Ext2[lookupEvals.length][];
    for (int i = 0; i < e.length; i++) {
      e[i] = lookupEvals[i].clone();
    }
    return new LogUpProof(l, r, e, multiplicityEvals.clone());
  }

  public byte[] toBytes() {
    BinaryWriter w = new BinaryWriter(1024);
    w.writeHeader(MAGIC, VERSION);
    for (int d = 1; d <= layers.length; d++) {
      if (d >= 2) {
        for (Ext2[] s : rounds[d - 2]) {
          writeAll(w, s);
        }
      }
      for (Ext2[] v : layers[d - 1]) {
        writeAll(w, v);
      }
    }
    for (Ext2[] e : lookupEvals) {
      writeAll(w, e);
    }
    writeAll(w, multiplicityEvals);
    return w.toByteArray();
  }

  private static void writeAll(BinaryWriter w, Ext2[] xs) {
    for (Ext2 x : xs) {
      w.writeExt(x);
    }
  }

  /** Reads a proof of exactly the shape {@code statement} implies. */
  public static LogUpProof read(byte[] bytes, LookupStatement statement) throws ProofFormatException {
    BinaryReader r = new BinaryReader(bytes, "LogUp proof");
    r.readHeader(MAGIC, VERSION, VERSION);
    int maxVars = statement.maxVars();
    Ext2[][][] layers = new Ext2[maxVars][][];
    Ext2[][][] rounds = new Ext2[Math.max(0, maxVars - 1)][][];
    for (int d = 1; d <= maxVars; d++) {
      if (d >= 2) {
        rounds[d - 2] = new Ext2[d - 1][];
        for (int j = 0; j < d - 1; j++) {
          rounds[d - 2][j] = readAll(r, 4);
        }
      }
      int active = statement.activeAt(d).length;
      layers[d - 1] = new Ext2[active][];
      for (int i = 0; i < active; i++) {
        layers[d - 1][i] = readAll(r, 4);
      }
    }
    int lookups = statement.lookups().size();
    Ext2[][] lookupEvals = new Ext2[lookups][];
    for (int k = 0; k < lookups; k++) {
      boolean pair = statement.tables().get(statement.lookups().get(k).table()).hasOutput();
      lookupEvals[k] = readAll(r, pair ? 2 : 1);
    }
    Ext2[] m = readAll(r, statement.tables().size());
    r.expectEnd();
    return new LogUpProof(layers, rounds, lookupEvals, m);
  }

  private static Ext2[] readAll(BinaryReader r, int n) throws ProofFormatException {
    if ((long) n * 16 > r.remaining()) {
      throw new ProofFormatException("LogUp proof: truncated");
    }
    Ext2[] xs = new Ext2[n];
    for (int i = 0; i < n; i++) {
      xs[i] = r.readExt();
    }
    return xs;
  }
}
