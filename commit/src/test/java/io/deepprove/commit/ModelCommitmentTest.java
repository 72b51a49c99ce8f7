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
    // 4,649 values: fc.weight fills 2^12, the other five pad to 2^10 in a second part
    assertEquals(2, mc.parts().size());
    assertEquals(0, mc.partOf("fc.weight"));
    assertEquals(1, mc.partOf("conv1.weight"));
    ModelCommitment.Opening proof = mc.open(pcs, claims, new Transcript("model"));
    assertEquals(2, proof.proofs().size());

    // the verifier side: public part from bytes
    BinaryWriter w = new BinaryWriter();
    mc.writePublic(w);
    BinaryReader r = new BinaryReader(w.toByteArray(), "vk");
    ModelCommitment vk = ModelCommitment.readPublic(r);
    r.expectEnd();
    assertEquals(mc, vk);
    assertThrows(IllegalStateException.class, () -> vk.open(pcs, claims, new Transcript("model")));
    vk.verify(pcs, claims, proof, new Transcript("model"));
    // through bytes
    BinaryWriter pw = new BinaryWriter();
    proof.write(pw);
    BinaryReader pr = new BinaryReader(pw.toByteArray(), "opening");
    ModelCommitment.Opening read = ModelCommitment.Opening.read(pr);
    pr.expectEnd();
    vk.verify(pcs, claims, read, new Transcript("model"));
    // the part proofs swapped, or one missing, are rejected
    assertThrows(VerificationException.class, () -> vk.verify(pcs, claims,
        new ModelCommitment.Opening(List.of(proof.proofs().get(1), proof.proofs().get(0))), new Transcript("model")));
    assertThrows(VerificationException.class, () -> vk.verify(pcs, claims,
        new ModelCommitment.Opening(List.of(proof.proofs().get(0))), new Transcript("model")));
    // claims on one part only: one proof
    List<OpeningClaim> head = List.of(claims.get(vk.indexOf("fc.weight")));
    ModelCommitment.Opening one = mc.open(pcs, head, new Transcript("model"));
    assertEquals(1, one.proofs().size());
    vk.verify(pcs, head, one, new Transcript("model"));

    // a claim about fc.bias presented as one about fc2.bias (same arity) is rejected
    List<OpeningClaim> swapped = new ArrayList<>(claims);
    OpeningClaim bias = claims.get(vk.indexOf("fc.bias"));
    swapped.set(vk.indexOf("fc.bias"), vk.claim("fc2.bias", bias.point(), bias.value()));
    assertThrows(VerificationException.class,
        () -> vk.verify(pcs, swapped, proof, new Transcript("model")));
  }

  @Test
  void aModelSplitsOnlyWhenThePaddingWouldCostAQuarter() {
    SplittableRandom rng = new SplittableRandom(4);
    BasefoldPcs pcs = new BasefoldPcs(PcsParams.DEFAULT, 1);
    // a power of two in all: one part
    assertEquals(1, ModelCommitment.commit(pcs, List.of(tensor(rng, "w", 64, 64))).parts().size());
    // 4096 + 2049 pads to 8192 either way (4096 + 4096): one part
    assertEquals(1, ModelCommitment.commit(pcs,
        List.of(tensor(rng, "w", 64, 64), tensor(rng, "v", 2048), tensor(rng, "b", 1))).parts().size());
    // 4096 + 1025 → 4096 + 2048 instead of 8192: two parts, each a power of two of its own
    ModelCommitment mc = ModelCommitment.commit(pcs,
        List.of(tensor(rng, "b", 1), tensor(rng, "w", 64, 64), tensor(rng, "v", 1024)));
    assertEquals(2, mc.parts().size());
    assertArrayEquals(new int[] {12}, mc.parts().get(0).numVars());
    assertArrayEquals(new int[] {0, 10}, mc.parts().get(1).numVars());
  }

  @Test
  void committedPointSelectsTheTensorsSubcube() {
    SplittableRandom rng = new SplittableRandom(2);
    List<ModelCommitment.Tensor> tensors = model(rng);
    ModelCommitment mc = ModelCommitment.commit(new BasefoldPcs(PcsParams.DEFAULT, 1), tensors);
    // each part's packed polynomial, rebuilt from its layout
    long[][] packed = new long[mc.parts().size()][];
    for (int p = 0; p < packed.length; p++) {
      packed[p] = new long[1 << mc.parts().get(p).layout().totalVars()];
    }
    for (ModelCommitment.Tensor t : tensors) {
      long[] table = t.mleTable();
      int off = mc.offset(t.name());
      assertEquals(0, off % table.length, "aligned offset");
      System.arraycopy(table, 0, packed[mc.partOf(t.name())], off, table.length);
    }
    for (ModelCommitment.Tensor t : tensors) {
      Ext2[] r = TestSupport.randomPoint(rng, t.spec().numVars(), false);
      Ext2[] z = mc.committedPoint(t.name(), r);
      int p = mc.partOf(t.name());
      assertEquals(mc.parts().get(p).layout().totalVars(), z.length);
      assertEquals(t.evaluate(r), Multilinear.evaluateBase(packed[p], z), t.name());
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
