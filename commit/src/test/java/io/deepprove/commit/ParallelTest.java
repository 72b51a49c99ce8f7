package io.deepprove.commit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ParallelTest {

  @Test
  void chunksCoverTheRangeExactlyOnce() {
    for (int threads : new int[] {1, 2, 5}) {
      Parallel par = Parallel.of(threads);
      for (int n : new int[] {0, 1, 7, 1000, 100_003}) {
        int[] hits = new int[n];
        par.forRange(n, 16, (from, to) -> {
          for (int i = from; i < to; i++) {
            hits[i]++;
          }
        });
        for (int i = 0; i < n; i++) {
          assertEquals(1, hits[i], "index " + i);
        }
      }
    }
  }

  @Test
  void chunkIndicesAreDistinctAndBounded() {
    Parallel par = Parallel.of(2);
    int n = 1 << 16;
    int chunks = par.chunks(n, 1024);
    assertTrue(chunks > 1 && chunks <= 8, "chunks " + chunks);
    long[] seen = new long[chunks];
    AtomicLong total = new AtomicLong();
    par.forChunks(n, 1024, (c, from, to) -> {
      seen[c] = to - from;
      total.addAndGet(to - from);
    });
    assertEquals(n, total.get());
    for (long s : seen) {
      assertTrue(s > 0);
    }
    assertEquals(1, Parallel.SEQUENTIAL.chunks(n, 1));
  }
}
