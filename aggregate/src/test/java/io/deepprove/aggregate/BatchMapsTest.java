package io.deepprove.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepprove.aggregate.Circuit.Step;
import io.deepprove.core.field.Ext2;
import io.deepprove.sumcheck.LinearMapSumcheck.MapEvaluation;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The verifier evaluates a batch's public maps as the sample's maps on the batch's diagonal
 * ({@link BatchMaps}); that must be the batched map itself, for every kind of step with a map.
 */
class BatchMapsTest {

  private static final SplittableRandom RNG = new SplittableRandom(2026);

  /** A constant pad [n, 5] → [n, 8] (fill 7 before and after the row) then a transpose. */
  private static Circuit padded(int n) {
    int[] src = new int[n * 8];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 8; j++) {
        src[i * 8 + j] = j >= 1 && j <= 5 ? i * 5 + j - 1 : -1;
      }
    }
    int[] tr = new int[n * 8];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 8; j++) {
        tr[j * n + i] = i * 8 + j;
      }
    }
    CircuitBuilder b = new CircuitBuilder("pad" + n).input("x", n, 5);
    b.relayout("pad", "x", "p", new int[] {n, 8}, src, 7);
    b.relayout("transpose", "p", "y", new int[] {8, n}, tr);
    b.weight(Protocol.NO_WEIGHTS, 1);
    return b.build("y");
  }

  private static List<Circuit> diagonalCircuits() {
    return List.of(AggregateFixtures.cnn(1).circuit(), AggregateFixtures.pools(2).circuit(),
        AggregateFixtures.depthwise(3).circuit(), AggregateFixtures.convTranspose(4).circuit(),
        AggregateFixtures.mlp(5).circuit(), padded(1), padded(2));
  }

  @Test
  void everyBatchedMapIsTheSampleMapOnTheDiagonal() {
    for (Circuit c : diagonalCircuits()) {
      for (int batch : new int[] {2, 3, 4, 5, 8}) {
        Circuit bc = Batching.batched(c, batch);
        BatchMaps diagonal = BatchMaps.of(c, bc, batch);
        int compared = compare(bc, diagonal, BatchMaps.single(bc), c.name() + "×" + batch);
        assertTrue(compared > 0 || c.name().equals("mlp"), c.name());
        for (Step s : bc.steps()) {
          assertTrue(diagonal.onDiagonal(s), c.name() + " step " + s.name());
        }
      }
    }
  }

  @Test
  void samplesThatDoNotFillTheirPaddingAreEvaluatedInFull() {
    // [3, 5] per sample: a batch of 2 stacks to [6, 5], padded to 8 rows, not 2 × 4
    Circuit c = padded(3);
    Circuit bc = Batching.batched(c, 2);
    BatchMaps maps = BatchMaps.of(c, bc, 2);
    for (Step s : bc.steps()) {
      assertFalse(maps.onDiagonal(s), s.name());
    }
    assertEquals(2, compare(bc, maps, BatchMaps.single(bc), "pad3×2"));
  }

  @Test
  void anUnbatchedCircuitHasNoDiagonal() {
    Circuit c = AggregateFixtures.cnn(1).circuit();
    BatchMaps maps = BatchMaps.single(c);
    for (Step s : c.steps()) {
      assertFalse(maps.onDiagonal(s));
    }
    assertFalse(BatchMaps.of(c, c, 1).onDiagonal(c.steps().get(0)));
  }

  /** Compares every map (and fill) of the circuit's steps at random points; returns how many. */
  private static int compare(Circuit bc, BatchMaps a, BatchMaps b, String what) {
    int n = 0;
    for (Step s : bc.steps()) {
      String at = what + " step " + s.name();
      if (s instanceof Circuit.Linear l && l.conv()) {
        same(a.map(l, Im2col::convMap, Im2col::convRowVars), b.map(l, Im2col::convMap, Im2col::convRowVars), at);
      } else if (s instanceof Circuit.GroupedConv g) {
        same(a.map(g, Im2col::groupedMap, Im2col::groupedColumnsAt),
            b.map(g, Im2col::groupedMap, Im2col::groupedColumnsAt), at);
      } else if (s instanceof Circuit.ConvTranspose ct) {
        same(a.map(ct, Im2col::transposedMap, Im2col::transposedColumnsAt),
            b.map(ct, Im2col::transposedMap, Im2col::transposedColumnsAt), at);
      } else if (s instanceof Circuit.Reduce r) {
        same(a.map(r, Im2col::reduceMap, (c, x) -> 0), b.map(r, Im2col::reduceMap, (c, x) -> 0), at);
      } else if (s instanceof Circuit.AvgPool p) {
        same(a.map(p, Im2col::avgPoolMap, (c, x) -> 0), b.map(p, Im2col::avgPoolMap, (c, x) -> 0), at);
      } else if (s instanceof Circuit.MaxPool p) {
        MapEvaluation m = a.map(p, Im2col::poolMap, Im2col::windowsAt);
        same(m, b.map(p, Im2col::poolMap, Im2col::windowsAt), at);
        Ext2[] r = point(m.outVars());
        assertEquals(b.fill(p, Protocol::poolFillAt, Im2col::windowsAt, r),
            a.fill(p, Protocol::poolFillAt, Im2col::windowsAt, r), at + " fill");
      } else if (s instanceof Circuit.Relayout rl) {
        MapEvaluation m = a.map(rl, Protocol::relayoutMap, (c, x) -> 0);
        same(m, b.map(rl, Protocol::relayoutMap, (c, x) -> 0), at);
        Ext2[] r = point(m.outVars());
        assertEquals(b.fill(rl, Protocol::fillAt, (c, x) -> 0, r), a.fill(rl, Protocol::fillAt, (c, x) -> 0, r),
            at + " fill");
      } else {
        continue;
      }
      n++;
    }
    return n;
  }

  private static void same(MapEvaluation diagonal, MapEvaluation full, String what) {
    assertEquals(full.outVars(), diagonal.outVars(), what + " output variables");
    assertEquals(full.inVars(), diagonal.inVars(), what + " input variables");
    for (int k = 0; k < 3; k++) {
      Ext2[] r = point(full.outVars());
      Ext2[] rho = point(full.inVars());
      assertEquals(full.at(r, rho), diagonal.at(r, rho), what);
    }
  }

  private static Ext2[] point(int n) {
    Ext2[] p = new Ext2[n];
    for (int i = 0; i < n; i++) {
      p[i] = Ext2.random(RNG);
    }
    return p;
  }
}
