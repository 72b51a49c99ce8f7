package io.deepprove.sumcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deepprove.core.field.Ext2;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The product-of-two path (small-value rounds, fused folds, s(∞) in place of s(2)) against the
 * generic path: the same statement with a second, zero term is a shape the generic rounds prove,
 * and the round polynomials, challenges and final evaluations must be identical.
 */
class SmallValueRoundsTest {

  /** Kinds of the two factors' tables. */
  enum Inputs { BASE, EXT, MIXED, SAME_TABLE, SQUARE, WITH_UNUSED }

  static List<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (int n : new int[] {1, 2, 3, 4, 5, 6, 7, 10, 13}) {
      for (Inputs kind : Inputs.values()) {
        for (int threads : new int[] {1, 3}) {
          out.add(Arguments.of(n, kind, threads));
        }
      }
    }
    // chunk boundaries: the small-value pass and the fold split into chunks from n = 16 and 17
    for (int n : new int[] {16, 17}) {
      out.add(Arguments.of(n, Inputs.BASE, 1));
      out.add(Arguments.of(n, Inputs.BASE, 3));
      out.add(Arguments.of(n, Inputs.SQUARE, 2));
    }
    return out;
  }

  @ParameterizedTest(name = "n={0} inputs={1} threads={2}")
  @MethodSource("cases")
  void pairPathEqualsGenericPath(int n, Inputs kind, int threads) throws Exception {
    SplittableRandom rng = new SplittableRandom(31L * n + kind.ordinal());
    Ext2 c = Ext2.random(rng);
    Mle f = Fixtures.randomMle(rng, n, kind == Inputs.EXT);
    Mle g = Fixtures.randomMle(rng, n, kind == Inputs.EXT || kind == Inputs.MIXED);
    List<Mle> inputs =
        switch (kind) {
          case SAME_TABLE -> List.of(f, f);
          case SQUARE -> List.of(f);
          case WITH_UNUSED -> List.of(f, Fixtures.randomMle(rng, n, true), g);
          default -> List.of(f, g);
        };
    int[] factors = kind == Inputs.SQUARE ? new int[] {0, 0} : kind == Inputs.WITH_UNUSED ? new int[] {0, 2} : new int[] {0, 1};
    ProductShape pair = ProductShape.builder(n, inputs.size()).term(c, factors).build();
    ProductShape generic =
        ProductShape.builder(n, inputs.size()).term(c, factors).term(Ext2.ZERO, factors[0]).build();

    SumcheckProver.Result fast = SumcheckProver.prove(pair, inputs, Fixtures.transcript(), threads);
    SumcheckProver.Result slow = SumcheckProver.prove(generic, inputs, Fixtures.transcript(), 1);

    assertEquals(slow.claimedSum(), fast.claimedSum());
    assertArrayEquals(slow.proof().rounds(), fast.proof().rounds());
    assertArrayEquals(slow.point(), fast.point());
    assertArrayEquals(slow.finalEvaluations(), fast.finalEvaluations());
    assertEquals(SumcheckProver.sum(pair, inputs), fast.claimedSum());
    SubClaim sub = SumcheckVerifier.reduce(n, 2, fast.claimedSum(), fast.proof(), Fixtures.transcript());
    Ext2[] values = new Ext2[inputs.size()];
    for (int k = 0; k < values.length; k++) {
      values[k] = Fixtures.evaluate(inputs.get(k), sub.point());
    }
    sub.closeWithFactors(pair, values);
  }
}
