package io.pumpops.features.drift;

/**
 * Page-Hinkley change detector in both directions over a stream of values (anomaly scores, a
 * feature's window means): it accumulates deviations from the running mean beyond a tolerance
 * {@code delta} and signals when the accumulation rises more than {@code threshold} above its
 * minimum (an increase) or falls as far below its maximum (a decrease). After a signal it starts
 * over.
 *
 * <p>Defaults ({@link #defaults()}) are those of the river library: delta 0.005, threshold 50, at
 * least 30 values before any signal. Both depend on the stream's scale: for a score around 1, a
 * threshold of a few units reacts within tens of values.
 */
public final class PageHinkley {

  /** What one value changed. */
  public enum Change {
    NONE,
    INCREASE,
    DECREASE
  }

  private final double delta;
  private final double threshold;
  private final int minSamples;
  private long n;
  private double mean;
  private double up;
  private double minUp;
  private double down;
  private double maxDown;

  public PageHinkley(double delta, double threshold, int minSamples) {
    if (delta < 0 || threshold <= 0 || minSamples < 1) {
      throw new IllegalArgumentException(
          "Page-Hinkley needs delta >= 0, threshold > 0, minSamples >= 1");
    }
    this.delta = delta;
    this.threshold = threshold;
    this.minSamples = minSamples;
  }

  public static PageHinkley defaults() {
    return new PageHinkley(0.005, 50, 30);
  }

  /** Adds a value (non-finite values are ignored) and says whether it completed a change. */
  public Change add(double x) {
    if (!Double.isFinite(x)) {
      return Change.NONE;
    }
    n++;
    mean += (x - mean) / n;
    up += x - mean - delta;
    minUp = Math.min(minUp, up);
    down += x - mean + delta;
    maxDown = Math.max(maxDown, down);
    if (n < minSamples) {
      return Change.NONE;
    }
    if (up - minUp > threshold) {
      reset();
      return Change.INCREASE;
    }
    if (maxDown - down > threshold) {
      reset();
      return Change.DECREASE;
    }
    return Change.NONE;
  }

  public void reset() {
    n = 0;
    mean = 0;
    up = 0;
    minUp = 0;
    down = 0;
    maxDown = 0;
  }
}
