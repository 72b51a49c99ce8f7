package io.deepprove.commit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deepprove.core.parallel.Parallel;
import io.deepprove.core.verify.VerificationException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

  private static byte[] sha(byte[]... parts) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }

  private static byte[] le(long... words) {
    byte[] b = new byte[8 * words.length];
    for (int w = 0; w < words.length; w++) {
      for (int i = 0; i < 8; i++) {
        b[8 * w + i] = (byte) (words[w] >>> (8 * i));
      }
    }
    return b;
  }

  @Test
  void rootIsTheDomainSeparatedHashOfLeavesAndNodes() throws Exception {
    long[] words = {1, 2, 3, 4, 5, 6, 7, 8};
    MerkleTree t = MerkleTree.build(words, 2, Parallel.SEQUENTIAL);
    byte[][] leaf = new byte[4][];
    for (int i = 0; i < 4; i++) {
      leaf[i] = sha(new byte[] {0}, le(words[2 * i], words[2 * i + 1]));
    }
    byte[] n0 = sha(new byte[] {1}, leaf[0], leaf[1]);
    byte[] n1 = sha(new byte[] {1}, leaf[2], leaf[3]);
    assertArrayEquals(sha(new byte[] {1}, n0, n1), t.root());
    // one leaf: the root is the leaf hash
    assertArrayEquals(sha(new byte[] {0}, le(9, 10)), MerkleTree.build(new long[] {9, 10}, 2, Parallel.SEQUENTIAL).root());
  }

  @Test
  void multiProofsShareSiblingsAndVerify() throws Exception {
    SplittableRandom rng = new SplittableRandom(1);
    long[] words = TestSupport.randomPoly(rng, 12); // 4096 words, 256 leaves of 16
    MerkleTree t = MerkleTree.build(words, 16, Parallel.of(2));
    assertArrayEquals(t.root(), MerkleTree.build(words, 16, Parallel.SEQUENTIAL).root());
    MessageDigest md = MerkleTree.sha256();
    for (int count : new int[] {1, 2, 10, 100, 256}) {
      int[] leaves = IntStream.generate(() -> rng.nextInt(256)).limit(count).sorted().distinct().toArray();
      byte[] sibs = t.openSiblings(leaves);
      byte[] digests = digests(md, words, leaves);
      assertDoesNotThrow(() -> MerkleTree.verify(md, t.root(), 256, leaves, digests, sibs, 0));
      // single paths would need 8 siblings each; sharing never needs more
      assertEquals(0, sibs.length % 32);
      org.junit.jupiter.api.Assertions.assertTrue(sibs.length / 32 <= 8 * leaves.length);
      if (leaves.length == 256) {
        assertEquals(0, sibs.length, "all leaves opened: no sibling needed");
      }
      // a wrong leaf, a wrong sibling, a missing or extra sibling are rejected
      byte[] badDigests = digests.clone();
      badDigests[3] ^= 1;
      assertEquals(PcsCheck.MERKLE_PATH, assertThrows(VerificationException.class,
          () -> MerkleTree.verify(md, t.root(), 256, leaves, badDigests, sibs, 0)).check());
      if (sibs.length > 0) {
        byte[] badSibs = sibs.clone();
        badSibs[badSibs.length - 1] ^= 1;
        assertEquals(PcsCheck.MERKLE_PATH, assertThrows(VerificationException.class,
            () -> MerkleTree.verify(md, t.root(), 256, leaves, digests, badSibs, 0)).check());
        assertEquals(PcsCheck.PROOF_SHAPE, assertThrows(VerificationException.class,
            () -> MerkleTree.verify(md, t.root(), 256, leaves, digests, Arrays.copyOf(sibs, sibs.length - 32), 0)).check());
      }
      assertEquals(PcsCheck.PROOF_SHAPE, assertThrows(VerificationException.class,
          () -> MerkleTree.verify(md, t.root(), 256, leaves, digests, Arrays.copyOf(sibs, sibs.length + 32), 0)).check());
    }
  }

  @Test
  void adjacentLeavesNeedOnePathLessThanTwoSeparateOnes() {
    long[] words = new long[64];
    MerkleTree t = MerkleTree.build(words, 1, Parallel.SEQUENTIAL); // 64 leaves, depth 6
    assertEquals(6 * 32, t.openSiblings(new int[] {5}).length);
    assertEquals(5 * 32, t.openSiblings(new int[] {4, 5}).length);
    assertEquals(2 * 5 * 32, t.openSiblings(new int[] {0, 63}).length);
  }

  private static byte[] digests(MessageDigest md, long[] words, int[] leaves) {
    byte[] out = new byte[32 * leaves.length];
    byte[] scratch = new byte[8 * 16];
    for (int i = 0; i < leaves.length; i++) {
      MerkleTree.hashLeaf(md, words, 16 * leaves[i], 16, scratch, out, 32 * i);
    }
    return out;
  }
}
