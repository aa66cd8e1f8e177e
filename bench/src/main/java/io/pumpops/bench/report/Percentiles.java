package io.pumpops.bench.report;

/** Percentiles of measured values, nearest rank, as every benchmark here reports them. */
public final class Percentiles {

  private Percentiles() {}

  /**
   * @param sorted the measurements, ascending
   * @param q the quantile, 0 to 1 (0.99 for p99)
   * @return the smallest value with at least {@code q} of the measurements at or below it; NaN when
   *     there are none
   */
  public static double of(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  }
}
