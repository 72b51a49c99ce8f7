package io.deepprove.commit;

import io.deepprove.core.codec.BinaryReader;
import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.pcs.OpeningProof;

/**
 * One {@link BasefoldPcs} opening proof: plain data, checked by the verifier.
 *
 * <p>Format v1 ({@link #MAGIC}): header; the Merkle roots of oracles 1..G−1 (32 bytes each);
 * the sum-check round polynomials as (h(0), h(1), h(2)) per round, interleaved Ext2; the final
 * polynomial's monomial coefficients, interleaved Ext2; then per queried oracle the opened leaves
 * (sorted by leaf index, base-field words for oracle 0, interleaved Ext2 after) and the
 * multi-proof sibling digests.
 */
public final class BasefoldProof implements OpeningProof {

  public static final String MAGIC = "PCSP";
  public static final int CURRENT_VERSION = 1;

  static final int MAX_ORACLES = 64;
  static final int MAX_WORDS = 1 << 26;

  private final byte[][] oracleRoots;
  private final long[] roundEvals;
  private final long[] finalCoeffs;
  private final long[][] leafValues;
  private final byte[][] siblings;

  BasefoldProof(
      byte[][] oracleRoots, long[] roundEvals, long[] finalCoeffs, long[][] leafValues, byte[][] siblings) {
    if (leafValues.length != siblings.length || leafValues.length > MAX_ORACLES || oracleRoots.length > MAX_ORACLES) {
      throw new IllegalArgumentException("inconsistent opening proof");
    }
    this.oracleRoots = new byte[oracleRoots.length][];
    for (int i = 0; i < oracleRoots.length; i++) {
      if (oracleRoots[i].length != MerkleTree.DIGEST_BYTES) {
        throw new IllegalArgumentException("oracle root of " + oracleRoots[i].length + " bytes");
      }
      this.oracleRoots[i] = oracleRoots[i].clone();
    }
    this.roundEvals = canonicalCopy(roundEvals);
    this.finalCoeffs = canonicalCopy(finalCoeffs);
    this.leafValues = new long[leafValues.length][];
    this.siblings = new byte[siblings.length][];
    for (int g = 0; g < leafValues.length; g++) {
      this.leafValues[g] = canonicalCopy(leafValues[g]);
      if (siblings[g].length % MerkleTree.DIGEST_BYTES != 0) {
        throw new IllegalArgumentException("sibling bytes not a multiple of the digest size");
      }
      this.siblings[g] = siblings[g].clone();
    }
  }

  private static long[] canonicalCopy(long[] xs) {
    for (long x : xs) {
      if (!Goldilocks.isCanonical(x)) {
        throw new IllegalArgumentException("non-canonical field element in an opening proof");
      }
    }
    return xs.clone();
  }

  // Package-private views without copies, for the verifier (never mutated there).
  byte[][] oracleRootsUnsafe() {
    return oracleRoots;
  }

  long[] roundEvalsUnsafe() {
    return roundEvals;
  }

  long[] finalCoeffsUnsafe() {
    return finalCoeffs;
  }

  long[][] leafValuesUnsafe() {
    return leafValues;
  }

  byte[][] siblingsUnsafe() {
    return siblings;
  }

  /** The number of sum-check rounds in the proof. */
  public int rounds() {
    return roundEvals.length / 6;
  }

  /** A copy with one part replaced, for soundness tests of the exact check that part feeds. */
  BasefoldProof with(byte[][] roots, long[] rounds, long[] fin, long[][] leaves, byte[][] sibs) {
    return new BasefoldProof(roots, rounds, fin, leaves, sibs);
  }

  @Override
  public void write(BinaryWriter w) {
    w.writeHeader(MAGIC, CURRENT_VERSION);
    w.writeLength(oracleRoots.length);
    for (byte[] root : oracleRoots) {
      w.writeRaw(root);
    }
    w.writeFieldArray(roundEvals);
    w.writeFieldArray(finalCoeffs);
    w.writeLength(leafValues.length);
    for (int g = 0; g < leafValues.length; g++) {
      w.writeFieldArray(leafValues[g]);
      w.writeBytes(siblings[g]);
    }
  }

  /** The serialized proof. */
  public byte[] toBytes() {
    BinaryWriter w = new BinaryWriter(1 << 16);
    write(w);
    return w.toByteArray();
  }

  /** The size of {@link #toBytes()}. */
  public int sizeBytes() {
    return toBytes().length;
  }

  static BasefoldProof read(BinaryReader r) throws ProofFormatException {
    r.readHeader(MAGIC, CURRENT_VERSION, CURRENT_VERSION);
    int rootCount = r.readLength(MerkleTree.DIGEST_BYTES, MAX_ORACLES);
    byte[][] roots = new byte[rootCount][];
    for (int i = 0; i < rootCount; i++) {
      roots[i] = r.readRaw(MerkleTree.DIGEST_BYTES);
    }
    long[] rounds = r.readFieldArray(MAX_WORDS);
    if (rounds.length % 6 != 0) {
      throw new ProofFormatException("opening proof: round evaluations are not triples of Ext2");
    }
    long[] fin = r.readFieldArray(MAX_WORDS);
    if (fin.length % 2 != 0) {
      throw new ProofFormatException("opening proof: final coefficients are not Ext2 values");
    }
    int levels = r.readLength(8, MAX_ORACLES);
    long[][] leaves = new long[levels][];
    byte[][] sibs = new byte[levels][];
    for (int g = 0; g < levels; g++) {
      leaves[g] = r.readFieldArray(MAX_WORDS);
      sibs[g] = r.readBytes(Integer.MAX_VALUE);
      if (sibs[g].length % MerkleTree.DIGEST_BYTES != 0) {
        throw new ProofFormatException("opening proof: sibling bytes not a multiple of 32");
      }
    }
    return new BasefoldProof(roots, rounds, fin, leaves, sibs);
  }
}
