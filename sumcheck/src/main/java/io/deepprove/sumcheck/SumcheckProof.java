package io.deepprove.sumcheck;

import io.deepprove.core.codec.BinaryReader;
import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.core.field.Ext2;

/**
 * A sum-check proof: for each round i, the round polynomial s_i given by its evaluations
 * s_i(0), s_i(1), …, s_i(d) at the integers 0..d (d = the statement's degree). Sending s_i(1)
 * although s_i(0) + s_i(1) must equal the running claim costs one extension element per round and
 * lets the verifier reject a bad round at that round, naming it.
 */
public record SumcheckProof(Ext2[][] rounds) {

  /** Bounds for reading: no statement has more variables or a higher degree. */
  static final int MAX_ROUNDS = 64;

  public SumcheckProof {
    rounds = deepCopy(rounds);
  }

  @Override
  public Ext2[][] rounds() {
    return deepCopy(rounds);
  }

  public int numRounds() {
    return rounds.length;
  }

  /** Round i's evaluations (a copy). */
  public Ext2[] round(int i) {
    return rounds[i].clone();
  }

  Ext2[][] roundsUnsafe() {
    return rounds;
  }

  private static Ext2[][] deepCopy(Ext2[][] r) {
    Ext2[][] c = new Ext2[r.length][];
    for (int i = 0; i < r.length; i++) {
      c[i] = r[i].clone();
    }
    return c;
  }

  public void write(BinaryWriter w) {
    w.writeLength(rounds.length);
    for (Ext2[] round : rounds) {
      w.writeExtArray(round);
    }
  }

  public static SumcheckProof read(BinaryReader r) throws ProofFormatException {
    int n = r.readLength(4, MAX_ROUNDS);
    Ext2[][] rounds = new Ext2[n][];
    for (int i = 0; i < n; i++) {
      rounds[i] = r.readExtArray(ProductShape.MAX_DEGREE + 1);
    }
    return new SumcheckProof(rounds);
  }

  /** Serialized size in bytes. */
  public int sizeBytes() {
    int s = 4;
    for (Ext2[] round : rounds) {
      s += 4 + 16 * round.length;
    }
    return s;
  }
}
