package io.deepprove.commit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deepprove.core.codec.BinaryReader;
import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.pcs.OpeningClaim;
import io.deepprove.core.poly.Eq;
import io.deepprove.core.poly.Multilinear;
import io.deepprove.core.transcript.Transcript;
import io.deepprove.core.verify.VerificationException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModelCommitmentTest {

  private static ModelCommitment.Tensor tensor(SplittableRandom rng, String name, int... shape) {
    int size = 1;
    for (int d : shape) {
      size *= d;
    }
    long[] v = new long[size];
    for (int i = 0; i < size; i++) {
      v[i] = rng.nextInt(-128, 128);
    }
    return new ModelCommitment.Tensor(name, v, shape);
  }

  private static List<ModelCommitment.Tensor> model(SplittableRandom rng) {
    return List.of(
        tensor(rng, "conv1.weight", 8, 3, 3, 3),
        tensor(rng, "conv1.bias", 8),
        tensor(rng, "fc.weight", 10, 200),
        tensor(rng, "fc.bias", 10),
        tensor(rng, "scale", new int[0]),
        tensor(rng, "fc2.bias", 12));
  }

  @Test
  void paddedTableFollowsTheRowMajorPerDimensionConvention() {
    // W = [[1, -2, 3], [4, 5, 6]] pads to 2 × 4: [1, -2, 3, 0, 4, 5, 6, 0]
    long[] t = ModelCommitment.paddedTable(new long[] {1, -2, 3, 4, 5, 6}, new int[] {2, 3});
    assertArrayEquals(new long[] {1, Goldilocks.fromSigned(-2), 3, 0, 4, 5, 6, 0}, t);
    // W̃(r_row, r_col) at Boolean points picks W[row][col]
    Ext2[] point = {Ext2.ONE, Ext2.ZERO, Ext2.ONE}; // row 1, col 01 = 1
    assertEquals(Ext2.ofBase(5), Multilinear.evaluateBase(t, point));
  }

  @Test
  void claimsOnTensorsOpenAgainstTheModelCommitment() throws Exception {
    SplittableRandom rng = new SplittableRandom(1);
    List<ModelCommitment.Tensor> tensors = model(rng);
    BasefoldPcs pcs = new BasefoldPcs(PcsParams.DEFAULT, 2);
    ModelCommitment mc = ModelCommitment.commit(pcs, tensors);

    List<OpeningClaim> claims = new ArrayList<>();
    for (ModelCommitment.Tensor t : tensors) {
      Ext2[] r = TestSupport.randomPoint(rng, t.spec().numVars(), false);
      claims.add(mc.claim(t.name(), r, t.evaluate(r)));
    }
    BasefoldProof proof = pcs.open(mc.proverData(), claims, new Transcript("model"));

    // the verifier side: public part from bytes
    BinaryWriter w = new BinaryWriter();
    mc.writePublic(w);
    BinaryReader r = new BinaryReader(w.toByteArray(), "vk");
    ModelCommitment vk = ModelCommitment.readPublic(r);
    r.expectEnd();
    assertEquals(mc, vk);
    assertThrows(IllegalStateException.class, vk::proverData);
    pcs.verify(vk.commitment(), claims, proof, new Transcript("model"));

    // a claim about fc.bias presented as one about fc2.bias (same arity) is rejected
    List<OpeningClaim> swapped = new ArrayList<>(claims);
    OpeningClaim bias = claims.get(vk.indexOf("fc.bias"));
    swapped.set(vk.indexOf("fc.bias"), vk.claim("fc2.bias", bias.point(), bias.value()));
    assertThrows(VerificationException.class,
        () -> pcs.verify(vk.commitment(), swapped, proof, new Transcript("model")));
  }

  @Test
  void committedPointSelectsTheTensorsSubcube() {
    SplittableRandom rng = new SplittableRandom(2);
    List<ModelCommitment.Tensor> tensors = model(rng);
    ModelCommitment mc = ModelCommitment.commit(new BasefoldPcs(PcsParams.DEFAULT, 1), tensors);
    // the packed polynomial, rebuilt from the layout
    PackedLayout layout = mc.commitment().layout();
    long[] packed = new long[1 << layout.totalVars()];
    for (ModelCommitment.Tensor t : tensors) {
      long[] table = t.mleTable();
      int off = mc.offset(t.name());
      assertEquals(0, off % table.length, "aligned offset");
      System.arraycopy(table, 0, packed, off, table.length);
    }
    for (ModelCommitment.Tensor t : tensors) {
      Ext2[] r = TestSupport.randomPoint(rng, t.spec().numVars(), false);
      Ext2[] z = mc.committedPoint(t.name(), r);
      assertEquals(layout.totalVars(), z.length);
      assertEquals(t.evaluate(r), Multilinear.evaluateBase(packed, z), t.name());
      // and eq over the prefix is a 0/1 selector
      assertEquals(Ext2.ONE, Eq.evaluate(java.util.Arrays.copyOf(z, z.length - r.length),
          java.util.Arrays.copyOf(z, z.length - r.length)));
    }
  }

  @Test
  void badTensorsAndMalformedBytesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new ModelCommitment.Tensor("w", new long[5], new int[] {2, 3}));
    assertThrows(IllegalArgumentException.class, () -> new ModelCommitment.Tensor("", new long[1], new int[] {1}));
    assertThrows(IllegalArgumentException.class, () -> new ModelCommitment.Tensor("w", new long[0], new int[] {0}));
    SplittableRandom rng = new SplittableRandom(3);
    BasefoldPcs pcs = new BasefoldPcs(PcsParams.DEFAULT, 1);
    assertThrows(IllegalArgumentException.class,
        () -> ModelCommitment.commit(pcs, List.of(tensor(rng, "a", 2), tensor(rng, "a", 3))));
    ModelCommitment mc = ModelCommitment.commit(pcs, model(rng));
    BinaryWriter w = new BinaryWriter();
    mc.writePublic(w);
    byte[] bytes = w.toByteArray();
    for (int i = 0; i < bytes.length; i++) {
      byte[] m = bytes.clone();
      m[i] ^= (byte) 0x41;
      try {
        BinaryReader r = new BinaryReader(m, "vk");
        ModelCommitment read = ModelCommitment.readPublic(r);
        r.expectEnd();
        // a flip inside the root or a name still parses; it must then differ from the original
        org.junit.jupiter.api.Assertions.assertNotEquals(mc, read, "byte " + i);
      } catch (ProofFormatException expected) {
        // rejected
      }
    }
    for (int len = 0; len < bytes.length; len++) {
      byte[] cut = java.util.Arrays.copyOf(bytes, len);
      assertThrows(ProofFormatException.class, () -> {
        BinaryReader r = new BinaryReader(cut, "vk");
        ModelCommitment.readPublic(r);
        r.expectEnd();
      });
    }
  }
}
