package io.deepprove.commit;

import io.deepprove.core.codec.BinaryReader;
import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.core.pcs.Commitment;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A {@link BasefoldPcs} commitment: the parameters it was made with, the number of variables of
 * every committed polynomial (their {@link PackedLayout} follows from these), and the Merkle root
 * of the packed polynomial's codeword.
 */
public final class BasefoldCommitment implements Commitment {

  /** Magic bytes of the serialized commitment. */
  public static final String MAGIC = "PCSC";

  public static final int CURRENT_VERSION = 1;

  /** The most polynomials one commitment may hold. */
  public static final int MAX_POLYNOMIALS = 1 << 16;

  private final PcsParams params;
  private final int[] numVars;
  private final byte[] root;
  private final PackedLayout layout;

  public BasefoldCommitment(PcsParams params, int[] numVars, byte[] root) {
    if (root.length != MerkleTree.DIGEST_BYTES) {
      throw new IllegalArgumentException("root must have " + MerkleTree.DIGEST_BYTES + " bytes");
    }
    if (numVars.length == 0 || numVars.length > MAX_POLYNOMIALS) {
      throw new IllegalArgumentException("a commitment holds 1.." + MAX_POLYNOMIALS + " polynomials");
    }
    this.params = params;
    this.numVars = numVars.clone();
    this.root = root.clone();
    this.layout = PackedLayout.of(this.numVars);
    if (layout.totalVars() > params.maxVars()) {
      throw new IllegalArgumentException(
          "packed polynomial has " + layout.totalVars() + " variables, parameters allow " + params.maxVars());
    }
  }

  public PcsParams params() {
    return params;
  }

  @Override
  public int[] numVars() {
    return numVars.clone();
  }

  @Override
  public byte[] digest() {
    return root.clone();
  }

  /** Where each polynomial sits in the packed, committed polynomial. */
  public PackedLayout layout() {
    return layout;
  }

  byte[] rootUnsafe() {
    return root;
  }

  @Override
  public void write(BinaryWriter w) {
    w.writeHeader(MAGIC, CURRENT_VERSION);
    w.writeString(params.name());
    w.writeByte(params.logInvRate());
    w.writeInt(params.queries());
    w.writeByte(params.foldLog());
    w.writeByte(params.finalVars());
    w.writeBoolean(params.proven());
    w.writeByte(params.maxVars());
    w.writeIntArray(numVars);
    w.writeRaw(root);
  }

  /** The serialized form (for transcripts and files). */
  public byte[] toBytes() {
    BinaryWriter w = new BinaryWriter(64 + 4 * numVars.length);
    write(w);
    return w.toByteArray();
  }

  static BasefoldCommitment read(BinaryReader r) throws ProofFormatException {
    r.readHeader(MAGIC, CURRENT_VERSION, CURRENT_VERSION);
    String name = r.readString(64);
    int logInvRate = r.readByte();
    int queries = r.readInt();
    int foldLog = r.readByte();
    int finalVars = r.readByte();
    boolean proven = r.readBoolean();
    int maxVars = r.readByte();
    PcsParams params;
    try {
      params = new PcsParams(name, logInvRate, queries, foldLog, finalVars, proven, maxVars);
    } catch (IllegalArgumentException e) {
      throw new ProofFormatException("commitment: invalid parameters: " + e.getMessage());
    }
    int[] numVars = r.readIntArray(MAX_POLYNOMIALS);
    if (numVars.length == 0) {
      throw new ProofFormatException("commitment: no polynomials");
    }
    long total = 0;
    for (int v : numVars) {
      if (v < 0 || v > params.maxVars()) {
        throw new ProofFormatException("commitment: polynomial with " + v + " variables");
      }
      total += 1L << v;
    }
    if (total > 1L << params.maxVars()) {
      throw new ProofFormatException("commitment: polynomials exceed 2^" + params.maxVars() + " values");
    }
    byte[] root = r.readRaw(MerkleTree.DIGEST_BYTES);
    return new BasefoldCommitment(params, numVars, root);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BasefoldCommitment c
        && params.equals(c.params)
        && Arrays.equals(numVars, c.numVars)
        && Arrays.equals(root, c.root);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * params.hashCode() + Arrays.hashCode(numVars)) + Arrays.hashCode(root);
  }

  @Override
  public String toString() {
    return "BasefoldCommitment[" + params.name() + ", vars=" + Arrays.toString(numVars)
        + ", root=" + HexFormat.of().formatHex(root) + "]";
  }
}
