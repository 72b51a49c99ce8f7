package io.deepprove.commit;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.pcs.OpeningClaim;
import io.deepprove.core.poly.Multilinear;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic random polynomials and claims for the commit tests. */
final class TestSupport {

  private TestSupport() {}

  static long[] randomPoly(SplittableRandom rng, int vars) {
    long[] p = new long[1 << vars];
    for (int i = 0; i < p.length; i++) {
      p[i] = Goldilocks.random(rng);
    }
    return p;
  }

  static Ext2[] randomPoint(SplittableRandom rng, int vars, boolean base) {
    Ext2[] r = new Ext2[vars];
    for (int i = 0; i < vars; i++) {
      r[i] = base ? Ext2.ofBase(Goldilocks.random(rng)) : Ext2.random(rng);
    }
    return r;
  }

  /** {@code count} correct claims on random polynomials of {@code polys}, alternating base / ext points. */
  static List<OpeningClaim> claims(SplittableRandom rng, List<long[]> polys, int count) {
    List<OpeningClaim> claims = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int idx = rng.nextInt(polys.size());
      long[] p = polys.get(idx);
      Ext2[] point = randomPoint(rng, Multilinear.numVars(p.length), i % 2 == 0);
      claims.add(new OpeningClaim(idx, point, Multilinear.evaluateBase(p, point)));
    }
    return claims;
  }
}
