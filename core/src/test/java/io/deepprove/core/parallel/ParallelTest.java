package io.deepprove.core.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

  @Test
  void chunkCountIsAtLeastGrainItemsAndAtMostFourPerThread() {
    Parallel two = Parallel.of(2);
    assertEquals(1, two.chunks(4095, 2048)); // one full grain only: no split
    assertEquals(2, two.chunks(4096, 2048));
    assertEquals(8, two.chunks(1 << 20, 2048));
    assertEquals(1, two.chunks(0, 16));
    assertSame(Parallel.SEQUENTIAL, Parallel.of(0));
    assertThrows(IllegalArgumentException.class, () -> two.chunks(10, 0));
  }

  @Test
  void chunkedSumIsTheSameForEveryThreadCount() {
    int n = 100_003;
    long[] expected = null;
    for (int threads : new int[] {1, 2, 3, 8}) {
      Parallel par = Parallel.of(threads);
      int chunks = par.chunks(n, 64);
      long[] partial = new long[chunks];
      int[] bounds = new int[2 * chunks];
      par.forChunks(n, 64, (c, from, to) -> {
        bounds[2 * c] = from;
        bounds[2 * c + 1] = to;
        for (int i = from; i < to; i++) {
          partial[c] += (long) i * i;
        }
      });
      long sum = 0;
      for (long p : partial) {
        sum += p;
      }
      for (int c = 0; c < chunks; c++) {
        assertEquals((int) ((long) n * c / chunks), bounds[2 * c]);
      }
      long[] got = {sum};
      if (expected == null) {
        expected = got;
      }
      assertArrayEquals(expected, got);
    }
  }

  @Test
  void aFailingChunkFailsTheCallAfterEveryHelperHasStopped() throws InterruptedException {
    Parallel par = Parallel.of(4);
    AtomicLong done = new AtomicLong();
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                par.forChunks(1 << 16, 1024, (c, from, to) -> {
                  if (c == 3) {
                    throw new IllegalStateException("chunk 3");
                  }
                  done.addAndGet(to - from);
                }));
    // a helper's exception may come back re-created around the original (ForkJoinTask#join)
    assertTrue(e.getMessage().contains("chunk 3"), e.getMessage());
    long after = done.get();
    Thread.sleep(50);
    assertEquals(after, done.get(), "a helper still ran after the call returned");
  }
}
