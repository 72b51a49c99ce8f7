package io.deepprove.commit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deepprove.core.codec.BinaryReader;
import io.deepprove.core.pcs.OpeningClaim;
import io.deepprove.core.pcs.PolynomialCommitment.Committed;
import io.deepprove.core.transcript.Transcript;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class BasefoldPcsTest {

  static final String LABEL = "commit-test";

  static BasefoldProof openAndVerify(BasefoldPcs pcs, List<long[]> polys, List<OpeningClaim> claims) throws Exception {
    Committed committed = pcs.commit(polys);
    BasefoldProof proof = pcs.open(committed.proverData(), claims, new Transcript(LABEL));
    // through bytes, as a verifier gets it
    byte[] bytes = proof.toBytes();
    BasefoldProof read = pcs.readOpeningProof(new BinaryReader(bytes, "proof"));
    pcs.verify(committed.commitment(), claims, read, new Transcript(LABEL));
    return proof;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
  void completenessOneClaimPerSize(int vars) throws Exception {
    SplittableRandom rng = new SplittableRandom(vars);
    BasefoldPcs pcs = new BasefoldPcs(PcsParams.DEFAULT, 2);
    List<long[]> polys = List.of(TestSupport.randomPoly(rng, vars));
    assertDoesNotThrow(() -> openAndVerify(pcs, polys, TestSupport.claims(rng, polys, 1)));
    assertDoesNotThrow(() -> openAndVerify(pcs, polys, TestSupport.claims(rng, polys, 2)));
  }
}
