package io.deepprove.lookup;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Splits an index range into one contiguous chunk per thread and runs the chunks on this module's
 * own {@link ForkJoinPool} (never the common pool, which other components and the caller share;
 * on a 2-core machine the common pool also has parallelism 1). The calling thread runs the first
 * chunk itself.
 *
 * <p>Field arithmetic is exact and every caller combines per-chunk partial results in chunk order,
 * so the proof does not depend on the thread count.
 */
final class Parallel {

  /** Below this many items per chunk, threads cost more than they save. */
  static final int MIN_CHUNK = 1 << 11;

  @FunctionalInterface
  interface Body {
    void run(int chunk, int from, int to);
  }

  private static final class PoolHolder {
    static final ForkJoinPool POOL =
        new ForkJoinPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()),
            pool -> {
              ForkJoinWorkerThread t =
                  ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
              t.setName("deepprove-lookup-" + t.getPoolIndex());
              t.setDaemon(true);
              return t;
            },
            null,
            false);
  }

  private Parallel() {}

  /** The number of chunks {@link #run} will use for n items. */
  static int chunks(int threads, int n) {
    return (int) Math.max(1, Math.min(threads, (long) n / MIN_CHUNK));
  }

  static void run(int threads, int n, Body body) {
    int chunks = chunks(threads, n);
    if (chunks == 1) {
      body.run(0, 0, n);
      return;
    }
    ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[chunks];
    for (int c = 1; c < chunks; c++) {
      int chunk = c;
      int from = (int) ((long) n * c / chunks);
      int to = (int) ((long) n * (c + 1) / chunks);
      tasks[c] = PoolHolder.POOL.submit(() -> body.run(chunk, from, to));
    }
    body.run(0, 0, (int) ((long) n / chunks));
    for (int c = 1; c < chunks; c++) {
      tasks[c].join();
    }
  }
}
