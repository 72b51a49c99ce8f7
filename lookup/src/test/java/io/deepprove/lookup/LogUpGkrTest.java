package io.deepprove.lookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.transcript.Transcript;
import io.deepprove.core.verify.VerificationException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Completeness: honest proofs verify and their claims are the columns' MLEs at the returned points. */
class LogUpGkrTest {

  private static long[] clampOf(long[] in, long lo, long hi) {
    long[] out = new long[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = Math.max(lo, Math.min(hi, in[i]));
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
  void rangeTablesOfEverySize(int bits) throws Exception {
    SplittableRandom rng = new SplittableRandom(bits);
    long[] v = Fixtures.randomIn(rng, 3000, 0, 1L << bits);
    v[0] = 0;
    v[1] = (1L << bits) - 1; // both ends of the table
    LookupWitness w = LookupWitness.builder().add(Tables.range(bits), v).build();
    LookupClaims claims = Fixtures.proveAndVerify(w, 2);
    assertEquals(2, claims.claims().size()); // the input column and the multiplicities
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 7, 16, 100, 1023, 1024, 1025, 1 << 12, 1 << 14, 1 << 16})
  void lookupCountsFromOneUp(int count) throws Exception {
    SplittableRandom rng = new SplittableRandom(count);
    LookupWitness w = LookupWitness.builder().add(Tables.range(8), Fixtures.randomIn(rng, count, 0, 256)).build();
    Fixtures.proveAndVerify(w, 2);
  }

  @Tag("large")
  @ParameterizedTest
  @ValueSource(ints = {1 << 18, (1 << 18) + 3, 1 << 20})
  void largeLookupCounts(int count) throws Exception {
    SplittableRandom rng = new SplittableRandom(count);
    LookupWitness w = LookupWitness.builder().add(Tables.range(16), Fixtures.randomIn(rng, count, 0, 1 << 16)).build();
    Fixtures.proveAndVerify(w, 2);
  }

  @Test
  void oneLookupIntoATableLargerThanIt() throws Exception {
    LookupWitness w = LookupWitness.builder().add(Tables.range(16), new long[] {40000}).build();
    Fixtures.proveAndVerify(w, 1);
  }

  @Test
  void reluClampPairs() throws Exception {
    SplittableRandom rng = new SplittableRandom(2);
    long[] in = Fixtures.randomIn(rng, 5000, -512, 512);
    LookupWitness w = LookupWitness.builder().add(Tables.reluClamp(10), in, clampOf(in, 0, 127)).build();
    LookupClaims claims = Fixtures.proveAndVerify(w, 2);
    assertEquals(3, claims.claims().size()); // input, output, multiplicities
  }

  @Test
  void clampToInt8Pairs() throws Exception {
    SplittableRandom rng = new SplittableRandom(3);
    long[] in = Fixtures.randomIn(rng, 777, -2048, 2048);
    LookupWitness w = LookupWitness.builder().add(Tables.clamp(12, -128, 127), in, clampOf(in, -128, 127)).build();
    Fixtures.proveAndVerify(w, 1);
  }

  @Test
  void arbitraryFunctionTables() throws Exception {
    SplittableRandom rng = new SplittableRandom(4);
    ExplicitTable sigmoid = Tables.function(-1024, 1023, x -> Math.round(127 / (1 + Math.exp(-x / 128.0))));
    ExplicitTable leaky = Tables.function(-128, 127, x -> x >= 0 ? x : Math.floorDiv(x, 8));
    long[] xs = Fixtures.randomIn(rng, 1500, -1024, 1024);
    long[] ys = new long[xs.length];
    for (int i = 0; i < xs.length; i++) {
      ys[i] = Math.round(127 / (1 + Math.exp(-xs[i] / 128.0)));
    }
    long[] as = Fixtures.randomIn(rng, 300, -128, 128);
    long[] bs = new long[as.length];
    for (int i = 0; i < as.length; i++) {
      bs[i] = as[i] >= 0 ? as[i] : Math.floorDiv(as[i], 8);
    }
    LookupWitness w = LookupWitness.builder().add(sigmoid, xs, ys).add(leaky, as, bs).build();
    Fixtures.proveAndVerify(w, 2);
  }

  @Test
  void severalTablesAndSeveralLookupsPerTableShareOneMultiplicityColumn() throws Exception {
    SplittableRandom rng = new SplittableRandom(5);
    long[] a = Fixtures.randomIn(rng, 4096, 0, 256);
    long[] b = Fixtures.randomIn(rng, 100, 0, 256);
    long[] c = Fixtures.randomIn(rng, 2000, -300, 300);
    long[] d = Fixtures.randomIn(rng, 4000, 0, 1 << 14);
    LookupWitness w =
        LookupWitness.builder()
            .add(Tables.range(8), a)
            .add(Tables.reluClamp(10), c, clampOf(c, 0, 127))
            .add(Tables.range(8), b) // the same table again: merged
            .add(Tables.range(14), d)
            .add(Tables.set(new long[] {-1, 0, 1}), new long[] {1, 1, -1, 0, 0})
            .build();
    assertEquals(4, w.statement().tables().size());
    assertEquals(5, w.statement().lookups().size());
    long total = 0;
    for (long m : w.multiplicities(0)) {
      total += m;
    }
    assertEquals(a.length + b.length, total);
    LookupClaims claims = Fixtures.proveAndVerify(w, 2);
    // 5 inputs + 1 output + 4 multiplicity columns
    assertEquals(10, claims.claims().size());
    // equally long columns end at the same depth, so their claims share one point
    assertArrayEquals(claims.claim(ColumnRef.input(0)).point(), claims.claim(ColumnRef.input(3)).point());
  }

  @Test
  void theVerifierBuildsTheSameStatementFromTheShapeAlone() throws Exception {
    long[] in = {-5, 3, 200};
    long[] out = clampOf(in, 0, 127);
    LookupWitness w =
        LookupWitness.builder()
            .add(Tables.range(8), new long[] {1, 2})
            .add(Tables.reluClamp(9), in, out)
            .add(Tables.range(8), new long[] {3})
            .build();
    LookupStatement shape =
        LookupStatement.builder()
            .add(Tables.range(8), 2)
            .add(Tables.reluClamp(9), 3)
            .add(Tables.range(8), 1)
            .build();
    assertEquals(w.statement(), shape);
    LookupClaims claims = LogUpGkr.verify(shape, Fixtures.prove(w, 1), Fixtures.committed(w));
    claims.close(w.evaluator());
  }

  @Test
  void claimsAreTheColumnsAtTheirPoints() throws Exception {
    SplittableRandom rng = new SplittableRandom(6);
    long[] in = Fixtures.randomIn(rng, 300, -64, 64);
    LookupWitness w = LookupWitness.builder().add(Tables.clamp(7, -10, 10), in, clampOf(in, -10, 10)).build();
    LookupClaims claims = Fixtures.proveAndVerify(w, 1);
    for (ColumnClaim c : claims.claims()) {
      assertEquals(c.point().length, io.deepprove.core.poly.Multilinear.numVars(w.column(c.column()).length));
      assertEquals(io.deepprove.core.poly.Multilinear.evaluateBase(w.column(c.column()), c.point()), c.value());
    }
  }

  @Test
  void proofDoesNotDependOnTheThreadCount() {
    SplittableRandom rng = new SplittableRandom(7);
    long[] in = Fixtures.randomIn(rng, 1 << 15, -512, 512);
    LookupWitness w =
        LookupWitness.builder()
            .add(Tables.range(12), Fixtures.randomIn(rng, (1 << 15) + 17, 0, 4096))
            .add(Tables.reluClamp(10), in, clampOf(in, 0, 127))
            .build();
    byte[] one = Fixtures.prove(w, 1).toBytes();
    assertArrayEquals(one, Fixtures.prove(w, 2).toBytes());
    assertArrayEquals(one, Fixtures.prove(w, 3).toBytes());
    assertArrayEquals(one, LogUpGkr.prove(w, Fixtures.committed(w)).toBytes());
  }

  @Test
  void fastPathsProduceTheGeneralPathsProof() {
    // a no-op leaf hook switches off the base-field and all-ones-numerator fast paths
    SplittableRandom rng = new SplittableRandom(9);
    long[] in = Fixtures.randomIn(rng, 1 << 13, -512, 512);
    LookupWitness w =
        LookupWitness.builder()
            .add(Tables.range(10), Fixtures.randomIn(rng, 1 << 14, 0, 1024)) // full: all-ones leaves
            .add(Tables.range(10), Fixtures.randomIn(rng, 1000, 0, 1024)) // padded
            .add(Tables.reluClamp(10), in, clampOf(in, 0, 127))
            .build();
    byte[] fast = Fixtures.prove(w, 2).toBytes();
    byte[] general = new LogUpProver(w, 2, (k, p, q, a, b) -> {}).prove(Fixtures.committed(w)).toBytes();
    assertArrayEquals(general, fast);
  }

  @Test
  void theTranscriptBindsTheStatement() throws Exception {
    LookupWitness w = LookupWitness.builder().add(Tables.range(8), new long[] {1, 2, 3, 4}).build();
    LogUpProof proof = Fixtures.prove(w, 1);
    // a verifier whose transcript saw different commitments draws different challenges
    Transcript other = new Transcript("deepprove/lookup-test");
    VerificationException e =
        assertThrows(VerificationException.class, () -> LogUpGkr.verify(w.statement(), proof, other));
    // the output layer still sums to zero; the first sum-check round no longer matches
    assertEquals(LogUpCheck.ROUND_SUM, e.check());
  }

  @Test
  void aProofForOneTableDoesNotVerifyAgainstAnother() throws Exception {
    long[] in = {-5, 3, 200, 126, 127};
    LookupWitness w = LookupWitness.builder().add(Tables.reluClamp(9), in, clampOf(in, 0, 127)).build();
    byte[] bytes = Fixtures.prove(w, 1).toBytes();
    // same shape, other clamp bound: the proof parses, and the bound changes every challenge
    LookupStatement other = LookupStatement.builder().add(Tables.clamp(9, 0, 126), in.length).build();
    LogUpProof parsed = LogUpProof.read(bytes, other);
    VerificationException e =
        assertThrows(VerificationException.class, () -> LogUpGkr.verify(other, parsed, Fixtures.committed(w)));
    assertEquals(LogUpCheck.ROUND_SUM, e.check());
  }

  @Test
  void explicitTableWithDuplicateRowsCountsEachValueOnce() throws Exception {
    ExplicitTable t = Tables.set(new long[] {4, 4, 9, 4, -2});
    LookupWitness w = LookupWitness.builder().add(t, new long[] {4, 4, 4, 9, -2, 9}).build();
    assertArrayEquals(new long[] {3, 0, 2, 0, 1, 0, 0, 0}, w.multiplicities(0));
    Fixtures.proveAndVerify(w, 1);
  }

  @Test
  void claimsListEveryColumnOnceInOrder() throws Exception {
    long[] in = {1, 2};
    LookupWitness w =
        LookupWitness.builder()
            .add(Tables.range(3), new long[] {7})
            .add(Tables.reluClamp(4), in, clampOf(in, 0, 127))
            .build();
    LookupClaims claims = Fixtures.proveAndVerify(w, 1);
    assertEquals(
        List.of(ColumnRef.input(0), ColumnRef.input(1), ColumnRef.output(1), ColumnRef.multiplicity(0),
            ColumnRef.multiplicity(1)),
        claims.claims().stream().map(ColumnClaim::column).toList());
    assertThrows(IllegalArgumentException.class, () -> claims.claim(ColumnRef.output(0)));
    ColumnClaim out = claims.claim(ColumnRef.output(1));
    assertArrayEquals(out.point(), out.evalClaim().point());
    assertEquals(out.value(), out.evalClaim().value());
    Ext2[] point = claims.claims().get(0).point();
    point[0] = Ext2.ZERO; // the claim keeps its own copy
    assertEquals(claims.claims().get(0), claims.claim(ColumnRef.input(0)));
    org.junit.jupiter.api.Assertions.assertNotEquals(Ext2.ZERO, claims.claim(ColumnRef.input(0)).point()[0]);
  }

  @Test
  void builderRejectsRowsOutsideTheTable() {
    assertThrows(IllegalArgumentException.class,
        () -> LookupWitness.builder().add(Tables.range(4), new long[] {3, 16}).build());
    assertThrows(IllegalArgumentException.class,
        () -> LookupWitness.builder().add(Tables.reluClamp(8), new long[] {5}, new long[] {6}).build());
    assertThrows(IllegalArgumentException.class,
        () -> LookupWitness.builder().add(Tables.reluClamp(8), new long[] {5}).build());
    assertThrows(IllegalArgumentException.class,
        () -> LookupWitness.builder().add(Tables.range(8), new long[] {5}, new long[] {5}).build());
  }

  @Test
  void limbDecompositionOfThirtyTwoBitValues() throws Exception {
    SplittableRandom rng = new SplittableRandom(8);
    int len = 1000;
    long offset = 1L << 31; // signed 32-bit values
    long[] v = Fixtures.randomIn(rng, len, -(1L << 31), 1L << 31);
    long[][] limbs = LimbDecomposition.split(v, 16, 2, offset);
    LookupWitness w = LimbDecomposition.addRangeLookups(LookupWitness.builder(), limbs, 16).build();
    assertEquals(1, w.statement().tables().size());
    LookupClaims claims = Fixtures.proveAndVerify(w, 2);
    Ext2[] point = claims.claim(ColumnRef.input(0)).point();
    assertArrayEquals(point, claims.claim(ColumnRef.input(1)).point());
    Ext2 recomposed = LimbDecomposition.recompose(
        new Ext2[] {claims.claim(ColumnRef.input(0)).value(), claims.claim(ColumnRef.input(1)).value()},
        16, offset, len, point);
    long[] column = new long[1 << point.length];
    for (int i = 0; i < len; i++) {
      column[i] = io.deepprove.core.field.Goldilocks.fromSigned(v[i]);
    }
    assertEquals(io.deepprove.core.poly.Multilinear.evaluateBase(column, point), recomposed);
    // a value column that is not what the limbs recompose to is caught by this claim
    column[5] = io.deepprove.core.field.Goldilocks.add(column[5], 1);
    org.junit.jupiter.api.Assertions.assertNotEquals(
        io.deepprove.core.poly.Multilinear.evaluateBase(column, point), recomposed);
    assertThrows(IllegalArgumentException.class, () -> LimbDecomposition.split(new long[] {1L << 32}, 16, 2, 0));
  }
}
