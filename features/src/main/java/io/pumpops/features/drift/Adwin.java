package io.pumpops.features.drift;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * ADWIN (ADaptive WINdowing, Bifet and Gavaldà 2007): keeps the longest recent window whose two
 * parts, at every split point, have means that differ by less than the statistical bound; when some
 * split's means differ by more, the older part is dropped and a change is signalled.
 *
 * <p>This is the exact algorithm (every split point checked, variance-based bound with δ' = δ /
 * width) over a window bounded to {@code maxWidth} values, rather than the exponential histograms
 * that make the original logarithmic: PumpOps feeds it one value per window, where a few thousand
 * values cover days and the O(width) check is cheap. Default δ = 0.002 as in the paper and in
 * river.
 */
public final class Adwin {

  private static final int MIN_PART = 5;

  private final double delta;
  private final int maxWidth;
  private final Deque<Double> window = new ArrayDeque<>();

  public Adwin(double delta, int maxWidth) {
    if (!(delta > 0 && delta < 1) || maxWidth < 2 * MIN_PART) {
      throw new IllegalArgumentException(
          "ADWIN needs 0 < delta < 1 and maxWidth >= " + 2 * MIN_PART);
    }
    this.delta = delta;
    this.maxWidth = maxWidth;
  }

  public static Adwin defaults() {
    return new Adwin(0.002, 5000);
  }

  /**
   * Adds a value (non-finite values are ignored); true when the window shrank because of a change.
   */
  public boolean add(double x) {
    if (!Double.isFinite(x)) {
      return false;
    }
    window.addLast(x);
    if (window.size() > maxWidth) {
      window.removeFirst();
    }
    boolean changed = false;
    while (cutPoint() > 0) {
      int cut = cutPoint();
      for (int i = 0; i < cut; i++) {
        window.removeFirst();
      }
      changed = true;
    }
    return changed;
  }

  /** Values in the current window. */
  public int width() {
    return window.size();
  }

  /** Mean of the current window; NaN when empty. */
  public double mean() {
    return window.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /**
   * Size of the old part to drop at the first split whose means differ significantly; 0 if none.
   */
  private int cutPoint() {
    int width = window.size();
    if (width < 2 * MIN_PART) {
      return 0;
    }
    double[] values = window.stream().mapToDouble(Double::doubleValue).toArray();
    double total = 0;
    double totalSquares = 0;
    for (double v : values) {
      total += v;
      totalSquares += v * v;
    }
    double variance = Math.max(0, totalSquares / width - (total / width) * (total / width));
    double logTerm = Math.log(2.0 * width / delta);
    double head = 0;
    for (int n0 = 1; n0 < width; n0++) {
      head += values[n0 - 1];
      int n1 = width - n0;
      if (n0 < MIN_PART || n1 < MIN_PART) {
        continue;
      }
      double m = 1.0 / (1.0 / n0 + 1.0 / n1);
      double bound = Math.sqrt(2.0 / m * variance * logTerm) + 2.0 / (3.0 * m) * logTerm;
      double difference = Math.abs(head / n0 - (total - head) / n1);
      if (difference > bound) {
        return n0;
      }
    }
    return 0;
  }
}
