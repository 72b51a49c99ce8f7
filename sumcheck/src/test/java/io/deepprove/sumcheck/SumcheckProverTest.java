package io.deepprove.sumcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.transcript.Transcript;
import io.deepprove.core.verify.VerificationException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SumcheckProverTest {

  /** A statement, its tables and an honest proof of it. */
  private record Instance(ProductShape shape, List<Mle> inputs, SumcheckProver.Result result) {}

  private static Instance honest(ProductShape shape, List<Mle> inputs) {
    return new Instance(shape, inputs, SumcheckProver.prove(shape, inputs, Fixtures.transcript()));
  }

  /** Runs the verifier and closes the sub-claim with the true evaluations of the inputs. */
  private static void verifyAndClose(ProductShape shape, List<Mle> inputs, Ext2 claim, SumcheckProof proof)
      throws VerificationException {
    SubClaim sub = SumcheckVerifier.reduce(shape.numVars(), shape.degree(), claim, proof, Fixtures.transcript());
    Ext2[] values = new Ext2[inputs.size()];
    for (int k = 0; k < values.length; k++) {
      values[k] = Fixtures.evaluate(inputs.get(k), sub.point());
    }
    sub.closeWithFactors(shape, values);
  }

  static List<Arguments> shapes() {
    List<Arguments> out = new ArrayList<>();
    for (int n : new int[] {0, 1, 2, 3, 5, 8, 12}) {
      for (int degree = 1; degree <= ProductShape.MAX_DEGREE; degree++) {
        for (int inputKind = 0; inputKind < 3; inputKind++) { // base, extension, mixed
          out.add(Arguments.of(n, degree, inputKind));
        }
      }
    }
    return out;
  }

  @ParameterizedTest(name = "n={0} degree={1} inputs={2}")
  @MethodSource("shapes")
  void honestProductProofsVerify(int n, int degree, int inputKind) throws Exception {
    SplittableRandom rng = new SplittableRandom(1000L * n + 10L * degree + inputKind);
    List<Mle> inputs = new ArrayList<>();
    for (int k = 0; k < degree; k++) {
      boolean ext = inputKind == 1 || (inputKind == 2 && k % 2 == 1);
      inputs.add(Fixtures.randomMle(rng, n, ext));
    }
    ProductShape shape = ProductShape.product(n, degree);
    Instance inst = honest(shape, inputs);
    assertEquals(SumcheckProver.sum(shape, inputs), inst.result().claimedSum());
    verifyAndClose(shape, inputs, inst.result().claimedSum(), inst.result().proof());
    // the prover's final evaluations are the inputs' values at the challenge point
    for (int k = 0; k < degree; k++) {
      assertEquals(Fixtures.evaluate(inputs.get(k), inst.result().point()), inst.result().finalEvaluations()[k]);
    }
  }

  /** c1·f0·f1·f2 + c2·f1 + c3·f3·f3 + c4·f0·f1·f2·f3: terms of different degrees, repeated factors. */
  private static ProductShape mixedShape(int n, SplittableRandom rng) {
    return ProductShape.builder(n, 4)
        .term(Ext2.random(rng), 0, 1, 2)
        .term(Ext2.random(rng), 1)
        .term(Ext2.random(rng), 3, 3)
        .term(Ext2.random(rng), 0, 1, 2, 3)
        .build();
  }

  @Test
  void sumsOfProductsWithCoefficientsVerify() throws Exception {
    for (int n : new int[] {0, 1, 4, 9}) {
      SplittableRandom rng = new SplittableRandom(n);
      ProductShape shape = mixedShape(n, rng);
      List<Mle> inputs =
          List.of(Fixtures.randomMle(rng, n, false), Fixtures.randomMle(rng, n, true),
              Fixtures.randomMle(rng, n, false), Fixtures.randomMle(rng, n, true));
      Instance inst = honest(shape, inputs);
      assertEquals(SumcheckProver.sum(shape, inputs), inst.result().claimedSum());
      verifyAndClose(shape, inputs, inst.result().claimedSum(), inst.result().proof());
    }
  }

  @Test
  void squaresAndProductsThatLeaveMultilinearsUnusedVerify() throws Exception {
    for (int n : new int[] {1, 2, 3, 10}) {
      SplittableRandom rng = new SplittableRandom(77 + n);
      Ext2 c = Ext2.random(rng);
      List<Mle> inputs = List.of(Fixtures.randomMle(rng, n, false), Fixtures.randomMle(rng, n, true),
          Fixtures.randomMle(rng, n, false));
      for (ProductShape shape : List.of(
          ProductShape.builder(n, 3).term(c, 0, 2).build(), // f1 rides along unused
          ProductShape.builder(n, 3).term(c, 1, 1).build())) { // a square
        Instance inst = honest(shape, inputs);
        assertEquals(SumcheckProver.sum(shape, inputs), inst.result().claimedSum());
        verifyAndClose(shape, inputs, inst.result().claimedSum(), inst.result().proof());
        for (int k = 0; k < 3; k++) {
          assertEquals(Fixtures.evaluate(inputs.get(k), inst.result().point()), inst.result().finalEvaluations()[k]);
        }
      }
    }
  }

  @Test
  void proverDoesNotWriteItsInputs() {
    SplittableRandom rng = new SplittableRandom(5);
    long[] a = Fixtures.randomExt(rng, 1 << 6);
    long[] b = Fixtures.randomBase(rng, 1 << 6);
    long[] a0 = a.clone();
    long[] b0 = b.clone();
    SumcheckProver.prove(ProductShape.product(6, 2), List.of(Mle.ext(a), Mle.base(b)), Fixtures.transcript());
    assertArrayEquals(a0, a);
    assertArrayEquals(b0, b);
  }

  @Test
  void transcriptsStayInSync() throws Exception {
    SplittableRandom rng = new SplittableRandom(7);
    ProductShape shape = ProductShape.product(7, 3);
    List<Mle> inputs = List.of(Fixtures.randomMle(rng, 7, false), Fixtures.randomMle(rng, 7, true), Fixtures.randomMle(rng, 7, false));
    Transcript p = Fixtures.transcript();
    SumcheckProver.Result r = SumcheckProver.prove(shape, inputs, p);
    Transcript v = Fixtures.transcript();
    SubClaim sub = SumcheckVerifier.reduce(7, 3, r.claimedSum(), r.proof(), v);
    assertArrayEquals(r.point(), sub.point());
    assertEquals(p.challengeExt("next"), v.challengeExt("next"));
  }

  @Test
  void proofDoesNotDependOnThreadCount() {
    SplittableRandom rng = new SplittableRandom(11);
    int n = 16; // large enough that rounds and folds are split into chunks
    List<Mle> pair = List.of(Fixtures.randomMle(rng, n, false), Fixtures.randomMle(rng, n, false));
    List<Mle> mixed = List.of(Fixtures.randomMle(rng, n, false), Fixtures.randomMle(rng, n, true),
        Fixtures.randomMle(rng, n, false), Fixtures.randomMle(rng, n, true));
    ProductShape generic = mixedShape(n, rng);
    for (var c : List.of(new Object[] {ProductShape.product(n, 2), pair}, new Object[] {generic, mixed})) {
      ProductShape shape = (ProductShape) c[0];
      @SuppressWarnings("unchecked")
      List<Mle> inputs = (List<Mle>) c[1];
      SumcheckProver.Result one = SumcheckProver.prove(shape, inputs, Fixtures.transcript(), 1);
      for (int threads : new int[] {2, 3, 8}) {
        SumcheckProver.Result many = SumcheckProver.prove(shape, inputs, Fixtures.transcript(), threads);
        assertEquals(one.claimedSum(), many.claimedSum());
        assertArrayEquals(one.proof().rounds(), many.proof().rounds());
        assertArrayEquals(one.finalEvaluations(), many.finalEvaluations());
      }
    }
  }

  @Test
  void inputsOfTheWrongSizeAreRejected() {
    SplittableRandom rng = new SplittableRandom(3);
    ProductShape shape = ProductShape.product(4, 2);
    assertThrows(IllegalArgumentException.class,
        () -> SumcheckProver.prove(shape, List.of(Fixtures.randomMle(rng, 4, false)), Fixtures.transcript()));
    assertThrows(IllegalArgumentException.class,
        () -> SumcheckProver.prove(shape, List.of(Fixtures.randomMle(rng, 4, false), Fixtures.randomMle(rng, 3, false)),
            Fixtures.transcript()));
    assertThrows(IllegalArgumentException.class, () -> Mle.base(new long[6]));
  }
}
