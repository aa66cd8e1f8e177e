package io.pumpops.featurestream;

import io.pumpops.schemas.avro.OffsetRange;
import java.util.Arrays;
import java.util.List;

/**
 * The values of one feature over one published drift window, fleet-wide (at most the drift windows'
 * capacity, a sample chosen by each row's fixed draw), and the tally of every pump window the drift
 * window counted.
 */
final class DriftSample {

  private final double[] values;
  private final double[] given;
  private final DriftWindowTally tally;

  DriftSample(double[] values, DriftWindowTally tally) {
    this(values, new double[0], tally);
  }

  /**
   * A relation's sample: the target's values and, row by row, the values of the feature they are
   * judged given.
   */
  DriftSample(double[] values, double[] given, DriftWindowTally tally) {
    if (given.length != 0 && given.length != values.length) {
      throw new IllegalArgumentException(
          given.length + " given values for " + values.length + " values");
    }
    this.values = values.clone();
    this.given = given.clone();
    this.tally = tally;
  }

  /** A relation's given values, row by row with {@link #values()}; empty for a feature. */
  double[] given() {
    return Arrays.copyOf(given, given.length);
  }

  /** See {@link DriftWindowTally#covers}. */
  boolean covers(long startMillis, long endMillis, long slackMillis) {
    return values.length > 0 && tally.covers(startMillis, endMillis, slackMillis);
  }

  double[] values() {
    return Arrays.copyOf(values, values.length);
  }

  List<OffsetRange> ranges(String topic) {
    return tally.offsetRanges(topic);
  }
}
