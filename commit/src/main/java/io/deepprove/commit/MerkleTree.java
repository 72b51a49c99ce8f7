package io.deepprove.commit;

import io.deepprove.core.parallel.Parallel;
import io.deepprove.core.verify.VerificationException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A SHA-256 Merkle tree whose leaves are rows of {@code width} field words (a folding coset of a
 * codeword), stored as a heap: node 1 is the root, node i has children 2i and 2i + 1, leaf j is
 * node L + j. Leaves hash as H(0x00 ‖ words, little-endian) and inner nodes as H(0x01 ‖ left ‖
 * right), so a leaf can never pass for a node.
 *
 * <p>Openings are multi-proofs: for a sorted set of leaves the proof lists, level by level from
 * the leaves up, only the siblings the verifier cannot compute itself (a sibling that is itself
 * opened, or the parent of two opened nodes, costs nothing).
 */
final class MerkleTree {

  static final int DIGEST_BYTES = 32;
  private static final byte LEAF_TAG = 0;
  private static final byte NODE_TAG = 1;
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final int leaves;
  private final byte[] nodes;

  private MerkleTree(int leaves, byte[] nodes) {
    this.leaves = leaves;
    this.nodes = nodes;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** Builds the tree over {@code words}, cut into leaves of {@code width} words each. */
  static MerkleTree build(long[] words, int width, Parallel par) {
    if (width <= 0 || words.length % width != 0 || Integer.bitCount(words.length / width) != 1) {
      throw new IllegalArgumentException("Merkle tree needs a power-of-two number of leaves");
    }
    int leafCount = words.length / width;
    byte[] nodes = new byte[2 * leafCount * DIGEST_BYTES];
    int grain = Math.max(1, (1 << 12) / width);
    par.forRange(leafCount, grain, (from, to) -> {
      MessageDigest md = sha256();
      byte[] scratch = new byte[8 * width];
      for (int j = from; j < to; j++) {
        hashLeaf(md, words, j * width, width, scratch, nodes, (leafCount + j) * DIGEST_BYTES);
      }
    });
    for (int levelStart = leafCount >>> 1; levelStart >= 1; levelStart >>>= 1) {
      int start = levelStart;
      par.forRange(start, 1 << 11, (from, to) -> {
        MessageDigest md = sha256();
        for (int i = start + from; i < start + to; i++) {
          hashNode(md, nodes, 2 * i * DIGEST_BYTES, nodes, i * DIGEST_BYTES);
        }
      });
    }
    return new MerkleTree(leafCount, nodes);
  }

  static void hashLeaf(
      MessageDigest md, long[] words, int from, int width, byte[] scratch, byte[] out, int outOff) {
    for (int w = 0; w < width; w++) {
      LONG_LE.set(scratch, 8 * w, words[from + w]);
    }
    md.update(LEAF_TAG);
    md.update(scratch, 0, 8 * width);
    digestInto(md, out, outOff);
  }

  /** H(0x01 ‖ the 64 bytes at children[childOff]) into out[outOff]. */
  static void hashNode(MessageDigest md, byte[] children, int childOff, byte[] out, int outOff) {
    md.update(NODE_TAG);
    md.update(children, childOff, 2 * DIGEST_BYTES);
    digestInto(md, out, outOff);
  }

  private static void digestInto(MessageDigest md, byte[] out, int off) {
    try {
      md.digest(out, off, DIGEST_BYTES);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException("SHA-256 digest into a buffer failed", e);
    }
  }

  int leafCount() {
    return leaves;
  }

  byte[] root() {
    return Arrays.copyOfRange(nodes, DIGEST_BYTES, 2 * DIGEST_BYTES);
  }

  /** The multi-proof siblings for {@code sortedLeaves} (strictly increasing leaf indices). */
  byte[] openSiblings(int[] sortedLeaves) {
    int[] ids = new int[sortedLeaves.length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = leaves + sortedLeaves[i];
    }
    int count = ids.length;
    byte[] out = new byte[0];
    int outLen = 0;
    while (!(count == 1 && ids[0] == 1) && count > 0) {
      int next = 0;
      int i = 0;
      while (i < count) {
        int node = ids[i];
        if (i + 1 < count && ids[i + 1] == (node ^ 1)) {
          i += 2;
        } else {
          if (outLen + DIGEST_BYTES > out.length) {
            out = Arrays.copyOf(out, Math.max(2 * out.length, 32 * DIGEST_BYTES));
          }
          System.arraycopy(nodes, (node ^ 1) * DIGEST_BYTES, out, outLen, DIGEST_BYTES);
          outLen += DIGEST_BYTES;
          i += 1;
        }
        ids[next++] = node >>> 1;
      }
      count = next;
    }
    return Arrays.copyOf(out, outLen);
  }

  /**
   * Recomputes the root from opened leaf digests and the multi-proof siblings and compares it with
   * {@code root}. {@code leafDigests} holds 32 bytes per opened leaf, in the order of
   * {@code sortedLeaves}.
   */
  static void verify(
      MessageDigest md,
      byte[] root,
      int leafCount,
      int[] sortedLeaves,
      byte[] leafDigests,
      byte[] siblings,
      int level)
      throws VerificationException {
    int count = sortedLeaves.length;
    int[] ids = new int[count];
    byte[] cur = leafDigests.clone();
    for (int i = 0; i < count; i++) {
      ids[i] = leafCount + sortedLeaves[i];
    }
    byte[] pair = new byte[2 * DIGEST_BYTES];
    int sib = 0;
    while (count > 0 && !(count == 1 && ids[0] == 1)) {
      int next = 0;
      int i = 0;
      while (i < count) {
        int node = ids[i];
        if (i + 1 < count && ids[i + 1] == (node ^ 1)) {
          System.arraycopy(cur, i * DIGEST_BYTES, pair, 0, 2 * DIGEST_BYTES);
          i += 2;
        } else {
          if (sib + DIGEST_BYTES > siblings.length) {
            throw new VerificationException(
                PcsCheck.PROOF_SHAPE, "oracle " + level + ": too few Merkle siblings");
          }
          int mine = (node & 1) * DIGEST_BYTES;
          System.arraycopy(cur, i * DIGEST_BYTES, pair, mine, DIGEST_BYTES);
          System.arraycopy(siblings, sib, pair, DIGEST_BYTES - mine, DIGEST_BYTES);
          sib += DIGEST_BYTES;
          i += 1;
        }
        hashNode(md, pair, 0, cur, next * DIGEST_BYTES);
        ids[next++] = node >>> 1;
      }
      count = next;
    }
    if (sib != siblings.length) {
      throw new VerificationException(
          PcsCheck.PROOF_SHAPE, "oracle " + level + ": unused Merkle siblings");
    }
    if (!MessageDigest.isEqual(Arrays.copyOf(cur, DIGEST_BYTES), root)) {
      throw new VerificationException(
          PcsCheck.MERKLE_PATH, "oracle " + level + ": opened leaves do not hash to the root");
    }
  }
}
