package io.deepprove.sumcheck;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Splits index ranges over a fork-join pool. Field arithmetic is exact, so partial
 * results combined in any order give identical proofs; chunk boundaries never affect output.
 */
final class Parallel {

  /** Below this many loop iterations a round runs on the calling thread. */
  static final int MIN_PARALLEL = 1 << 13;

  /** One pool for all provers, one worker per processor (the common pool keeps one core back). */
  private static final ForkJoinPool POOL =
      new ForkJoinPool(Runtime.getRuntime().availableProcessors(), pool -> {
        var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        t.setDaemon(true);
        t.setName("deepprove-prover-" + t.getPoolIndex());
        return t;
      }, null, false);

  private Parallel() {}

  /** Body over [from, to) for chunk number {@code chunk}. */
  interface ChunkBody {
    void run(int chunk, int from, int to);
  }

  /** The number of chunks {@link #forChunks} will use for n iterations with these threads. */
  static int chunks(int n, int threads) {
    if (threads <= 1 || n < MIN_PARALLEL) {
      return 1;
    }
    return Math.min(threads * 4, Math.max(1, n / (MIN_PARALLEL / 2)));
  }

  /** Runs body over {@code chunks(n, threads)} contiguous chunks of [0, n). */
  static void forChunks(int n, int threads, ChunkBody body) {
    int chunks = chunks(n, threads);
    if (chunks == 1) {
      body.run(0, 0, n);
      return;
    }
    RecursiveAction[] tasks = new RecursiveAction[chunks];
    for (int c = 0; c < chunks; c++) {
      final int chunk = c;
      final int from = (int) ((long) n * c / chunks);
      final int to = (int) ((long) n * (c + 1) / chunks);
      tasks[c] =
          new RecursiveAction() {
            @Override
            protected void compute() {
              body.run(chunk, from, to);
            }
          };
    }
    POOL.invoke(
        new RecursiveAction() {
          @Override
          protected void compute() {
            invokeAll(tasks);
          }
        });
  }

  /** The default number of threads: the machine's processors. */
  static int defaultThreads() {
    return Runtime.getRuntime().availableProcessors();
  }
}
