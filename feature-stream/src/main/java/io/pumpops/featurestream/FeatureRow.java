package io.pumpops.featurestream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serde;

/**
 * The monitored feature values of one pump window (in {@link
 * io.pumpops.features.drift.DriftMonitoring#features()} order, NaN where the window had none),
 * where its record sits in pump.features, the start of the pump window (event time), and its pump
 * (to name it should the row come too late).
 *
 * <p>One row per pump window travels to the drift windows, not one record per feature: twenty
 * records per pump window made the fleet-wide drift branch the costliest part of feature-stream.
 */
record FeatureRow(
    double[] values, int partition, long offset, long windowStartMillis, String pumpId) {

  /**
   * A fixed pseudo-random draw from the row's place in pump.features: the drift windows keep the
   * rows with the smallest draws, so a window's sample is the same whichever order rows arrive in.
   */
  long draw() {
    long z = partition * 0x9E3779B97F4A7C15L + offset;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static Serde<FeatureRow> serde() {
    return StoreSerde.of(
        "feature row",
        row -> {
          byte[] pump =
              row.pumpId == null ? new byte[0] : row.pumpId.getBytes(StandardCharsets.UTF_8);
          ByteBuffer b =
              ByteBuffer.allocate(4 + 8 + 8 + 4 + pump.length + 4 + 8 * row.values.length)
                  .putInt(row.partition)
                  .putLong(row.offset)
                  .putLong(row.windowStartMillis)
                  .putInt(pump.length)
                  .put(pump)
                  .putInt(row.values.length);
          return putValues(b, row.values).array();
        },
        (topic, b) -> {
          int partition = b.getInt();
          long offset = b.getLong();
          long start = b.getLong();
          byte[] pump = new byte[b.getInt()];
          b.get(pump);
          double[] values = readValues(b, b.getInt());
          return new FeatureRow(
              values,
              partition,
              offset,
              start,
              pump.length == 0 ? null : new String(pump, StandardCharsets.UTF_8));
        });
  }

  /** Only the values, as the drift windows keep them: the rest is in the row's key and tally. */
  static Serde<double[]> valuesSerde() {
    return StoreSerde.of(
        "feature values",
        values -> putValues(ByteBuffer.allocate(8 * values.length), values).array(),
        (topic, b) -> readValues(b, b.remaining() / 8));
  }

  private static ByteBuffer putValues(ByteBuffer b, double[] values) {
    for (double v : values) {
      b.putDouble(v);
    }
    return b;
  }

  private static double[] readValues(ByteBuffer b, int count) {
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      values[i] = b.getDouble();
    }
    return values;
  }
}
