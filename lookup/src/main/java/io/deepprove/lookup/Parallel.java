package io.deepprove.lookup;

import java.util.concurrent.ForkJoinTask;

/**
 * Splits an index range into one contiguous chunk per thread. Field arithmetic is exact, so
 * partial sums combine to the same result in any order: the proof does not depend on the thread
 * count.
 */
final class Parallel {

  /** Below this many items per chunk, threads cost more than they save. */
  static final int MIN_CHUNK = 1 << 11;

  @FunctionalInterface
  interface Body {
    void run(int chunk, int from, int to);
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
    for (int c = 0; c < chunks; c++) {
      int chunk = c;
      int from = (int) ((long) n * c / chunks);
      int to = (int) ((long) n * (c + 1) / chunks);
      tasks[c] = ForkJoinTask.adapt(() -> body.run(chunk, from, to));
    }
    ForkJoinTask.invokeAll(tasks);
  }
}
