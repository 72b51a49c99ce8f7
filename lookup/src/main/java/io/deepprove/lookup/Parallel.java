package io.deepprove.lookup;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Splits an index range into one contiguous chunk per thread and runs the chunks on this module's
 * own {@link ForkJoinPool} (never the common pool, which other components and the caller share;
 * on a 2-core machine the common pool also has parallelism 1). The calling thread works too.
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

  /**
   * The number of chunks {@link #run} will use for n items: several per thread, so that a thread
   * slowed by a busy machine does not hold the others up (chunks are taken on demand).
   */
  static int chunks(int threads, int n) {
    if (threads <= 1) {
      return 1;
    }
    return (int) Math.max(1, Math.min(4L * threads, (long) n / MIN_CHUNK));
  }

  /**
   * Runs body over [0, n) cut into {@link #chunks} contiguous chunks; the caller and threads − 1
   * pool workers take chunks from a shared counter until none is left.
   */
  static void run(int threads, int n, Body body) {
    int chunks = chunks(threads, n);
    if (chunks == 1) {
      body.run(0, 0, n);
      return;
    }
    AtomicInteger next = new AtomicInteger();
    Runnable worker = () -> {
      for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
        body.run(c, (int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
      }
    };
    int helpers = Math.min(threads, chunks) - 1;
    ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[helpers];
    for (int h = 0; h < helpers; h++) {
      tasks[h] = PoolHolder.POOL.submit(worker);
    }
    worker.run();
    for (ForkJoinTask<?> task : tasks) {
      task.join();
    }
  }
}
