package io.deepprove.commit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.ExtArrays;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.parallel.Parallel;
import io.deepprove.core.pcs.OpeningClaim;
import io.deepprove.core.poly.Eq;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The factored batching weight against the dense table it replaces: in every round the round
 * polynomial equals Σ_x' f(x', t)·E(x', t) computed from E = Σ_i α^i·eq(z_i, ·) in full, through
 * the factored rounds, the switch to a materialized table, and rounds past a polynomial's own
 * variables (where only its offset bits remain).
 */
class ClaimWeightsTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void roundPolynomialsMatchTheDenseWeight(int threads) {
    SplittableRandom rng = new SplittableRandom(17 + threads);
    int[] numVars = {14, 12, 12, 5, 3, 1, 0};
    PackedLayout layout = PackedLayout.of(numVars);
    int n = layout.totalVars();
    long[] f = new long[1 << n];
    for (int x = 0; x < f.length; x++) {
      f[x] = Goldilocks.random(rng);
    }
    // two claims on the biggest polynomial (they overlap), one on most others
    int[] claimed = {0, 0, 1, 2, 3, 4, 5, 6};
    List<OpeningClaim> claims = new ArrayList<>();
    for (int poly : claimed) {
      Ext2[] point = new Ext2[numVars[poly]];
      for (int k = 0; k < point.length; k++) {
        point[k] = randomExt(rng);
      }
      claims.add(new OpeningClaim(poly, point, randomExt(rng)));
    }
    Ext2 alpha = randomExt(rng);

    // the dense weight E over the packed polynomial
    long[] e = new long[2 << n];
    Ext2 coef = Ext2.ONE;
    for (OpeningClaim c : claims) {
      long[] eq = Eq.table(c.point());
      int offset = layout.offset(c.polynomial());
      for (int x = 0; x < eq.length / 2; x++) {
        Ext2 v = ExtArrays.get(eq, x).mul(coef);
        ExtArrays.set(e, offset + x, ExtArrays.get(e, offset + x).add(v));
      }
      coef = coef.mul(alpha);
    }

    ClaimWeights weights = new ClaimWeights(layout, claims, alpha, Parallel.of(threads));
    long[] fe = ExtArrays.fromBase(f);
    long[] cur = f;
    boolean base = true;
    for (int j = 0; j < n; j++) {
      int len = 1 << (n - j);
      long[] h = weights.round(cur, base, j);
      for (int t = 0; t < 3; t++) {
        assertEquals(dense(fe, e, len, t), ExtArrays.get(h, t), "round " + j + ", h(" + t + ")");
      }
      Ext2 rho = randomExt(rng);
      fe = fold(fe, len, rho);
      e = fold(e, len, rho);
      weights.bind(j, rho);
      cur = fe;
      base = false;
    }
  }

  /** Σ_x' f(x', t)·E(x', t), pairs (2i, 2i + 1), both interleaved Ext2 tables of len values. */
  private static Ext2 dense(long[] f, long[] e, int len, int t) {
    Ext2 sum = Ext2.ZERO;
    Ext2 tt = Ext2.ofBase(t);
    for (int i = 0; i < len / 2; i++) {
      Ext2 f0 = ExtArrays.get(f, 2 * i);
      Ext2 f1 = ExtArrays.get(f, 2 * i + 1);
      Ext2 e0 = ExtArrays.get(e, 2 * i);
      Ext2 e1 = ExtArrays.get(e, 2 * i + 1);
      sum = sum.add(f0.add(f1.sub(f0).mul(tt)).mul(e0.add(e1.sub(e0).mul(tt))));
    }
    return sum;
  }

  private static long[] fold(long[] v, int len, Ext2 rho) {
    long[] out = new long[len];
    for (int i = 0; i < len / 2; i++) {
      Ext2 lo = ExtArrays.get(v, 2 * i);
      Ext2 hi = ExtArrays.get(v, 2 * i + 1);
      ExtArrays.set(out, i, lo.add(hi.sub(lo).mul(rho)));
    }
    return out;
  }

  private static Ext2 randomExt(SplittableRandom rng) {
    return new Ext2(Goldilocks.random(rng), Goldilocks.random(rng::nextLong));
  }
}
