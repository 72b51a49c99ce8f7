package io.deepprove.core.parallel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a loop over [0, n) as contiguous chunks on at most {@link #threads()} threads: the caller and
 * {@code threads − 1} workers of one dedicated {@link ForkJoinPool} (never the common pool, which
 * the caller and other libraries share, and which on a 2-core machine has parallelism 1).
 *
 * <p>Chunk c always covers [n·c/chunks, n·(c+1)/chunks), and threads take chunks on demand, so a
 * thread slowed by a busy machine does not hold the others up. Callers write disjoint ranges, or
 * keep one partial result per chunk and combine them in chunk order; field arithmetic is exact, so
 * results are bit-identical whatever the thread count.
 */
public final class Parallel {

  /** A half-open index range of work. */
  @FunctionalInterface
  public interface RangeBody {
    void run(int from, int to);
  }

  /** A range of work that reports into slot {@code chunk} of a caller-owned partial array. */
  @FunctionalInterface
  public interface ChunkBody {
    void run(int chunk, int from, int to);
  }

  private static final class PoolHolder {
    static final ForkJoinPool POOL =
        new ForkJoinPool(
            defaultThreads(),
            pool -> {
              ForkJoinWorkerThread t =
                  ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
              t.setDaemon(true);
              t.setName("deepprove-worker-" + t.getPoolIndex());
              return t;
            },
            null,
            false);
  }

  /** Sequential execution in the caller's thread. */
  public static final Parallel SEQUENTIAL = new Parallel(1);

  private final int threads;

  private Parallel(int threads) {
    this.threads = threads;
  }

  /** {@code threads} ≤ 1 runs in the caller's thread; more uses the dedicated pool too. */
  public static Parallel of(int threads) {
    return threads <= 1 ? SEQUENTIAL : new Parallel(threads);
  }

  /** The default number of threads: the machine's processors. */
  public static int defaultThreads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  public int threads() {
    return threads;
  }

  /**
   * The number of chunks {@code n} items split into: each at least {@code grain} items (fewer
   * items run as one chunk in the caller's thread), and at most four per thread, so that work
   * balances when one thread is slowed. A caller sizes its partial-result arrays with this.
   */
  public int chunks(int n, int grain) {
    if (grain < 1) {
      throw new IllegalArgumentException("grain " + grain + " < 1");
    }
    if (threads <= 1) {
      return 1;
    }
    return (int) Math.max(1, Math.min(4L * threads, (long) n / grain));
  }

  /** Runs {@code body} over [0, n) split into {@link #chunks} ranges. */
  public void forRange(int n, int grain, RangeBody body) {
    forChunks(n, grain, (c, from, to) -> body.run(from, to));
  }

  /**
   * Runs {@code body} over [0, n): chunk c gets the c-th of {@link #chunks} contiguous ranges. The
   * caller and up to {@code threads − 1} pool workers take chunks from a shared counter until none
   * is left; returns when every chunk has run.
   */
  public void forChunks(int n, int grain, ChunkBody body) {
    int chunks = chunks(n, grain);
    if (chunks == 1) {
      body.run(0, 0, n);
      return;
    }
    AtomicInteger next = new AtomicInteger();
    Runnable worker =
        () -> {
          for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
            body.run(c, (int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
          }
        };
    int helpers = Math.min(threads, chunks) - 1;
    ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[helpers];
    for (int h = 0; h < helpers; h++) {
      tasks[h] = PoolHolder.POOL.submit(worker);
    }
    // never return, normally or not, while a helper may still write the caller's arrays
    Throwable failure = null;
    try {
      worker.run();
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    for (ForkJoinTask<?> task : tasks) {
      task.quietlyJoin();
      if (failure == null && task.isCompletedAbnormally()) {
        failure = task.getException();
      }
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
  }
}
