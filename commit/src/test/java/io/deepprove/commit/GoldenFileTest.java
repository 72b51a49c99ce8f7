package io.deepprove.commit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepprove.core.codec.BinaryReader;
import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.core.field.Ext2;
import io.deepprove.core.pcs.OpeningClaim;
import io.deepprove.core.pcs.PolynomialCommitment.Committed;
import io.deepprove.core.transcript.Transcript;
import io.deepprove.core.verify.VerificationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * testdata/commit/opening-v1.bin, written once by format version 1 and read by every later build:
 * "GOLD", then a commitment (PCSC v1), the claims (count; per claim the polynomial index, the
 * point, the value) and an opening proof (PCSP v1) for transcript label {@link #LABEL}. Regenerate
 * only for a new format version, with -Ddeepprove.writeGolden=true.
 */
class GoldenFileTest {

  static final String LABEL = "deepprove-commit-golden-v1";
  static final Path FILE = Path.of("..", "testdata", "commit", "opening-v1.bin");

  /**
   * The parameters the file was written with: the default preset of that day, which admitted 2^24
   * values (it admits 2^25 since). Parameters travel in the commitment, so the file still reads and
   * verifies under them.
   */
  static final PcsParams WRITTEN_WITH = new PcsParams("conjectured-100", 1, 100, 4, 4, false, 24);

  @Test
  void readsAndVerifiesTheVersion1GoldenFile() throws Exception {
    byte[] bytes = Files.readAllBytes(FILE);
    BinaryReader r = new BinaryReader(bytes, FILE.toString());
    r.readHeader("GOLD", 1, 1);
    BasefoldPcs pcs = new BasefoldPcs(WRITTEN_WITH, 2);
    BasefoldCommitment commitment = pcs.readCommitment(r);
    List<OpeningClaim> claims = readClaims(r);
    BasefoldProof proof = pcs.readOpeningProof(r);
    r.expectEnd();
    assertEquals(WRITTEN_WITH, commitment.params());
    assertArrayEquals(new int[] {10, 7, 0}, commitment.numVars());
    pcs.verify(commitment, claims, proof, new Transcript(LABEL));
    // what was read writes back to the same bytes
    assertArrayEquals(bytes, write(commitment, claims, proof));
    // and it is no blanket acceptance: another label changes every challenge
    assertThrows(VerificationException.class, () -> pcs.verify(commitment, claims, proof, new Transcript("other")));
  }

  @Test
  void aFutureVersionIsRejectedAsAFormatError() throws Exception {
    byte[] bytes = Files.readAllBytes(FILE);
    BinaryReader r = new BinaryReader(bytes, FILE.toString());
    r.readHeader("GOLD", 1, 1);
    int at = bytes.length - r.remaining() + 4; // the commitment's version word
    bytes[at] = 2;
    BinaryReader again = new BinaryReader(bytes, FILE.toString());
    again.readHeader("GOLD", 1, 1);
    ProofFormatException e = assertThrows(ProofFormatException.class, () -> new BasefoldPcs(WRITTEN_WITH).readCommitment(again));
    assertTrue(e.getMessage().contains("version 2"), e.getMessage());
  }

  @Test
  @EnabledIfSystemProperty(named = "deepprove.writeGolden", matches = "true")
  void writeGoldenFile() throws IOException {
    SplittableRandom rng = new SplittableRandom(20261125);
    List<long[]> polys = List.of(
        TestSupport.randomPoly(rng, 10), TestSupport.randomPoly(rng, 7), TestSupport.randomPoly(rng, 0));
    List<OpeningClaim> claims = TestSupport.claims(rng, polys, 4);
    BasefoldPcs pcs = new BasefoldPcs(WRITTEN_WITH, 1);
    Committed committed = pcs.commit(polys);
    BasefoldProof proof = pcs.open(committed.proverData(), claims, new Transcript(LABEL));
    Files.createDirectories(FILE.getParent());
    Files.write(FILE, write((BasefoldCommitment) committed.commitment(), claims, proof));
  }

  private static byte[] write(BasefoldCommitment c, List<OpeningClaim> claims, BasefoldProof proof) {
    BinaryWriter w = new BinaryWriter();
    w.writeHeader("GOLD", 1);
    c.write(w);
    w.writeLength(claims.size());
    for (OpeningClaim claim : claims) {
      w.writeInt(claim.polynomial());
      w.writeExtArray(claim.point());
      w.writeExt(claim.value());
    }
    proof.write(w);
    return w.toByteArray();
  }

  private static List<OpeningClaim> readClaims(BinaryReader r) throws ProofFormatException {
    int count = r.readLength(8, 1024);
    List<OpeningClaim> claims = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int poly = r.readInt();
      Ext2[] point = r.readExtArray(64);
      Ext2 value = r.readExt();
      if (poly < 0) {
        throw new ProofFormatException("negative polynomial index");
      }
      claims.add(new OpeningClaim(poly, point, value));
    }
    return claims;
  }
}
