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
  private final DriftWindowTally tally;

  DriftSample(double[] values, DriftWindowTally tally) {
    this.values = values.clone();
    this.tally = tally;
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
