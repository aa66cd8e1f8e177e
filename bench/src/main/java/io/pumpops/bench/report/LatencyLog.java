package io.pumpops.bench.report;

import java.util.Arrays;

/**
 * Latencies recorded with the moment each one is about (a reading's publish time, a window's end),
 * so that a benchmark can take those of one phase and leave out a warm-up. Thread-safe: a meter's
 * consumer thread records while the benchmark reads.
 */
public final class LatencyLog {

  private long[] at = new long[1 << 14];
  private long[] latencies = new long[1 << 14];
  private int size;

  /** Records a latency (ms) of something that happened at {@code atMillis} (epoch ms). */
  public synchronized void record(long atMillis, long latencyMillis) {
    if (size == latencies.length) {
      latencies = Arrays.copyOf(latencies, size * 2);
      at = Arrays.copyOf(at, size * 2);
    }
    at[size] = atMillis;
    latencies[size++] = latencyMillis;
  }

  /**
   * The latencies of what happened in [from, to) (epoch ms), sorted; forgets everything before
   * {@code to}, so that a long run keeps only what is still to be asked for.
   */
  public synchronized long[] between(long from, long to) {
    long[] selected = new long[size];
    int n = 0;
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (at[i] >= from && at[i] < to) {
        selected[n++] = latencies[i];
      }
      if (at[i] >= to) {
        at[kept] = at[i];
        latencies[kept++] = latencies[i];
      }
    }
    size = kept;
    long[] result = Arrays.copyOf(selected, n);
    Arrays.sort(result);
    return result;
  }
}
