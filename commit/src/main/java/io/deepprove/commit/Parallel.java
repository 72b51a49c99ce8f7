package io.deepprove.commit;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Chunked data parallelism on a dedicated {@link ForkJoinPool} (never the common pool, so the
 * commitment scheme neither starves nor is starved by other users of it). Every task writes a
 * disjoint range of its output, and reductions keep one partial result per chunk that the caller
 * combines in chunk order; field arithmetic is exact, so results are bit-identical to the
 * single-thread path whatever the thread count.
 */
final class Parallel {

  /** A half-open index range of work. */
  @FunctionalInterface
  interface RangeTask {
    void run(int from, int to);
  }

  /** A range of work that reports into slot {@code chunk} of a caller-owned partial array. */
  @FunctionalInterface
  interface ChunkTask {
    void run(int chunk, int from, int to);
  }

  private static final class PoolHolder {
    static final ForkJoinPool POOL =
        new ForkJoinPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()),
            pool -> {
              ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
              t.setDaemon(true);
              t.setName("deepprove-pcs-" + t.getPoolIndex());
              return t;
            },
            null,
            false);
  }

  /** Sequential execution in the caller's thread. */
  static final Parallel SEQUENTIAL = new Parallel(1);

  private final int threads;

  private Parallel(int threads) {
    this.threads = threads;
  }

  /** {@code threads} ≤ 1 runs in the caller's thread; more uses the dedicated pool. */
  static Parallel of(int threads) {
    return threads <= 1 ? SEQUENTIAL : new Parallel(threads);
  }

  /** One per available core. */
  static Parallel allCores() {
    return of(Runtime.getRuntime().availableProcessors());
  }

  int threads() {
    return threads;
  }

  /**
   * The number of chunks {@code n} items of work split into, each at least {@code grain} items
   * (a caller sizes its partial-result arrays with this).
   */
  int chunks(int n, int grain) {
    if (threads <= 1 || n <= grain) {
      return 1;
    }
    long byGrain = (n + (long) grain - 1) / grain;
    return (int) Math.min(byGrain, 4L * threads);
  }

  /** Runs {@code task} over [0, n) split into {@link #chunks} ranges. */
  void forRange(int n, int grain, RangeTask task) {
    forChunks(n, grain, (c, from, to) -> task.run(from, to));
  }

  /** Runs {@code task} over [0, n): chunk c gets the c-th of {@link #chunks} contiguous ranges. */
  void forChunks(int n, int grain, ChunkTask task) {
    int chunks = chunks(n, grain);
    if (chunks == 1) {
      task.run(0, 0, n);
      return;
    }
    ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[chunks];
    for (int c = 0; c < chunks; c++) {
      int chunk = c;
      int from = (int) ((long) n * c / chunks);
      int to = (int) ((long) n * (c + 1) / chunks);
      tasks[c] = ForkJoinTask.adapt(() -> task.run(chunk, from, to));
    }
    ForkJoinPool pool = PoolHolder.POOL;
    for (ForkJoinTask<?> t : tasks) {
      pool.execute(t);
    }
    for (ForkJoinTask<?> t : tasks) {
      t.join();
    }
  }
}
