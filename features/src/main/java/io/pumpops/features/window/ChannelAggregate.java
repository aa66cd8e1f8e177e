package io.pumpops.features.window;

/**
 * Running statistics of one channel over a window, numerically stable and mergeable: mean and
 * variance by Welford's update (Chan et al.'s formula to merge), the least-squares slope from the
 * co-moment of time and value, min, max and the latest value. Two aggregates of adjacent or
 * overlapping slices merge into the aggregate of their union, so hopping windows can be built from
 * panes and partial results combined in any order.
 *
 * <p>Time enters as seconds relative to an origin chosen by the caller (the window start), so that
 * the co-moment does not lose precision to epoch-sized numbers.
 */
public final class ChannelAggregate {

  private long count;
  private double mean;
  private double m2;
  private double meanTime;
  private double m2Time;
  private double coMoment;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private double lastTime = Double.NEGATIVE_INFINITY;
  private double lastValue = Double.NaN;

  /**
   * Adds a value taken at {@code timeSeconds}; non-finite values are ignored (validation rejects
   * them upstream).
   */
  public void add(double timeSeconds, double value) {
    if (!Double.isFinite(value) || !Double.isFinite(timeSeconds)) {
      return;
    }
    count++;
    double dx = value - mean;
    double dt = timeSeconds - meanTime;
    mean += dx / count;
    meanTime += dt / count;
    m2 += dx * (value - mean);
    m2Time += dt * (timeSeconds - meanTime);
    coMoment += dt * (value - mean);
    min = Math.min(min, value);
    max = Math.max(max, value);
    if (timeSeconds >= lastTime) {
      lastTime = timeSeconds;
      lastValue = value;
    }
  }

  /** Adds everything of another aggregate (with the same time origin) into this one. */
  public void merge(ChannelAggregate other) {
    merge(other, 0);
  }

  /**
   * Adds another aggregate whose times are measured from an origin {@code timeShiftSeconds} later
   * than this one's.
   */
  public void merge(ChannelAggregate other, double timeShiftSeconds) {
    if (timeShiftSeconds != 0 && other.count > 0) {
      ChannelAggregate shifted = fromState(other.state());
      shifted.meanTime += timeShiftSeconds;
      shifted.lastTime += timeShiftSeconds;
      other = shifted;
    }
    if (other.count == 0) {
      return;
    }
    if (count == 0) {
      copyFrom(other);
      return;
    }
    long n = count + other.count;
    double dx = other.mean - mean;
    double dt = other.meanTime - meanTime;
    double weight = (double) count * other.count / n;
    m2 += other.m2 + dx * dx * weight;
    m2Time += other.m2Time + dt * dt * weight;
    coMoment += other.coMoment + dx * dt * weight;
    mean += dx * other.count / n;
    meanTime += dt * other.count / n;
    count = n;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
    if (other.lastTime >= lastTime) {
      lastTime = other.lastTime;
      lastValue = other.lastValue;
    }
  }

  private void copyFrom(ChannelAggregate o) {
    count = o.count;
    mean = o.mean;
    m2 = o.m2;
    meanTime = o.meanTime;
    m2Time = o.m2Time;
    coMoment = o.coMoment;
    min = o.min;
    max = o.max;
    lastTime = o.lastTime;
    lastValue = o.lastValue;
  }

  public long count() {
    return count;
  }

  /** Mean; NaN when empty. */
  public double mean() {
    return count == 0 ? Double.NaN : mean;
  }

  /** Sample standard deviation (n − 1); 0 for one value, NaN when empty. */
  public double std() {
    if (count == 0) {
      return Double.NaN;
    }
    return count == 1 ? 0.0 : Math.sqrt(Math.max(0, m2 / (count - 1)));
  }

  public double min() {
    return count == 0 ? Double.NaN : min;
  }

  public double max() {
    return count == 0 ? Double.NaN : max;
  }

  /**
   * Root mean square, from the mean and the population variance (no separate sum of squares to
   * overflow).
   */
  public double rms() {
    return count == 0 ? Double.NaN : Math.sqrt(mean * mean + Math.max(0, m2 / count));
  }

  /**
   * Least-squares slope of value over time, per second; 0 when time does not vary, NaN when empty.
   */
  public double slopePerSecond() {
    if (count == 0) {
      return Double.NaN;
    }
    return m2Time > 0 ? coMoment / m2Time : 0.0;
  }

  /** The value with the latest time (the later one added, on ties). */
  public double last() {
    return lastValue;
  }

  /**
   * The state, for serialization: count, mean, m2, meanTime, m2Time, coMoment, min, max, lastTime,
   * lastValue.
   */
  double[] state() {
    return new double[] {
      count, mean, m2, meanTime, m2Time, coMoment, min, max, lastTime, lastValue
    };
  }

  static ChannelAggregate fromState(double[] s) {
    ChannelAggregate a = new ChannelAggregate();
    a.count = (long) s[0];
    a.mean = s[1];
    a.m2 = s[2];
    a.meanTime = s[3];
    a.m2Time = s[4];
    a.coMoment = s[5];
    a.min = s[6];
    a.max = s[7];
    a.lastTime = s[8];
    a.lastValue = s[9];
    return a;
  }
}
